// `station pickup add|collect|cancel|fail|list`: courier pickups and parcels (快递揽收/代收).
#include <iostream>

#include <boost/json.hpp>

#include "../input/fields.hpp"
#include "../input/problems.hpp"
#include "cli_common.hpp"
#include "cunzhan/shared/brands.hpp"
#include "cunzhan/shared/entity_json.hpp"

namespace cunzhan::station_client::cli {
namespace {

constexpr std::string_view k_help = R"(station pickup — courier pickups / 快递揽收与代收
Subcommands: add collect cancel fail list (each has --help)
Example / 示例:
  station pickup add --brand ZTO --parcels 3 --due "2026-11-21 17:00"
)";
constexpr std::string_view k_add_help = R"(station pickup add — request a pickup / 登记揽收
Options:
  --brand CODE         courier brand: EMS YZPY SF ZTO YTO STO YD JD JTSD DBL HTKY or 中通 … (快递品牌), required
  --direction D        outbound (寄出, default) or inbound (代收)
  --parcels N          number of parcels (件数, default 1)   --weight KG  total weight
  --listing ID         the listing these parcels carry       --tracking NO  tracking number
  --requested-at TIME  default now                           --due TIME  collect by (应揽收时间)
  --note TEXT          --villager ID|NAME  for a registered villager (代收代发 service)
TIME is YYYY-MM-DD HH:MM (Beijing time) or RFC 3339.
Example / 示例:
  station pickup add --brand ZTO --parcels 3 --due "2026-11-21 17:00"
)";
constexpr std::string_view k_collect_help =
    R"(station pickup collect ID [--at TIME] [--tracking NO] — the courier took it / 已揽收
Example / 示例:
  station pickup collect 0190a1b2-... --tracking ZT123456789
)";
constexpr std::string_view k_cancel_help = R"(station pickup cancel ID — cancel / 取消
Example / 示例:
  station pickup cancel 0190a1b2-...
)";
constexpr std::string_view k_fail_help =
    R"(station pickup fail ID --reason TEXT — the courier did not come / 揽收失败
Example / 示例:
  station pickup fail 0190a1b2-... --reason 快递员未到
)";
constexpr std::string_view k_list_help =
    R"(station pickup list [--status S] [--brand CODE] [--limit N] [--json] — list / 列表
Example / 示例:
  station pickup list --status requested
)";

int print_pickup(const context& c, const pickup& p, std::string_view en, std::string_view zh) {
  if (c.json)
    print_json(c, to_json(p));
  else
    *c.out << c.t(zh, en) << p.id << '\n';
  return exit_ok;
}

// A brand typed as code or name, through the store's registry (built-in plus pulled).
std::string brand_code(store& s, const std::string& text) {
  return canonical_brand(brands_of(s.meta().validation()), text);
}

int add(const context& c, const std::vector<std::string>& t) {
  return with_store(c, t, k_add_help,
                    {"--brand", "--direction", "--parcels", "--weight", "--listing", "--tracking",
                     "--requested-at", "--due", "--note", "--villager"},
                    0, [&](store& s, const args& a) {
                      pickup p;
                      std::vector<field_error> errs;
                      if (auto v = a.get("--brand")) p.brand = brand_code(s, *v);
                      if (auto v = a.get("--direction")) {
                        if (auto d = parse_direction_text(*v))
                          p.direction = *d;
                        else
                          errs.push_back({"direction", errc::invalid_field, "must be outbound or inbound",
                                          "只能是 outbound（寄出）或 inbound（代收）"});
                      }
                      if (auto v = a.get("--parcels")) {
                        if (auto n = parse_integer(*v))
                          p.parcels = *n;
                        else
                          errs.push_back(as_field_error("parcels", n.err()));
                      }
                      if (auto v = a.get("--weight")) {
                        if (auto w = parse_decimal(*v))
                          p.weight_kg = *w;
                        else
                          errs.push_back(as_field_error("weight_kg", w.err()));
                      }
                      if (auto v = a.get("--requested-at")) {
                        if (auto tm = parse_time(*v))
                          p.requested_at = *tm;
                        else
                          errs.push_back(as_field_error("requested_at", tm.err()));
                      }
                      if (auto v = a.get("--due")) {
                        if (auto tm = parse_time(*v))
                          p.due_at = *tm;
                        else
                          errs.push_back(as_field_error("due_at", tm.err()));
                      }
                      if (auto v = a.get("--listing")) p.listing_id = *v;
                      if (auto v = a.get("--tracking")) p.tracking_no = *v;
                      if (auto v = a.get("--note")) p.note = *v;
                      read_villager(s, a, false, p.villager_id, errs);
                      if (auto st = all_problems(s, p, std::move(errs)); !st) return report(c, st.err());
                      auto r = s.pickups().add(std::move(p));
                      if (!r) return report(c, r.err());
                      return print_pickup(c, *r, "pickup added: ", "已登记揽收：");
                    });
}

