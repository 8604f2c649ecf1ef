// Targets (defaults, per-county overrides, pass/fail, `hub targets set`) and the nightly
// job (rollups that the trend reads, integrity check, dated backups pruned to --keep).
#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>

#include "cunzhan/hub/kpi_nightly.hpp"
#include "cunzhan/hub/kpi_rollup.hpp"
#include "cunzhan/hub/kpi_targets.hpp"
#include "cunzhan/hub/report_source.hpp"
#include "cunzhan/hub/villager_kpi.hpp"
#include "kpi_fixture.hpp"

using namespace cunzhan;
using namespace cunzhan::hub;
using namespace cunzhan::hub::testing;

namespace {

const std::string V1 = "510999100201", V2 = "510999100202";

void small_county(kpi_db& d) {
  d.begin();
  d.township("510999100", "一镇");
  d.village(V1, "一村");
  d.village(V2, "二村");
  d.station("S1", V1, "2026-10-01");
  d.station("S2", V2, "2026-11-02");
  d.point("P1", "village_fixed", V1, 5, "2026-01-01", "", {V2}, {"EMS", "ZTO", "YTO", "STO"});
  d.session("S1", at("2026-11-01 21:00"));
  d.session("S1", at("2026-11-03 01:00"));  // the 2nd's report, next morning
  d.session("S2", at("2026-11-03 22:00"));
  d.listing("L1", "S1", V1, "fruit", "sold", 2500, at("2026-11-02 10:00"), at("2026-11-01 10:00"));
  d.commit();
}

}  // namespace

TEST_CASE("kpi targets: defaults, overrides and pass/fail", "[kpi][targets]") {
  kpi_db d;
  small_county(d);
  auto t = report::load_targets(*d.backend, "510999");
  REQUIRE(t);
  CHECK(t->at("station_coverage") == Approx(0.8));
  CHECK(t->at("township_courier_coverage") == Approx(1.0));
  CHECK(t->at("village_courier_coverage") == Approx(0.95));
  CHECK(t->at("delivery_3_days") == Approx(1.0));
  CHECK(t->at("delivery_5_days") == Approx(0.4));
  CHECK(t->at("fixed_point_rate") == Approx(0.75));
  CHECK(t->at("online_rate") == Approx(0.95));
  CHECK(kpi::deadline_hour(*t) == 6);

  REQUIRE(report::set_target(*d.backend, "510999", "fixed_point_rate", 0.5, 1));
  REQUIRE(report::set_target(*d.backend, "510999", "deadline_hour", 8, 1));
  CHECK_FALSE(report::set_target(*d.backend, "510999", "nonsense", 0.5, 1));
  CHECK_FALSE(report::set_target(*d.backend, "510999", "online_rate", 1.5, 1));
  CHECK_FALSE(report::set_target(*d.backend, "510999", "deadline_hour", 19, 1));
  t = report::load_targets(*d.backend, "510999");
  CHECK(t->at("fixed_point_rate") == Approx(0.5));
  CHECK(kpi::deadline_hour(*t) == 8);
  CHECK(report::load_targets(*d.backend, "500153")->at("fixed_point_rate") ==
        Approx(0.75));  // other counties keep defaults

  kpi::options o;
  o.today = day("2026-11-30");
  auto r = report::compute(*d.backend, "510999", *kpi::parse_period("2026-11", {}, {}), o);
  REQUIRE(r);
  for (const auto& l : kpi::kpi_lines(*r, *t)) {
    if (l.def->key == "fixed_point_rate") {
      CHECK(l.fig.numerator == 1);  // 1/2 = 0.5 meets the county's 0.5 target
      CHECK(l.pass == std::optional<bool>(true));
    }
    if (l.def->key == "station_coverage") CHECK(l.pass == std::optional<bool>(true));
    if (l.def->key == "online_rate") CHECK(l.pass == std::optional<bool>(false));
    if (l.def->key == "pickup_timeliness") CHECK_FALSE(l.pass);  // no data: neither pass nor fail
  }
}

