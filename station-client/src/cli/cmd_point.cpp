// `station point add|update|close|list`: courier points serving villages (快递服务点).
#include <iostream>

#include <boost/json.hpp>

#include "../input/fields.hpp"
#include "../input/problems.hpp"
#include "cli_common.hpp"
#include "cunzhan/shared/brands.hpp"
#include "cunzhan/shared/entity_json.hpp"
#include "cunzhan/shared/text.hpp"

namespace cunzhan::station_client::cli {
namespace {

constexpr std::string_view k_help = R"(station point — courier points / 快递服务点
Subcommands: add update close list (each has --help)
Example / 示例:
  station point add --name 村口驿站 --brands ZTO,YTO --kind village_fixed --days 6
)";
constexpr std::string_view k_add_help = R"(station point add — record a courier point / 登记快递服务点
Options:
  --name NAME        name (名称), required
  --brands LIST      brand codes separated by commas, e.g. ZTO,YTO,EMS (快递品牌)
  --kind K           village_fixed (驻村设点), served_village (服务到村), township_outlet (乡镇网点);
                     the Chinese name works too
  --village CODE     where it is (default: this station's village)
  --serves LIST      village codes it also serves, comma separated (服务村)
  --days N           delivery days per week, 1–7 (每周服务天数)
  --filing NO        filing receipt number (备案号)   --opened YYYY-MM-DD (default today)   --note TEXT
Example / 示例:
  station point add --name 村口驿站 --brands ZTO,YTO --kind village_fixed --days 6
)";
constexpr std::string_view k_update_help = R"(station point update ID [options of add] — change a point / 修改
Example / 示例:
  station point update 0190a1b2-... --days 7 --brands ZTO,YTO,EMS
)";
constexpr std::string_view k_close_help =
    R"(station point close ID [--on YYYY-MM-DD] — stopped serving / 停止服务
Example / 示例:
  station point close 0190a1b2-... --on 2026-12-31
)";
constexpr std::string_view k_list_help = R"(station point list [--open] [--limit N] [--json] — list / 列表
Example / 示例:
  station point list --open
)";

const std::vector<std::string_view> k_fields = {"--name", "--brands", "--kind",   "--village", "--serves",
                                                "--days", "--filing", "--opened", "--note"};

std::vector<std::string> list_of(const std::string& s) {
  std::vector<std::string> out;
  for (const auto& p : split(s, ',')) {
    if (auto t = trim(p); !t.empty()) out.emplace_back(t);
  }
  return out;
}

// Applies the given options; brand names resolve through the store's registry (built-in
// plus the county's, from the last pull).
std::vector<field_error> apply(store& s, const args& a, courier_point& c) {
  std::vector<field_error> errs;
  if (auto v = a.get("--name")) c.name = *v;
  if (auto v = a.get("--brands")) {
    const auto ctx = s.meta().validation();
    const brand_registry& reg = brands_of(ctx);
    c.brands.clear();
    for (const auto& b : list_of(*v)) c.brands.push_back(canonical_brand(reg, b));
  }
  if (auto v = a.get("--kind")) {
    if (auto k = parse_point_kind_text(*v))
      c.kind = *k;
    else
      errs.push_back(
          {"kind", errc::invalid_field,
           "must be village_fixed (驻村设点), served_village (服务到村) or township_outlet (乡镇网点)",
           "只能是 驻村设点（village_fixed）、服务到村（served_village）或 乡镇网点（township_outlet）"});
  }
  if (auto v = a.get("--village")) c.village_code = *v;
  if (auto v = a.get("--serves")) c.served_villages = list_of(*v);
  if (auto v = a.get("--days")) {
    if (auto n = parse_integer(*v))
      c.days_per_week = static_cast<int>(std::min<std::int64_t>(*n, 1000));
    else
      errs.push_back(as_field_error("days_per_week", n.err()));
  }
  if (auto v = a.get("--filing")) c.filing_no = *v;
  if (auto v = a.get("--opened")) {
    if (auto d = parse_day(*v))
      c.opened_on = *d;
    else
      errs.push_back(as_field_error("opened_on", d.err()));
  }
  if (auto v = a.get("--note")) c.note = *v;
  return errs;
}

int print_point(const context& c, const courier_point& p, std::string_view en, std::string_view zh) {
  if (c.json)
    print_json(c, to_json(p));
  else
    *c.out << c.t(zh, en) << p.id << '\n';
  return exit_ok;
}

int add(const context& c, const std::vector<std::string>& t) {
  return with_store(c, t, k_add_help, k_fields, 0, [&](store& s, const args& a) {
    courier_point p;
    auto errs = apply(s, a, p);
    // The defaults the store would fill go in before validation, so a real problem is not
    // reported together with a spurious "opened_on is required".
    if (p.village_code.empty()) {
      auto e = s.meta().enrolment_info();
      if (!e) return report(c, e.err());
      p.village_code = e->village_code;
    }
    if (!p.opened_on && !a.get("--opened")) p.opened_on = s.clock().today();
    if (auto st = all_problems(s, p, std::move(errs)); !st) return report(c, st.err());
    auto r = s.points().add(std::move(p));
    if (!r) return report(c, r.err());
    return print_point(c, *r, "courier point added: ", "已登记快递服务点：");
  });
}

int update(const context& c, const std::vector<std::string>& t) {
  return with_store(c, t, k_update_help, k_fields, 1, [&](store& s, const args& a) {
    auto r = s.points().update(
        a.positional[0], [&](courier_point& p) -> status { return all_problems(s, p, apply(s, a, p)); });
    if (!r) return report(c, r.err());
    return print_point(c, *r, "courier point updated: ", "已修改快递服务点：");
  });
}

int close(const context& c, const std::vector<std::string>& t) {
  return with_store(c, t, k_close_help, {"--on"}, 1, [&](store& s, const args& a) {
    date on = s.clock().today();
    if (auto v = a.get("--on")) {
      auto d = parse_day(*v);
      if (!d) return report(c, to_status({as_field_error("closed_on", d.err())}).err());
      on = *d;
    }
    auto r = s.points().close(a.positional[0], on);
    if (!r) return report(c, r.err());
    return print_point(c, *r, "courier point closed: ", "快递服务点已停止服务：");
  });
}

int list(const context& c, const std::vector<std::string>& t) {
  return with_store(c, t, k_list_help, {"--limit"}, 0,
                    [&](store& s, const args& a) {
                      point_filter f;
                      f.include_closed = !a.flags.count("--open");
                      if (auto bad = read_limit(c, a, f.limit)) return *bad;
                      auto r = s.points().list(f);
                      if (!r) return report(c, r.err());
                      if (c.json) {
                        print_json_rows(c, *r, [](const auto& p) { return to_json(p); });
                        return report_damaged(c, s, exit_ok);
                      }
                      for (const auto& p : *r) {
                        *c.out << p.id << '\t' << p.name << '\t'
                               << (c.zh() ? label_zh(p.kind) : to_string(p.kind)) << '\t'
                               << join(p.brands, ",") << '\t' << p.days_per_week << '\t' << p.village_code
                               << (p.closed_on ? "\t" + format_date(*p.closed_on) : std::string()) << '\n';
                      }
                      *c.out << c.t("快递服务点数：", "courier points: ") << r->size() << '\n';
                      return report_damaged(c, s, exit_ok);
                    },
                    {"--open"});
}

}  // namespace

int cmd_point(const context& c, const std::vector<std::string>& tokens) {
  return dispatch(c, tokens, k_help, {{"add", add}, {"update", update}, {"close", close}, {"list", list}});
}

}  // namespace cunzhan::station_client::cli
