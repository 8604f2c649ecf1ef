// The trend and the nightly job it relies on: a month is read from rollups only when every
// one of its days was rolled up (else computed live), so its point always equals the
// report of that month; records synced late reach the rollups at the next nightly run;
// and a failed integrity check stops the job before any backup is written.
#include <sqlite3.h>
#include <catch2/catch.hpp>

#include <filesystem>

#include "cunzhan/hub/kpi_nightly.hpp"
#include "cunzhan/hub/kpi_rollup.hpp"
#include "cunzhan/hub/kpi_targets.hpp"
#include "cunzhan/hub/report_source.hpp"
#include "kpi_fixture.hpp"

using namespace cunzhan;
using namespace cunzhan::hub;
using namespace cunzhan::hub::testing;

namespace {

const std::string V1 = "510999100201", V2 = "510999100202", V3 = "510999100203";
const date k_today = day("2026-12-10");  // every month below is over

void october_county(kpi_db& d) {
  d.begin();
  d.township("510999100", "一镇");
  d.village(V1, "一村");
  d.village(V2, "二村");
  d.village(V3, "三村");
  d.station("S1", V1, "2026-09-01");
  d.station("S2", V2, "2026-10-15");  // coverage changes mid-month: the month shows its last day
  d.point("P1", "village_fixed", V1, 5, "2026-01-01", "", {V2}, {"EMS", "ZTO"});
  for (int n = 1; n <= 31; n += 2) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "2026-10-%02d 21:00", n);
    d.session("S1", at(buf));  // ok = 1: a sync run that pushed everything and finished its pull
  }
  d.session("S2", at("2026-10-20 22:00"));
  d.listing("L1", "S1", V1, "fruit", "sold", 2500, at("2026-10-02 10:00"), at("2026-10-01 10:00"));
  d.listing("L2", "S2", V2, "tea", "sold", 4000, at("2026-10-31 23:59"), at("2026-10-20 10:00"));
  d.pickup("K1", "S1", V1, "outbound", 3, "picked_up", at("2026-10-03 09:00"), at("2026-10-04 09:00"),
           at("2026-10-03 15:00"));
  d.commit();
}

status nightly(kpi_db& d, const std::string& last, int window) {
  kpi::nightly_options o;
  o.data_dir = d.data_dir();
  o.day = day(last);
  o.window_days = window;
  std::ostringstream log;
  auto s = kpi::run_nightly(o, log);
  INFO(log.str());
  return s;
}

kpi::trend_point october_point(kpi_db& d) {
  auto trend = report::monthly_trend(*d.backend, "510999", day("2026-10-31"), 12, 6, k_today);
  REQUIRE(trend);
  REQUIRE(trend->back().month == "2026-10");
  return trend->back();
}

// The point against the report the API serves for period=2026-10 (same options).
void check_equals_report(kpi_db& d, const kpi::trend_point& t) {
  kpi::options o;
  o.today = k_today;
  auto r = report::compute(*d.backend, "510999", *kpi::parse_period("2026-10", {}, {}), o);
  REQUIRE(r);
  CHECK(t.station_coverage.numerator == r->cov.station.numerator);
  CHECK(t.station_coverage.denominator == r->cov.station.denominator);
  CHECK(t.courier_coverage.numerator == r->cov.courier.numerator);
  CHECK(t.online.numerator == r->act.online.numerator);
  CHECK(t.online.denominator == r->act.online.denominator);
  CHECK(t.sales_fen == r->act.sales_fen);
  CHECK(t.sales_count == r->act.sales_count);
  CHECK(t.parcels == r->act.parcels_out + r->act.parcels_in);
}

}  // namespace

TEST_CASE("kpi trend: a month with missed nights is computed live and equals the report", "[kpi][trend]") {
  kpi_db d;
  october_county(d);
  // Only 10-01..10-03 rolled up (the hub was down the rest of the month).
  REQUIRE(nightly(d, "2026-10-03", 3));
  const auto t = october_point(d);
  CHECK_FALSE(t.from_rollups);
  CHECK(t.sales_fen == 6500);                // not 2500 (the first three days)
  CHECK(t.station_coverage.numerator == 2);  // S2 opened on the 15th
  CHECK(t.online.denominator == 31 + 17);    // S1 all month, S2 from the 15th
  CHECK(t.online.numerator == 16 + 1);
  check_equals_report(d, t);
}