TEST_CASE("kpi targets: a count is a whole number, a share 0..1, and a count passes at its target",
          "[kpi][targets]") {
  for (const char* k : {"officers_trained_to_date", "ecommerce_leaders"}) {
    INFO(k);
    REQUIRE(kpi::find_kpi(k) != nullptr);
    CHECK(kpi::find_kpi(k)->kind == kpi::kpi_kind::count);
    CHECK_FALSE(kpi::find_kpi(k)->default_target);  // a county sets its plan
  }
  CHECK(kpi::find_kpi("people_served_rate")->kind == kpi::kpi_kind::share);
  const double nan = std::nan(""), inf = HUGE_VAL;
  for (double v : {0.0, 1.0, 300.0, 1e6}) CHECK(kpi::check_target("officers_trained_to_date", v));
  for (double v : {-1.0, 0.5, 300.5, 1e6 + 1, nan, inf}) {
    INFO(v);
    const auto s = kpi::check_target("ecommerce_leaders", v);
    REQUIRE_FALSE(s);
    CHECK(s.err().code == errc::invalid_argument);
    CHECK(s.err().describe(lang::en).find("whole number from 0 to 1000000") != std::string::npos);
    CHECK(s.err().describe(lang::zh).find("0 到 1000000 的整数") != std::string::npos);
  }
  for (double v : {0.0, 0.3, 1.0}) CHECK(kpi::check_target("people_served_rate", v));
  for (double v : {-0.1, 1.01, 300.0, nan}) {
    INFO(v);
    const auto s = kpi::check_target("people_served_rate", v);
    REQUIRE_FALSE(s);
    CHECK(s.err().describe(lang::en).find("between 0 and 1") != std::string::npos);
    CHECK(s.err().describe(lang::zh).find("0 到 1 之间") != std::string::npos);
  }
  // officers_trained (a period's count) takes no target; the refusal names the KPI that does.
  const auto slip = kpi::check_target("officers_trained", 300);
  REQUIRE_FALSE(slip);
  CHECK(slip.err().describe(lang::en).find("officers_trained_to_date") != std::string::npos);

  // A refused target changes nothing.
  kpi_db d;
  small_county(d);
  REQUIRE(report::set_target(*d.backend, "510999", "officers_trained_to_date", 300, 1));
  CHECK_FALSE(report::set_target(*d.backend, "510999", "officers_trained_to_date", 300.5, 2));
  CHECK_FALSE(report::set_target(*d.backend, "510999", "officers_trained_to_date", -300, 2));
  CHECK_FALSE(report::set_target(*d.backend, "510999", "ecommerce_leaders", 0.5, 2));
  const auto t = report::load_targets(*d.backend, "510999");
  CHECK(t->at("officers_trained_to_date") == 300);
  CHECK_FALSE(t->count("ecommerce_leaders"));

  // Pass/fail at the edge: 300 of 300 passes, 99 of 100 fails; no target, no verdict.
  kpi::county_report r;
  auto services = std::make_shared<kpi::villager_report>();
  services->county.officers_trained_to_date = 300;
  services->county.officers_trained = 7;  // the period's figure is not the one compared
  services->county.ecommerce_leaders = 99;
  r.services = services;
  const auto line = [](const kpi::county_report& rep, const kpi::target_map& tm, std::string_view key) {
    for (const auto& l : kpi::kpi_lines(rep, tm))
      if (l.def->key == key) return l;
    FAIL("no line " << key);
    return kpi::kpi_line{};
  };
  const kpi::target_map plan{{"officers_trained_to_date", 300}, {"ecommerce_leaders", 100}};
  const auto officers = line(r, plan, "officers_trained_to_date");
  CHECK(officers.fig.numerator == 300);
  CHECK(officers.fig.denominator == 1);
  CHECK(officers.pass == std::optional<bool>(true));
  CHECK(line(r, plan, "ecommerce_leaders").pass == std::optional<bool>(false));
  CHECK_FALSE(line(r, {}, "ecommerce_leaders").pass);
  const auto none = line(kpi::county_report{}, plan, "ecommerce_leaders");  // services not computed
  CHECK_FALSE(none.fig.value());
  CHECK_FALSE(none.pass);
}

