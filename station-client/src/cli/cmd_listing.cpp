// `station listing add|update|sell|withdraw|list|show`: farm-product listings (农产品).
#include <iostream>

#include <boost/json.hpp>

#include "../input/csv_columns.hpp"
#include "../input/fields.hpp"
#include "../input/problems.hpp"
#include "cli_common.hpp"
#include "cunzhan/shared/entity_json.hpp"
#include "cunzhan/shared/validate.hpp"

namespace cunzhan::station_client::cli {
namespace {

constexpr std::string_view k_help = R"(station listing — farm-product listings / 农产品代卖登记
Subcommands:
  add       record a product a villager wants sold (登记)
  update    change a listing's details or status (修改)
  sell      mark it sold with quantity and amount (售出)
  withdraw  take it off sale (下架)
  list      list listings (列表)
  show      one listing in full (详情)
Each has --help.
Example / 示例:
  station listing add --product 红薯 --category vegetable --quantity 500 --unit 斤 --price 2.50
)";

constexpr std::string_view k_add_help = R"(station listing add — record a listing / 登记农产品
Options:
  --product NAME       product name (产品名称), required
  --category CODE      grain vegetable fruit livestock aquatic tea mushroom nut herb processed
                       handicraft other, or the Chinese name (品类)
  --quantity N         quantity (数量)          --unit U   kg 斤 吨 头 只 个 箱 袋 … (单位)
  --price YUAN         price per unit in yuan, at most 2 decimals (单价，元), required
  --harvest-date D     YYYY-MM-DD (采收日期)    --village CODE  12-digit code (default: this station's)
  --farmer NAME        farmer's name (stays on this PC) --phone PHONE  mobile (only a mask is sent)
  --status S           draft or listed (default listed)  --channel TEXT  sales channel  --note TEXT
  --seller-kind K      household 农户 (default), cooperative 合作社, enterprise 企业 (销售主体)
  --seller-name NAME   the cooperative's or enterprise's registered name (合作社/企业名称), required for those
  --villager ID|NAME   the household seller is a registered villager: records the 代卖 service
Example / 示例:
  station listing add --product 红薯 --category vegetable --quantity 500 --unit 斤 --price 2.50 --farmer 张三 --phone 13812345678
)";
constexpr std::string_view k_update_help =
    R"(station listing update ID [options of add] — change a listing / 修改
Only the options given change. --status moves along draft→listed→reserved→sold|withdrawn.
Example / 示例:
  station listing update 0190a1b2-... --price 3.00 --status reserved
)";
constexpr std::string_view k_sell_help =
    R"(station listing sell ID --quantity N --amount YUAN [--at TIME] [--channel TEXT] — mark sold / 售出
TIME is YYYY-MM-DD HH:MM (Beijing time) or RFC 3339; default now.
Example / 示例:
  station listing sell 0190a1b2-... --quantity 500 --amount 1250.00 --channel 拼多多
)";
constexpr std::string_view k_withdraw_help = R"(station listing withdraw ID — take off sale / 下架
Example / 示例:
  station listing withdraw 0190a1b2-...
)";
constexpr std::string_view k_list_help =
    R"(station listing list [--status S] [--village CODE] [--category C] [--limit N] [--json] — list / 列表
Example / 示例:
  station listing list --status listed --json
)";
constexpr std::string_view k_show_help = R"(station listing show ID [--json] — one listing / 详情
Example / 示例:
  station listing show 0190a1b2-... --json
)";

const std::vector<std::string_view> k_fields = {"--product",     "--category",     "--quantity", "--unit",
                                                "--price",       "--harvest-date", "--village",  "--farmer",
                                                "--phone",       "--status",       "--channel",  "--note",
                                                "--seller-kind", "--seller-name",  "--villager"};