TEST_CASE(
    "kpi trend: a fully rolled-up month comes from rollups, and a late record is counted after the next "
    "nightly",
    "[kpi][trend][nightly]") {
  kpi_db d;
  october_county(d);
  REQUIRE(nightly(d, "2026-10-31", kpi::k_default_window_days));
  auto t = october_point(d);
  CHECK(t.from_rollups);
  check_equals_report(d, t);

  // An offline station syncs October's records in November: a sale on 10-05, and the
  // sync session of 10-06 that had failed to arrive.
  d.begin();
  d.listing("L3", "S1", V1, "fruit", "sold", 1000, at("2026-10-05 11:00"), at("2026-10-04 11:00"));
  d.session("S1", at("2026-10-06 21:30"));
  d.commit();
  CHECK(october_point(d).sales_fen == 6500);  // stored rollups are stale until the next run

  REQUIRE(nightly(d, "2026-11-01", kpi::k_default_window_days));  // a normal night re-rolls the last 40 days
  t = october_point(d);
  CHECK(t.from_rollups);
  CHECK(t.sales_fen == 7500);
  CHECK(t.online.numerator == 16 + 1 + 1);
  check_equals_report(d, t);
}

TEST_CASE("hub nightly --days / --from re-roll a window, bad values are refused", "[kpi][nightly][cli]") {
  kpi_db d;
  october_county(d);
  auto r = test::run(
      {test::hub_bin(), "nightly", "--data", d.data_dir(), "--day", "2026-10-31", "--from", "2026-10-01"});
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("2026-10-01..2026-10-31 (31 days)") != std::string::npos);
  CHECK(october_point(d).from_rollups);
  for (const std::vector<std::string>& bad :
       std::vector<std::vector<std::string>>{{"--days", "0"},
                                             {"--days", "x"},
                                             {"--from", "2026-11-01"},
                                             {"--from", "2026-13-01"},
                                             {"--days", "3", "--from", "2026-10-01"}}) {
    std::vector<std::string> argv{test::hub_bin(), "nightly", "--data", d.data_dir(), "--day", "2026-10-31"};
    argv.insert(argv.end(), bad.begin(), bad.end());
    auto b = test::run(argv);
    INFO(b.err);
    CHECK(b.exit_code == 2);
    CHECK(b.err.find("错误") != std::string::npos);
  }
}

TEST_CASE("hub nightly: a failed integrity check writes no backup and exits 1", "[kpi][nightly][cli]") {
  kpi_db d;
  october_county(d);
  d.store.reset();
  {
    // Damage an index the way a bad disk would: its entries no longer match its table.
    // (A raw connection; the hub's own connections refuse writable_schema.)
    sqlite3* raw = nullptr;
    REQUIRE(sqlite3_open((std::filesystem::path(d.data_dir()) / "hub.db").string().c_str(), &raw) ==
            SQLITE_OK);
    const char* sql =
        "CREATE TABLE damaged (a INTEGER, b INTEGER);"
        "CREATE INDEX damaged_a ON damaged (a);"
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200) "
        "INSERT INTO damaged SELECT i, 1000 - i FROM n;"
        "PRAGMA writable_schema = ON;"
        "UPDATE sqlite_schema SET sql = 'CREATE INDEX damaged_a ON damaged (b)' WHERE name = 'damaged_a';"
        "PRAGMA writable_schema = OFF;";
    char* msg = nullptr;
    const int rc = sqlite3_exec(raw, sql, nullptr, nullptr, &msg);
    INFO((msg ? msg : ""));
    sqlite3_free(msg);
    sqlite3_close(raw);
    REQUIRE(rc == SQLITE_OK);
  }
  const auto backups = d.dir.path() / "bk";
  auto r = test::run({test::hub_bin(), "nightly", "--data", d.data_dir(), "--day", "2026-10-31", "--days",
                      "1", "--backup-dir", backups.string()});
  INFO(r.out << r.err);
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("integrity_check") != std::string::npos);
  CHECK(r.err.find("未写备份") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(backups / "hub-2026-10-31.db"));
  CHECK_FALSE(std::filesystem::exists(backups / "hub-2026-10-31.db.tmp"));
}