TEST_CASE("hub targets set from the command line", "[kpi][targets][cli]") {
  kpi_db d;
  small_county(d);
  auto ok = test::run({test::hub_bin(), "targets", "set", "--data", d.data_dir(), "--county", "510999",
                       "--kpi", "online_rate", "--value", "0.9"});
  CHECK(ok.exit_code == 0);
  auto bad = test::run({test::hub_bin(), "targets", "set", "--data", d.data_dir(), "--county", "510999",
                        "--kpi", "online_rate", "--value", "ninety"});
  CHECK(bad.exit_code == 2);
  CHECK(report::load_targets(*d.backend, "510999")->at("online_rate") == Approx(0.9));
}

TEST_CASE("hub nightly: rollups feed the trend, backups are dated and pruned", "[kpi][nightly]") {
  kpi_db d;
  small_county(d);
  const auto backups = d.dir.path() / "backups";
  for (const char* dd : {"2026-11-01", "2026-11-02", "2026-11-03"}) {
    kpi::nightly_options o;
    o.data_dir = d.data_dir();
    o.day = day(dd);
    o.window_days = 1;
    o.backup_dir = backups.string();
    o.keep = 2;
    std::ostringstream log;
    auto s = kpi::run_nightly(o, log);
    INFO(log.str());
    REQUIRE(s);
    CHECK(log.str().find("integrity_check ok") != std::string::npos);
  }
  CHECK_FALSE(std::filesystem::exists(backups / "hub-2026-11-01.db"));
  CHECK(std::filesystem::exists(backups / "hub-2026-11-02.db"));
  CHECK(std::filesystem::exists(backups / "hub-2026-11-03.db"));

  auto w = d.store->writer();
  auto trend = report::monthly_trend(*d.backend, "510999", day("2026-11-30"), 12, 6, day("2026-12-10"));
  REQUIRE(trend);
  REQUIRE(trend->size() == 12);
  CHECK(trend->front().month == "2025-12");
  const auto& nov = trend->back();
  CHECK(nov.month == "2026-11");
  // Only three nights of November were rolled up: the month is computed live, never
  // summed from three days (kpi_trend_test.cpp covers complete months).
  CHECK_FALSE(nov.from_rollups);
  // Station-days 11-01..30: S1 30 (synced 1st, 3rd), S2 29 (synced 3rd) → 3 of 59.
  CHECK(nov.online.numerator == 3);
  CHECK(nov.online.denominator == 59);
  CHECK(nov.sales_fen == 2500);
  CHECK(nov.station_coverage.numerator == 2);  // as of the month's last day (S2 opened on the 2nd)

  // The rollup of a day equals the engine's figure for that day.
  kpi::options o;
  o.today = day("2026-11-02");
  auto r = report::compute(*d.backend, "510999", *kpi::parse_period({}, "2026-11-02", "2026-11-02"), o);
  REQUIRE(r);
  auto st = w.db().prepare(
      "SELECT numerator, denominator FROM kpi_rollup WHERE county_code = '510999' AND day = '2026-11-02' AND "
      "kpi = 'on_time_rate'");
  REQUIRE(st);
  REQUIRE(*st->step());
  CHECK(st->column_int(0) == r->act.on_time.numerator);
  CHECK(st->column_int(1) == r->act.on_time.denominator);
  CHECK(r->act.on_time.numerator == 1);  // S1's 01:00 sync on the 3rd was the 2nd's nightly report
}

TEST_CASE("hub nightly from the command line", "[kpi][nightly][cli]") {
  kpi_db d;
  small_county(d);
  const auto backups = (d.dir.path() / "bk").string();
  auto r = test::run({test::hub_bin(), "nightly", "--data", d.data_dir(), "--day", "2026-11-03",
                      "--backup-dir", backups, "--keep", "3"});
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);
  CHECK(std::filesystem::exists(std::filesystem::path(backups) / "hub-2026-11-03.db"));
  CHECK(test::run({test::hub_bin(), "nightly", "--data", d.data_dir(), "--keep", "0"}).exit_code == 2);
}