// Applies the given options to l; every unreadable value is reported.
std::vector<field_error> apply(const args& a, listing& l) {
  std::vector<field_error> errs;
  auto text = [&](const char* opt, std::string& out) {
    if (auto v = a.get(opt)) out = *v;
  };
  text("--product", l.product_name);
  text("--village", l.village_code);
  text("--farmer", l.farmer_name);
  text("--phone", l.farmer_phone);
  text("--channel", l.sales_channel);
  text("--note", l.note);
  if (auto v = a.get("--category")) l.category = canonical_category(*v).value_or(*v);
  if (auto v = a.get("--unit")) l.unit = canonical_unit(*v).value_or(*v);
  if (auto v = a.get("--quantity")) {
    if (auto q = parse_decimal(*v))
      l.quantity = *q;
    else
      errs.push_back(as_field_error("quantity", q.err()));
  }
  if (auto v = a.get("--price")) {
    if (auto p = parse_yuan(*v))
      l.price_fen = *p;
    else
      errs.push_back(as_field_error("price", p.err()));
  }
  if (auto v = a.get("--harvest-date")) {
    if (auto d = parse_day(*v))
      l.harvest_date = *d;
    else
      errs.push_back(as_field_error("harvest_date", d.err()));
  }
  text("--seller-name", l.seller_name);
  if (auto v = a.get("--seller-kind")) {
    if (auto k = parse_seller_kind_text(*v))
      l.seller = *k;
    else
      errs.push_back({"seller_kind", errc::invalid_field,
                      "unknown seller kind " + *v + " (household cooperative enterprise)",
                      "未知销售主体 " + *v + "（农户 合作社 企业）"});
  }
  if (auto v = a.get("--status")) {
    if (auto s = parse_listing_status_text(*v)) {
      l.status = *s;
    } else {
      errs.push_back({"status", errc::invalid_field,
                      "unknown status " + *v + " (draft listed reserved sold withdrawn)",
                      "未知状态 " + *v + "（draft listed reserved sold withdrawn）"});
    }
  }
  return errs;
}

// A category code as its name in the chosen language ("vegetable" → 蔬菜).
std::string category_text(const context& c, const std::string& code) {
  for (const auto& n : listing_categories()) {
    if (n.code == code) return std::string(c.t(n.zh, n.en));
  }
  return code;
}

int print_listing(const context& c, const listing& l, std::string_view en, std::string_view zh) {
  if (c.json) {
    print_json(c, to_json(l, /*wire=*/false));
  } else {
    *c.out << c.t(zh, en) << l.id << '\n';
  }
  return exit_ok;
}

int add(const context& c, const std::vector<std::string>& t) {
  return with_store(c, t, k_add_help, k_fields, 0, [&](store& s, const args& a) {
    listing l;
    auto errs = apply(a, l);
    read_villager(s, a, false, l.villager_id, errs);
    // Required here, not defaulted: a price of 0 typed by nobody would go to the county's
    // sales figures as a real price.
    if (!a.get("--price")) {
      errs.push_back({"price", errc::invalid_field, "--price is required (yuan per unit, e.g. 2.50)",
                      "必须填写 --price（单价，元，例如 2.50）"});
    }
    if (l.village_code.empty()) {
      auto e = s.meta().enrolment_info();
      if (!e) return report(c, e.err());
      l.village_code = e->village_code;
    }
    if (auto st = all_problems(s, l, std::move(errs)); !st) return report(c, st.err());
    auto r = s.listings().add(std::move(l));
    if (!r) return report(c, r.err());
    return print_listing(c, *r, "listing added: ", "已登记产品：");
  });
}

int update(const context& c, const std::vector<std::string>& t) {
  return with_store(c, t, k_update_help, k_fields, 1, [&](store& s, const args& a) {
    auto r = s.listings().update(a.positional[0], [&](listing& l) -> status {
      auto errs = apply(a, l);
      read_villager(s, a, false, l.villager_id, errs);
      return all_problems(s, l, std::move(errs));
    });
    if (!r) return report(c, r.err());
    return print_listing(c, *r, "listing updated: ", "已修改产品：");
  });
}

