// The KPI engine on hand-built rows, with no database at all: what storage would hand
// over for a tiny county (rows.hpp) goes straight into kpi::compute.
#include <catch2/catch.hpp>

#include "cunzhan/hub/kpi.hpp"
#include "cunzhan/hub/kpi_rollup.hpp"
#include "cunzhan/hub/rows.hpp"
#include "cunzhan/shared/time.hpp"

using namespace cunzhan;
using namespace cunzhan::hub;

namespace {

const std::string T1 = "510999100", V1 = "510999100201", V2 = "510999100202", C1 = "510999100001";

std::int64_t at(const std::string& local) { return parse_instant(local)->time_since_epoch().count(); }
std::int64_t day_of(const std::string& d) { return kpi::day_number(*parse_date(d)); }

// One township, two villages and a community (not counted); S1 opened on the 1st, S2
// with no opening date (enrolled on the 20th); one fixed point in V1 also serving V2.
kpi_rows county() {
  kpi_rows r;
  r.county_code = "510999";
  r.townships = {{T1, "一镇"}};
  r.villages = {{C1, "一社区", T1, "510999"}, {V1, "一村", T1, "510999"}, {V2, "二村", T1, "510999"}};
  r.stations = {{"S1", "站一", "village", V1, T1, at("2026-10-01 09:00"), "2026-11-01", "", "0.3.1"},
                {"S2", "站二", "village", V2, T1, at("2026-11-20 10:00"), "", "", ""}};
  r.points = {{"P1", "village_fixed", V1, 5, "2026-01-01", "", {V2}, {"EMS", "ZTO", "YTO", "STO"}}};
  r.sales = {{"S1", T1, "fruit", 2, 3000}};
  r.listings_active = {{"S2", T1, "", 4, 0}};
  r.parcels = {{"S1", T1, "inbound", 5, 0}, {"S1", T1, "outbound", 3, 0}};
  // S1: an evening sync on the 2nd; on the 4th only one at 05:00 (the 3rd's late report).
  r.sync_days = {{"S1", day_of("2026-11-02"), 21 * 3600, 21 * 3600},
                 {"S1", day_of("2026-11-04"), 5 * 3600, 5 * 3600}};
  r.last_sync = {{"S1", at("2026-11-04 05:00")}};
  r.previous_sales = std::vector<kpi_sales>{{T1, "fruit", 1, 1500}};
  r.year_earlier_sales = std::vector<kpi_sales>{};
  return r;
}

kpi::options today_5th() {
  kpi::options o;
  o.today = *parse_date("2026-11-05");
  o.now_s = at("2026-11-05 05:00");
  return o;
}

}  // namespace

TEST_CASE("kpi engine: figures from hand-built rows, no database", "[kpi][engine][rows]") {
  const auto p = *kpi::parse_period("2026-11", {}, {});
  auto r = kpi::compute(county(), p, today_5th());
  REQUIRE(r);
  CHECK(r->villages == 2);  // the community is not counted
  CHECK(r->townships == 1);
  CHECK(r->stations_operating == 2);
  CHECK(r->cov.station.numerator == 2);
  CHECK(r->cov.courier.numerator == 2);
  CHECK(r->cov.four_brands.numerator == 2);
  CHECK(r->cov.freq5.numerator == 2);
  CHECK(r->cov.fixed_point.numerator == 1);  // located in V1 only
  CHECK(r->cov.fixed_point.denominator == 2);
  CHECK(r->township_courier.numerator == 1);
  // Station-days 11-01..11-05 of S1 (S2 only from the 20th, after today): online on the
  // 2nd and 4th; on time for the 2nd (21:00) and the 3rd (reported 05:00 the next morning).
  CHECK(r->act.online.numerator == 2);
  CHECK(r->act.online.denominator == 5);
  CHECK(r->act.on_time.numerator == 2);
  CHECK(r->act.on_time.denominator == 5);
  CHECK(r->act.sales_count == 2);
  CHECK(r->act.sales_fen == 3000);
  CHECK(r->act.by_category.at("fruit").amount_fen == 3000);
  CHECK(r->act.listings_active == 4);
  CHECK(r->act.parcels_in == 5);
  CHECK(r->act.parcels_out == 3);
  CHECK(r->sales_mom.value() == Approx(1.0));  // 3000 against 1500
  CHECK_FALSE(r->sales_yoy.value());           // nothing a year earlier
  REQUIRE(r->stations_table.size() == 2);
  const auto& s1 = r->stations_table[0];
  CHECK(s1.id == "S1");
  CHECK(s1.program_version == "0.3.1");
  CHECK(s1.sync_lag_s == std::optional<std::int64_t>(86400));
  CHECK(r->stations_table[1].opened_on == "2026-11-20");  // no opening date: the enrolment day
  REQUIRE(r->villages_table.size() == 2);
  CHECK(r->villages_table[0].reasons.empty());

  // The deadline hour is the county's rule: with 04:00 the 3rd's 05:00 report is late.
  auto strict = today_5th();
  strict.deadline_hour = 4;
  auto r4 = kpi::compute(county(), p, strict);
  REQUIRE(r4);
  CHECK(r4->act.on_time.numerator == 1);
}

TEST_CASE("kpi engine: a county without registry rows is unknown", "[kpi][engine][rows]") {
  kpi_rows none;
  none.county_code = "510998";
  auto r = kpi::compute(none, *kpi::parse_period("2026-11", {}, {}), today_5th());
  REQUIRE_FALSE(r);
  CHECK(r.err().code == errc::not_found);
}

TEST_CASE("kpi engine: a day's rollup rows and the trend read back from them", "[kpi][rollup][rows]") {
  auto day = kpi::compute(county(), kpi::rollup_period(*parse_date("2026-11-02")),
                          kpi::rollup_options(*parse_date("2026-11-02"), 6));
  REQUIRE(day);
  const auto rows = kpi::rollup_rows(*day);
  bool online = false;
  for (const auto& row : rows) {
    CHECK(row.day == "2026-11-02");
    if (row.kpi == "online_rate") {
      online = true;
      CHECK(row.numerator == 1);
      CHECK(row.denominator == 1);
    }
  }
  CHECK(online);
  // One stored day of a 30-day month: November is computed live, October had nothing.
  int live = 0;
  auto trend = kpi::monthly_trend(rows, *parse_date("2026-11-30"), 2, *parse_date("2026-12-10"),
                                  [&](const kpi::period& p) -> result<kpi::county_report> {
                                    ++live;
                                    return kpi::compute(county(), p, today_5th());
                                  });
  REQUIRE(trend);
  REQUIRE(trend->size() == 2);
  CHECK(trend->front().month == "2026-10");
  CHECK(trend->back().month == "2026-11");
  CHECK_FALSE(trend->back().from_rollups);
  CHECK(trend->back().sales_fen == 3000);
  CHECK(live == 2);
}
