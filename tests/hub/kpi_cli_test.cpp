// The KPI commands at a console: `hub station close|reopen` (the closing date that makes a
// station stop counting), `hub report` showing exactly the JSON API's figures with the
// same default period, and `hub targets set --kpi deadline_hour` moving the API's
// on-time rate.
#include <catch2/catch.hpp>

#include "cunzhan/hub/kpi.hpp"
#include "cunzhan/hub/report_source.hpp"
#include "cunzhan/shared/json_util.hpp"
#include "kpi_cli_fixture.hpp"

using namespace cunzhan;
using namespace cunzhan::hub;
using namespace cunzhan::hub::testing;

namespace {

const std::string &V1 = k_cli_village_1, &V2 = k_cli_village_2;

void county(kpi_db& d) {
  d.begin();
  two_village_county(d, "2026-10-01");
  d.point("P1", "village_fixed", V1, 5, "2026-01-01", "", {V2}, {"EMS", "ZTO", "YTO", "STO"});
  for (int n = 1; n <= 30; ++n) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "2026-11-%02d 21:00", n);
    d.session("S1", at(buf));  // ok = 1: a successful sync run
  }
  // S2's nightly report of 11-05 arrives 11-06 07:30: on time only with a deadline ≥ 8.
  d.session("S2", at("2026-11-06 07:30"));
  d.listing("L1", "S1", V1, "fruit", "sold", 2500, at("2026-11-02 10:00"), at("2026-11-01 10:00"));
  d.commit();
}

boost::json::value api_kpis(kpi_db& d, const std::string& token, std::map<std::string, std::string> query) {
  auto res = get_county_kpis(d, token, std::move(query));
  REQUIRE(res.status == 200);
  auto v = parse_json(res.body);
  REQUIRE(v);
  return *v;
}

std::string closed_on(kpi_db& d, const std::string& id) {
  auto db = d.store->reader();
  auto st = db->db().prepare("SELECT closed_on FROM station WHERE id = ?");
  st->bind(1, id);
  REQUIRE(*st->step());
  return st->column_is_null(0) ? "" : st->column_text(0);
}

kpi::county_report november(kpi_db& d) {
  kpi::options o;
  o.today = day("2026-12-10");
  auto r = report::compute(*d.backend, "510999", *kpi::parse_period("2026-11", {}, {}), o);
  REQUIRE(r);
  return *r;
}

const kpi::station_report& station_of(const kpi::county_report& r, const std::string& id) {
  for (const auto& s : r.stations_table) {
    if (s.id == id) return s;
  }
  throw std::runtime_error("no station " + id);
}

}  // namespace

TEST_CASE("hub station close: the station stops operating from that day, bad input changes nothing",
          "[kpi][cli][station]") {
  kpi_db d;
  county(d);
  const auto hub = test::hub_bin();
  auto ok = test::run({hub, "station", "close", "--data", d.data_dir(), "--id", "S1", "--on", "2026-11-10"});
  INFO(ok.out << ok.err);
  REQUIRE(ok.exit_code == 0);
  CHECK(closed_on(d, "S1") == "2026-11-10");
  auto r = november(d);
  CHECK_FALSE(station_of(r, "S1").operating);
  CHECK(station_of(r, "S1").act.online.denominator == 9);  // 11-01..11-09
  CHECK(station_of(r, "S1").act.online.numerator == 9);
  CHECK(r.cov.station.numerator == 1);  // only S2's village
  CHECK(r.stations_operating == 1);
  auto rep = test::run(
      {hub, "report", "--data", d.data_dir(), "--county", "510999", "--period", "2026-11", "--lang", "en"});
  CHECK(rep.out.find("Operating stations: 1,") != std::string::npos);

  for (const std::vector<std::string>& bad : std::vector<std::vector<std::string>>{
           {"close", "--id", "S1", "--on", "2026-02-30"},
           {"close", "--id", "S1", "--on", "tomorrow"},
           {"close", "--id", "S1", "--on", "2026-10-01"},  // its opening day: it would never have operated
           {"close", "--id", "S1", "--on", "2026-09-15"},
           {"close", "--id", "nope", "--on", "2026-11-20"},
           {"close", "--id", "S1"},
           {"reopen"},
           {"shut", "--id", "S1"}}) {
    std::vector<std::string> argv{hub, "station"};
    argv.insert(argv.end(), bad.begin(), bad.end());
    argv.insert(argv.end(), {"--data", d.data_dir()});
    auto b = test::run(argv);
    INFO(bad[0] << " " << (bad.size() > 4 ? bad[4] : "") << ": " << b.err);
    CHECK(b.exit_code == 2);
    CHECK(b.err.find("error: ") != std::string::npos);
    CHECK(b.err.find("错误：") != std::string::npos);
    CHECK(closed_on(d, "S1") == "2026-11-10");
  }

  auto reopen = test::run({hub, "station", "reopen", "--data", d.data_dir(), "--id", "S1"});
  REQUIRE(reopen.exit_code == 0);
  CHECK(closed_on(d, "S1").empty());
  CHECK(station_of(november(d), "S1").operating);
}

