// Column tables for CSV import/export (see csv_columns.hpp). Amounts are in yuan with two
// decimals, dates YYYY-MM-DD, times "YYYY-MM-DDTHH:MM:SS+08:00"; lists use ";".
#include "csv_columns.hpp"

#include <algorithm>

#include "cunzhan/shared/text.hpp"
#include "fields.hpp"

namespace cunzhan::station_client {
namespace {

using ferr = std::optional<field_error>;

template <class V>
ferr assign(const char* field, result<V> r, V& out) {
  if (!r) return as_field_error(field, r.err());
  out = std::move(*r);
  return std::nullopt;
}
template <class V>
ferr assign_opt(const char* field, result<V> r, std::optional<V>& out) {
  if (!r) return as_field_error(field, r.err());
  out = std::move(*r);
  return std::nullopt;
}

ferr bad_value(const char* field, std::string_view v, std::string_view what_en, std::string_view what_zh) {
  field_error f;
  f.field = field;
  f.code = errc::invalid_field;
  f.message_en = "not a valid " + std::string(what_en) + ": " + std::string(v);
  f.message_zh = "无效的" + std::string(what_zh) + "：" + std::string(v);
  return f;
}

std::string opt_date(const std::optional<date>& d) { return d ? format_date(*d) : std::string(); }
std::string opt_time(const std::optional<sys_seconds>& t) { return t ? format_instant(*t) : std::string(); }

// Lists in one cell: "ZTO;YTO" (also accepts 、 ， and , as typed by hand).
std::vector<std::string> split_list(std::string_view s) {
  std::string norm(s);
  for (std::string_view sep : {"、", "，", ","}) {
    for (std::size_t p; (p = norm.find(sep)) != std::string::npos;) norm.replace(p, sep.size(), ";");
  }
  std::vector<std::string> out;
  for (const auto& part : split(norm, ';')) {
    if (auto t = trim(part); !t.empty()) out.emplace_back(t);
  }
  return out;
}

}  // namespace

const std::vector<csv_column<listing>>& listing_columns() {
  static const std::vector<csv_column<listing>> cols = {
      {"id", "编号", [](const listing& l) { return l.id; },
       [](listing& l, std::string_view v) -> ferr {
         l.id = v;
         return std::nullopt;
       }},
      {"product_name", "产品名称", [](const listing& l) { return l.product_name; },
       [](listing& l, std::string_view v) -> ferr {
         l.product_name = v;
         return std::nullopt;
       },
       "产品|产品名|品名|商品名称"},
      {"category", "品类", [](const listing& l) { return l.category; },
       [](listing& l, std::string_view v) -> ferr {
         l.category = canonical_category(v).value_or(std::string(v));
         return std::nullopt;
       },
       "类别|产品类别"},
      {"quantity", "数量", [](const listing& l) { return format_decimal(l.quantity); },
       [](listing& l, std::string_view v) { return assign("quantity", parse_decimal(v), l.quantity); }},
      {"unit", "单位", [](const listing& l) { return l.unit; },
       [](listing& l, std::string_view v) -> ferr {
         l.unit = canonical_unit(v).value_or(std::string(v));
         return std::nullopt;
       },
       "计量单位"},
      {"price_yuan", "单价(元)", [](const listing& l) { return format_yuan(l.price_fen); },
       [](listing& l, std::string_view v) { return assign("price_yuan", parse_yuan(v), l.price_fen); },
       "单价|价格|单价元|price"},
      {"harvest_date", "采收日期", [](const listing& l) { return opt_date(l.harvest_date); },
       [](listing& l, std::string_view v) {
         return assign_opt("harvest_date", parse_day(v), l.harvest_date);
       },
       "采收时间"},
      {"village_code", "村代码", [](const listing& l) { return l.village_code; },
       [](listing& l, std::string_view v) -> ferr {
         l.village_code = v;
         return std::nullopt;
       },
       "村编码|区划代码"},
      {"farmer_name", "农户", [](const listing& l) { return l.farmer_name; },
       [](listing& l, std::string_view v) -> ferr {
         l.farmer_name = v;
         return std::nullopt;
       },
       "农户姓名|姓名|farmer"},
      {"farmer_phone", "电话", [](const listing& l) { return l.farmer_phone; },
       [](listing& l, std::string_view v) -> ferr {
         l.farmer_phone = v;
         return std::nullopt;
       },
       "农户电话|联系电话|手机|手机号|phone"},
      {"status", "状态", [](const listing& l) { return std::string(to_string(l.status)); },
       [](listing& l, std::string_view v) -> ferr {
         if (auto s = parse_listing_status_text(v)) {
           l.status = *s;
           return std::nullopt;
         }
         return bad_value("status", v, "listing status", "产品状态");
       }},
      {"sold_quantity", "售出数量",
       [](const listing& l) { return l.sold_quantity ? format_decimal(l.sold_quantity) : std::string(); },
       [](listing& l, std::string_view v) {
         return assign("sold_quantity", parse_decimal(v), l.sold_quantity);
       },
       "成交数量"},
      {"sold_amount_yuan", "售出金额(元)",
       [](const listing& l) {
         return l.status == listing_status::sold ? format_yuan(l.sold_amount_fen) : std::string();
       },
       [](listing& l, std::string_view v) {
         return assign("sold_amount_yuan", parse_yuan(v), l.sold_amount_fen);
       },
       "售出金额|成交金额|成交金额(元)"},
      {"sold_at", "售出时间", [](const listing& l) { return opt_time(l.sold_at); },
       [](listing& l, std::string_view v) { return assign_opt("sold_at", parse_time(v), l.sold_at); },
       "成交时间"},
      {"sales_channel", "销售渠道", [](const listing& l) { return l.sales_channel; },
       [](listing& l, std::string_view v) -> ferr {
         l.sales_channel = v;
         return std::nullopt;
       },
       "渠道"},
      {"note", "备注", [](const listing& l) { return l.note; },
       [](listing& l, std::string_view v) -> ferr {
         l.note = v;
         return std::nullopt;
       }},
      {"created_at", "登记时间", [](const listing& l) { return opt_time(l.created_at); },
       [](listing& l, std::string_view v) { return assign_opt("created_at", parse_time(v), l.created_at); },
       "创建时间"},
      // Empty for a household (the default), so older sheets and exports read the same.
      {"seller_kind", "销售主体",
       [](const listing& l) {
         return l.seller == seller_kind::household ? std::string() : std::string(to_string(l.seller));
       },
       [](listing& l, std::string_view v) -> ferr {
         if (auto k = parse_seller_kind_text(v)) {
           l.seller = *k;
           return std::nullopt;
         }
         return bad_value("seller_kind", v, "seller kind (household, cooperative, enterprise)",
                          "销售主体（农户、合作社、企业）");
       },
       "主体类型"},
      {"seller_name", "合作社或企业名称", [](const listing& l) { return l.seller_name; },
       [](listing& l, std::string_view v) -> ferr {
         l.seller_name = v;
         return std::nullopt;
       },
       "合作社名称|企业名称"},
      {"villager_id", "村民编号", [](const listing& l) { return l.villager_id; },
       [](listing& l, std::string_view v) -> ferr {
         l.villager_id = v;
         return std::nullopt;
       }},
  };
  return cols;
}

const std::vector<csv_column<pickup>>& pickup_columns() {
  static const std::vector<csv_column<pickup>> cols = {
      {"id", "编号", [](const pickup& p) { return p.id; },
       [](pickup& p, std::string_view v) -> ferr {
         p.id = v;
         return std::nullopt;
       }},
      {"brand", "快递品牌", [](const pickup& p) { return p.brand; },
       [](pickup& p, std::string_view v) -> ferr {
         p.brand = trim(v);
         return std::nullopt;
       },
       "品牌|快递公司|快递"},
      {"direction", "方向", [](const pickup& p) { return std::string(to_string(p.direction)); },
       [](pickup& p, std::string_view v) -> ferr {
         if (auto d = parse_direction_text(v)) {
           p.direction = *d;
           return std::nullopt;
         }
         return bad_value("direction", v, "direction (outbound/inbound)", "方向（outbound/inbound）");
       }},
      {"parcels", "件数", [](const pickup& p) { return std::to_string(p.parcels); },
       [](pickup& p, std::string_view v) { return assign("parcels", parse_integer(v), p.parcels); }},
      {"weight_kg", "重量(kg)",
       [](const pickup& p) { return p.weight_kg ? format_decimal(*p.weight_kg) : std::string(); },
       [](pickup& p, std::string_view v) { return assign_opt("weight_kg", parse_decimal(v), p.weight_kg); },
       "重量|重量(公斤)"},
      {"listing_id", "关联产品编号", [](const pickup& p) { return p.listing_id; },
       [](pickup& p, std::string_view v) -> ferr {
         p.listing_id = v;
         return std::nullopt;
       }},
      {"requested_at", "预约时间", [](const pickup& p) { return opt_time(p.requested_at); },
       [](pickup& p, std::string_view v) {
         return assign_opt("requested_at", parse_time(v), p.requested_at);
       }},
      {"due_at", "应揽收时间", [](const pickup& p) { return opt_time(p.due_at); },
       [](pickup& p, std::string_view v) { return assign_opt("due_at", parse_time(v), p.due_at); },
       "截止时间"},
      {"picked_up_at", "揽收时间", [](const pickup& p) { return opt_time(p.picked_up_at); },
       [](pickup& p, std::string_view v) {
         return assign_opt("picked_up_at", parse_time(v), p.picked_up_at);
       }},
      {"status", "状态", [](const pickup& p) { return std::string(to_string(p.status)); },
       [](pickup& p, std::string_view v) -> ferr {
         if (auto s = parse_pickup_status_text(v)) {
           p.status = *s;
           return std::nullopt;
         }
         return bad_value("status", v, "pickup status", "揽收状态");
       }},
      {"tracking_no", "运单号", [](const pickup& p) { return p.tracking_no; },
       [](pickup& p, std::string_view v) -> ferr {
         p.tracking_no = v;
         return std::nullopt;
       },
       "快递单号|单号"},
      {"failure_reason", "失败原因", [](const pickup& p) { return p.failure_reason; },
       [](pickup& p, std::string_view v) -> ferr {
         p.failure_reason = v;
         return std::nullopt;
       }},
      {"note", "备注", [](const pickup& p) { return p.note; },
       [](pickup& p, std::string_view v) -> ferr {
         p.note = v;
         return std::nullopt;
       }},
  };
  return cols;
}

const std::vector<csv_column<courier_point>>& point_columns() {
  static const std::vector<csv_column<courier_point>> cols = {
      {"id", "编号", [](const courier_point& c) { return c.id; },
       [](courier_point& c, std::string_view v) -> ferr {
         c.id = v;
         return std::nullopt;
       }},
      {"name", "名称", [](const courier_point& c) { return c.name; },
       [](courier_point& c, std::string_view v) -> ferr {
         c.name = v;
         return std::nullopt;
       },
       "服务点名称"},
      {"brands", "快递品牌", [](const courier_point& c) { return join(c.brands, ";"); },
       [](courier_point& c, std::string_view v) -> ferr {
         c.brands.clear();
         c.brands = split_list(v);
         return std::nullopt;
       },
       "品牌|快递公司"},
      {"kind", "类型", [](const courier_point& c) { return std::string(to_string(c.kind)); },
       [](courier_point& c, std::string_view v) -> ferr {
         if (auto k = parse_point_kind_text(v)) {
           c.kind = *k;
           return std::nullopt;
         }
         return bad_value("kind", v, "point kind", "服务点类型");
       },
       "服务点类型"},
      {"village_code", "所在村代码", [](const courier_point& c) { return c.village_code; },
       [](courier_point& c, std::string_view v) -> ferr {
         c.village_code = v;
         return std::nullopt;
       },
       "村代码"},
      {"served_villages", "服务村代码", [](const courier_point& c) { return join(c.served_villages, ";"); },
       [](courier_point& c, std::string_view v) -> ferr {
         c.served_villages = split_list(v);
         return std::nullopt;
       },
       "服务村"},
      {"days_per_week", "每周服务天数",
       [](const courier_point& c) { return std::to_string(c.days_per_week); },
       [](courier_point& c, std::string_view v) -> ferr {
         std::int64_t n = 0;
         if (auto e = assign("days_per_week", parse_integer(v), n)) return e;
         c.days_per_week = static_cast<int>(std::clamp<std::int64_t>(n, -1, 100));
         return std::nullopt;
       },
       "每周天数|服务天数"},
      {"filing_no", "备案号", [](const courier_point& c) { return c.filing_no; },
       [](courier_point& c, std::string_view v) -> ferr {
         c.filing_no = v;
         return std::nullopt;
       },
       "备案编号"},
      {"opened_on", "开始服务日期", [](const courier_point& c) { return opt_date(c.opened_on); },
       [](courier_point& c, std::string_view v) {
         return assign_opt("opened_on", parse_day(v), c.opened_on);
       },
       "开业日期"},
      {"closed_on", "停止服务日期", [](const courier_point& c) { return opt_date(c.closed_on); },
       [](courier_point& c, std::string_view v) {
         return assign_opt("closed_on", parse_day(v), c.closed_on);
       },
       "停业日期"},
      {"note", "备注", [](const courier_point& c) { return c.note; },
       [](courier_point& c, std::string_view v) -> ferr {
         c.note = v;
         return std::nullopt;
       }},
  };
  return cols;
}

const std::vector<csv_column<villager>>& villager_columns() {
  static const std::vector<csv_column<villager>> cols = {
      {"id", "编号", [](const villager& v) { return v.id; },
       [](villager& v, std::string_view s) -> ferr {
         v.id = s;
         return std::nullopt;
       }},
      {"name", "姓名", [](const villager& v) { return v.name; },
       [](villager& v, std::string_view s) -> ferr {
         v.name = s;
         return std::nullopt;
       },
       "村民姓名|户主|户主姓名"},
      {"phone", "电话", [](const villager& v) { return v.phone; },
       [](villager& v, std::string_view s) -> ferr {
         v.phone = s;
         return std::nullopt;
       },
       "手机|手机号|联系电话"},
      {"village_code", "村代码", [](const villager& v) { return v.village_code; },
       [](villager& v, std::string_view s) -> ferr {
         v.village_code = s;
         return std::nullopt;
       },
       "所在村代码|行政村代码"},
      {"household_size", "家庭人口", [](const villager& v) { return std::to_string(v.household_size); },
       [](villager& v, std::string_view s) -> ferr {
         std::int64_t n = 0;
         if (auto e = assign("household_size", parse_integer(s), n)) return e;
         v.household_size = static_cast<int>(std::clamp<std::int64_t>(n, -1, 1000));
         return std::nullopt;
       },
       "户人口|家庭人数|人口"},
      {"note", "备注", [](const villager& v) { return v.note; },
       [](villager& v, std::string_view s) -> ferr {
         v.note = s;
         return std::nullopt;
       }},
  };
  return cols;
}

}  // namespace cunzhan::station_client
