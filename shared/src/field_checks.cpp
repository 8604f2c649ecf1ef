// Field checks shared by the three entity validators, with their bilingual messages.
#include "field_checks.hpp"

#include <algorithm>
#include <array>
#include <cstdio>

#include "cunzhan/shared/division_code.hpp"
#include "cunzhan/shared/text.hpp"
#include "cunzhan/shared/uuid.hpp"

namespace cunzhan::detail {
namespace {

constexpr std::array<std::pair<std::string_view, std::string_view>, 57> k_labels{{
    {"id", "编号"},
    {"product_name", "产品名称"},
    {"category", "类别"},
    {"quantity", "数量"},
    {"unit", "单位"},
    {"price_fen", "单价"},
    {"harvest_date", "采收日期"},
    {"village_code", "村代码"},
    {"farmer_name", "农户姓名"},
    {"farmer_phone", "农户电话"},
    {"farmer_phone_masked", "农户电话（脱敏）"},
    {"status", "状态"},
    {"sold_quantity", "成交数量"},
    {"sold_amount_fen", "成交金额"},
    {"sold_at", "成交时间"},
    {"sales_channel", "销售渠道"},
    {"note", "备注"},
    {"created_at", "创建时间"},
    {"updated_at", "更新时间"},
    {"brand", "快递品牌"},
    {"direction", "方向"},
    {"parcels", "件数"},
    {"weight_kg", "重量（公斤）"},
    {"listing_id", "关联产品编号"},
    {"requested_at", "预约时间"},
    {"due_at", "截止时间"},
    {"picked_up_at", "揽收时间"},
    {"tracking_no", "运单号"},
    {"failure_reason", "失败原因"},
    {"name", "名称"},
    {"brands", "快递品牌"},
    {"kind", "类型"},
    {"served_villages", "服务村"},
    {"days_per_week", "每周服务天数"},
    {"filing_no", "备案编号"},
    {"opened_on", "开业日期"},
    {"closed_on", "停业日期"},
    {"officer", "负责人"},
    {"station", "服务站"},
    {"data", "数据"},
    {"seller_kind", "销售主体类型"},
    {"seller_name", "销售主体名称"},
    {"villager_id", "村民编号"},
    {"household_size", "家庭人口"},
    {"phone", "电话"},
    {"item_count", "件数"},
    {"amount_fen", "金额"},
    {"platform", "购物平台"},
    {"ordered_at", "下单时间"},
    {"arrived_at", "到站时间"},
    {"handed_over_at", "交付时间"},
    {"returned_at", "退货时间"},
    {"cancelled_at", "取消时间"},
    {"pickup_id", "关联快件编号"},
    {"served_on", "服务日期"},
    {"source_id", "来源记录编号"},
    {"id_number", "身份证号"},
}};

}  // namespace

std::string zh_label(std::string_view field) {
  std::string_view base = field;
  std::string suffix;
  if (const auto br = field.find('['); br != std::string_view::npos && field.back() == ']') {
    const std::string_view idx = field.substr(br + 1, field.size() - br - 2);
    std::size_t n = 0;
    bool digits = !idx.empty() && idx.size() < 10;
    for (char c : idx) {
      digits = digits && c >= '0' && c <= '9';
      n = n * 10 + static_cast<std::size_t>(c - '0');
    }
    if (digits) {
      base = field.substr(0, br);
      suffix = "（第" + std::to_string(n + 1) + "项）";  // officers count from one
    }
  }
  for (const auto& [name, zh] : k_labels)
    if (name == base) return std::string(zh) + suffix;
  return std::string(base) + suffix;
}

std::string en_label(std::string_view field) {
  std::string s(field);
  std::replace(s.begin(), s.end(), '_', ' ');
  return s;
}

void add_error(field_errors& out, std::string_view field, errc code, std::string_view en,
               std::string_view zh) {
  out.push_back(field_error{std::string(field), code, en_label(field) + " " + std::string(en),
                            zh_label(field) + std::string(zh)});
}

void check_text(field_errors& out, std::string_view field, std::string_view v, std::size_t max, bool required,
                text_lines lines) {
  if (!is_valid_utf8(v)) {
    add_error(out, field, errc::invalid_utf8, "is not valid UTF-8", "不是有效的 UTF-8 文本");
    return;
  }
  if (const auto bad = find_control_char(v, lines == text_lines::several)) {
    // Named by code point and position: a NUL or an escape code is invisible on screen.
    char code[8];
    std::snprintf(code, sizeof code, "U+%04X", static_cast<unsigned>(static_cast<unsigned char>(v[*bad])));
    const std::string at = std::to_string(utf8_length(v.substr(0, *bad)) + 1);
    add_error(out, field, errc::invalid_field,
              std::string("contains a control character (") + code + ") at character " + at,
              std::string("第 ") + at + " 个字处含有控制字符（" + code + "）");
    return;
  }
  if (required && trim(v).empty()) {
    add_error(out, field, errc::invalid_field, "must not be empty", "不能为空");
    return;
  }
  if (utf8_length(v) > max) {
    const std::string n = std::to_string(max);
    add_error(out, field, errc::text_too_long, "is longer than " + n + " characters",
              "不能超过 " + n + " 个字");
  }
}

void check_uuid(field_errors& out, std::string_view field, std::string_view v, bool required) {
  if (v.empty() && !required) return;
  if (!is_uuid(v))
    add_error(out, field, errc::invalid_field, "must be a UUID (lower-case 8-4-4-4-12 hex)",
              "必须是 UUID（小写 8-4-4-4-12 格式）");
}

void check_division(field_errors& out, std::string_view field, std::string_view code, code_level level,
                    const validation_context& ctx) {
  const auto c = division_code::parse(code);
  if (!c) {
    add_error(out, field, errc::invalid_division_code, "must be a 12-digit division code",
              "必须是 12 位统计用区划代码");
    return;
  }
  const bool level_ok =
      c->is_village_level() || (level == code_level::township_or_village && c->is_township_level());
  if (!level_ok) {
    if (level == code_level::village)
      add_error(out, field, errc::invalid_division_code, "must be a village-level code",
                "必须是村级（居委会/村委会）代码");
    else
      add_error(out, field, errc::invalid_division_code, "must be a township- or village-level code",
                "必须是乡镇级或村级代码");
    return;
  }
  if (!ctx.county_code.empty() && c->county() != ctx.county_code) {
    add_error(out, field, errc::unknown_division, "is not in county " + ctx.county_code,
              "不在本县（" + ctx.county_code + "）范围内");
    return;
  }
  const auto* known = ctx.known_villages;
  if (!known || known->empty()) return;  // offline before the first pull: shape only
  bool found;
  if (c->is_village_level()) {
    found = std::binary_search(known->begin(), known->end(), c->str());
  } else {
    // A township is known when some known village lies in it.
    const std::string_view prefix = c->township();
    const auto it = std::lower_bound(known->begin(), known->end(), prefix);
    found = it != known->end() && std::string_view(*it).starts_with(prefix);
  }
  if (!found)
    add_error(out, field, errc::unknown_division, "is not a known division of the county",
              "不是本县已登记的区划");
}

bool is_code_in(const std::vector<named_code>& table, std::string_view code) {
  return std::any_of(table.begin(), table.end(), [&](const named_code& c) { return c.code == code; });
}

bool is_known_brand_code(const validation_context& ctx, std::string_view code) {
  static const brand_registry builtin = brand_registry::builtin();
  const brand_registry& reg = ctx.brands ? *ctx.brands : builtin;
  const courier_brand* b = reg.find(code);
  return b && b->code == code;
}

void check_fen(field_errors& out, std::string_view field, std::int64_t fen) {
  if (fen < 0)
    add_error(out, field, errc::invalid_field, "must not be negative", "不能为负数");
  else if (fen > limits::max_price_fen)
    add_error(out, field, errc::invalid_field, "is too large (at most 100 million yuan)",
              "过大（不能超过 1 亿元）");
}

// The latest instant a record may carry: now plus the clock tolerance of this side.
sys_seconds latest_allowed(const validation_context& ctx) {
  const auto tol = ctx.hub_side ? std::max(ctx.future_tolerance, hub_future_tolerance) : ctx.future_tolerance;
  return ctx.now + tol;
}

void check_not_future(field_errors& out, std::string_view field, const std::optional<sys_seconds>& t,
                      const validation_context& ctx) {
  if (t && *t > latest_allowed(ctx))
    add_error(out, field, errc::invalid_date, "must not be in the future", "不能晚于当前时间");
}

}  // namespace cunzhan::detail