int sell(const context& c, const std::vector<std::string>& t) {
  return with_store(
      c, t, k_sell_help, {"--quantity", "--amount", "--at", "--channel"}, 1, [&](store& s, const args& a) {
        std::vector<field_error> errs;
        double qty = 0;
        std::int64_t fen = 0;
        sys_seconds at = s.clock().now();
        if (auto v = a.get("--quantity")) {
          if (auto q = parse_decimal(*v))
            qty = *q;
          else
            errs.push_back(as_field_error("quantity", q.err()));
        } else {
          errs.push_back(
              {"quantity", errc::invalid_field, "--quantity is required", "必须填写 --quantity（售出数量）"});
        }
        if (auto v = a.get("--amount")) {
          if (auto p = parse_yuan(*v))
            fen = *p;
          else
            errs.push_back(as_field_error("amount", p.err()));
        } else {
          errs.push_back(
              {"amount", errc::invalid_field, "--amount is required", "必须填写 --amount（售出金额，元）"});
        }
        if (auto v = a.get("--at")) {
          if (auto tm = parse_time(*v))
            at = *tm;
          else
            errs.push_back(as_field_error("at", tm.err()));
        }
        if (!errs.empty()) return report(c, to_status(std::move(errs)).err());
        const std::string* channel = a.get("--channel");
        auto r = s.listings().sell(a.positional[0], qty, fen, at, channel ? *channel : std::string());
        if (!r) return report(c, r.err());
        return print_listing(c, *r, "listing sold: ", "已售出：");
      });
}

int withdraw(const context& c, const std::vector<std::string>& t) {
  return with_store(c, t, k_withdraw_help, {}, 1, [&](store& s, const args& a) {
    auto r = s.listings().withdraw(a.positional[0]);
    if (!r) return report(c, r.err());
    return print_listing(c, *r, "listing withdrawn: ", "已下架：");
  });
}

int list(const context& c, const std::vector<std::string>& t) {
  return with_store(c, t, k_list_help, {"--status", "--village", "--category", "--limit"}, 0,
                    [&](store& s, const args& a) {
                      listing_filter f;
                      if (auto v = a.get("--status")) {
                        f.status = parse_listing_status_text(*v);
                        if (!f.status) return usage_error(c, "unknown status " + *v, "未知状态 " + *v);
                      }
                      if (auto v = a.get("--village")) f.village_code = *v;
                      if (auto v = a.get("--category")) f.category = canonical_category(*v).value_or(*v);
                      if (auto bad = read_limit(c, a, f.limit)) return *bad;
                      auto r = s.listings().list(f);
                      if (!r) return report(c, r.err());
                      if (c.json) {
                        print_json_rows(c, *r, [](const auto& l) { return to_json(l, false); });
                        return report_damaged(c, s, exit_ok);
                      }
                      for (const auto& l : *r) {
                        *c.out << l.id << '\t' << (c.zh() ? label_zh(l.status) : to_string(l.status)) << '\t'
                               << l.product_name << '\t' << format_decimal(l.quantity) << ' ' << l.unit
                               << '\t' << format_yuan(l.price_fen) << '\t' << l.village_code << '\n';
                      }
                      *c.out << c.t("产品数：", "listings: ") << r->size() << '\n';
                      return report_damaged(c, s, exit_ok);
                    });
}

int show(const context& c, const std::vector<std::string>& t) {
  return with_store(c, t, k_show_help, {}, 1, [&](store& s, const args& a) {
    auto r = s.listings().get(a.positional[0]);
    if (!r) return report(c, r.err());
    if (c.json) {
      print_json(c, to_json(*r, false));
      return exit_ok;
    }
    // The CSV columns print every field as an officer reads it (yuan, dates, 500 not 5E2),
    // under the header of the chosen language.
    for (const auto& col : listing_columns()) {
      std::string v = col.get(*r);
      if (col.en == "category") v = category_text(c, v);
      if (col.en == "status") v = c.zh() ? std::string(label_zh(r->status)) : v;
      if (!v.empty()) *c.out << (c.zh() ? col.zh : col.en) << (c.zh() ? "：" : ": ") << v << '\n';
    }
    return exit_ok;
  });
}

}  // namespace

int cmd_listing(const context& c, const std::vector<std::string>& tokens) {
  return dispatch(c, tokens, k_help,
                  {{"add", add},
                   {"update", update},
                   {"sell", sell},
                   {"withdraw", withdraw},
                   {"list", list},
                   {"show", show}});
}

}  // namespace cunzhan::station_client::cli