int collect(const context& c, const std::vector<std::string>& t) {
  return with_store(c, t, k_collect_help, {"--at", "--tracking"}, 1, [&](store& s, const args& a) {
    sys_seconds at = s.clock().now();
    if (auto v = a.get("--at")) {
      auto tm = parse_time(*v);
      if (!tm) return report(c, to_status({as_field_error("at", tm.err())}).err());
      at = *tm;
    }
    const std::string* tracking = a.get("--tracking");
    auto r = s.pickups().collect(a.positional[0], at, tracking ? *tracking : std::string());
    if (!r) return report(c, r.err());
    return print_pickup(c, *r, "pickup collected: ", "已揽收：");
  });
}

int cancel(const context& c, const std::vector<std::string>& t) {
  return with_store(c, t, k_cancel_help, {}, 1, [&](store& s, const args& a) {
    auto r = s.pickups().cancel(a.positional[0]);
    if (!r) return report(c, r.err());
    return print_pickup(c, *r, "pickup cancelled: ", "已取消：");
  });
}

int fail(const context& c, const std::vector<std::string>& t) {
  return with_store(c, t, k_fail_help, {"--reason"}, 1, [&](store& s, const args& a) {
    const std::string* reason = a.get("--reason");
    if (!reason || reason->empty()) {
      return report(c, to_status({{"failure_reason", errc::invalid_field, "--reason is required",
                                   "必须填写 --reason（失败原因）"}})
                           .err());
    }
    auto r = s.pickups().fail(a.positional[0], *reason);
    if (!r) return report(c, r.err());
    return print_pickup(c, *r, "pickup marked failed: ", "已标记揽收失败：");
  });
}

int list(const context& c, const std::vector<std::string>& t) {
  return with_store(c, t, k_list_help, {"--status", "--brand", "--limit"}, 0, [&](store& s, const args& a) {
    pickup_filter f;
    if (auto v = a.get("--status")) {
      f.status = parse_pickup_status_text(*v);
      if (!f.status) return usage_error(c, "unknown status " + *v, "未知状态 " + *v);
    }
    if (auto v = a.get("--brand")) f.brand = brand_code(s, *v);
    if (auto bad = read_limit(c, a, f.limit)) return *bad;
    auto r = s.pickups().list(f);
    if (!r) return report(c, r.err());
    if (c.json) {
      print_json_rows(c, *r, [](const auto& p) { return to_json(p); });
      return report_damaged(c, s, exit_ok);
    }
    for (const auto& p : *r) {
      *c.out << p.id << '\t' << (c.zh() ? label_zh(p.status) : to_string(p.status)) << '\t' << p.brand << '\t'
             << to_string(p.direction) << '\t' << p.parcels << '\t'
             << (p.due_at ? format_instant(*p.due_at) : std::string("-")) << '\n';
    }
    *c.out << c.t("揽收记录数：", "pickups: ") << r->size() << '\n';
    return report_damaged(c, s, exit_ok);
  });
}

}  // namespace

int cmd_pickup(const context& c, const std::vector<std::string>& tokens) {
  return dispatch(c, tokens, k_help,
                  {{"add", add}, {"collect", collect}, {"cancel", cancel}, {"fail", fail}, {"list", list}});
}

}  // namespace cunzhan::station_client::cli