TEST_CASE("hub report prints the API's figures, with the API's default period", "[kpi][cli][report]") {
  kpi_db d;
  county(d);
  const auto token = add_staff(d);
  const auto hub = test::hub_bin();
  // Both defaults (no period): the same month.
  const auto api_default = api_kpis(d, token, {});
  auto plain = test::run({hub, "report", "--data", d.data_dir(), "--county", "510999", "--lang", "en"});
  REQUIRE(plain.exit_code == 0);
  const std::string label(api_default.at("period").at("label").as_string());
  CHECK(plain.out.find("period " + label + "\n") != std::string::npos);

  const auto check_same = [&](const boost::json::value& api, const std::string& out) {
    for (const auto& k : api.at("kpis").as_array()) {
      const std::string name(k.at("name_en").as_string());
      const auto& f = k.at("figure");
      // A count line shows its number, not numerator/denominator (KPIS.md "Targets").
      const bool count = k.at("kind").as_string() == "count";
      const std::string ratio =
          count ? (f.at("value").is_null() ? "—" : std::to_string(f.at("value").as_int64()))
                : std::to_string(f.at("numerator").as_int64()) + "/" +
                      std::to_string(f.at("denominator").as_int64());
      INFO(name << " " << ratio << "\n" << out);
      const auto at_line = out.find("\n" + name + " ");
      REQUIRE(at_line != std::string::npos);
      const auto line = out.substr(at_line + 1, out.find('\n', at_line + 1) - at_line - 1);
      CHECK(line.find(" " + ratio + " ") != std::string::npos);
    }
  };
  const std::map<std::string, std::string> nov{{"period", "2026-11"}};
  auto before = test::run(
      {hub, "report", "--data", d.data_dir(), "--county", "510999", "--period", "2026-11", "--lang", "en"});
  REQUIRE(before.exit_code == 0);
  const auto api_before = api_kpis(d, token, nov);
  check_same(api_before, before.out);

  // deadline_hour is the county's rule: the API's on-time rate and `hub report` both follow it.
  auto set = test::run({hub, "targets", "set", "--data", d.data_dir(), "--county", "510999", "--kpi",
                        "deadline_hour", "--value", "8"});
  REQUIRE(set.exit_code == 0);
  const auto api_after = api_kpis(d, token, nov);
  const auto on_time = [](const boost::json::value& v) {
    return v.at("activity").at("on_time_rate").at("numerator").as_int64();
  };
  CHECK(on_time(api_after) == on_time(api_before) + 1);  // S2's 07:30 report of 11-05
  CHECK(api_after.at("activity").at("on_time_rate").at("denominator") ==
        api_before.at("activity").at("on_time_rate").at("denominator"));
  auto after = test::run(
      {hub, "report", "--data", d.data_dir(), "--county", "510999", "--period", "2026-11", "--lang", "en"});
  check_same(api_after, after.out);
}
