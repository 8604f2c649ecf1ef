// Every KPI on a small hand-built county (510999) whose covered and uncovered villages
// are written out below, including the period edges: a point closed on the month's last
// day, a station opened mid-month, sales at 23:59 and 00:01 across month boundaries.
#include <catch2/catch.hpp>

#include "cunzhan/hub/kpi.hpp"
#include "cunzhan/hub/kpi_targets.hpp"
#include "cunzhan/hub/report_source.hpp"
#include "kpi_fixture.hpp"

using namespace cunzhan;
using namespace cunzhan::hub;
using namespace cunzhan::hub::testing;

namespace {

// T1 510999100 (镇): V1 …201, V2 …202, V3 …203 (村), C1 …001 (社区, not counted).
// T2 510999101: V4 …501 (类似村民委员会, counted), C2 …401 (类似居委会, not counted).
// T3 510999001 (街道): only community …001001, so not a counted township.
const std::string V1 = "510999100201", V2 = "510999100202", V3 = "510999100203", C1 = "510999100001";
const std::string V4 = "510999101501", C2 = "510999101401", C3 = "510999001001";

void build(kpi_db& d) {
  d.begin();
  d.township("510999100", "一镇");
  d.township("510999101", "二乡");
  d.township("510999001", "城街道");
  for (const auto& [c, n] : std::vector<std::pair<std::string, std::string>>{{V1, "一村"},
                                                                             {V2, "二村"},
                                                                             {V3, "三村"},
                                                                             {C1, "一社区"},
                                                                             {V4, "四村"},
                                                                             {C2, "五社区"},
                                                                             {C3, "城社区"}}) {
    d.village(c, n);
  }
  // Stations: S1 in V1 all year; S2 in V2 opened mid-month (15th); S3 in V3 closed on the
  // month's last day (so not operating at period end); S4 in a community (not counted).
  d.station("S1", V1, "2026-01-01");
  d.station("S2", V2, "2026-11-15");
  d.station("S3", V3, "2026-01-01", "2026-11-30");
  d.station("S4", C3, "", "", at("2026-01-05 10:00"));  // no opened_on: operating since enrolment
  // Points: P1 fixed in V1, 5 days, 4 brands, also serves V2. P2 serves V3 but closed on
  // 11-30. P3 is a township outlet located in T1 itself, serving V4 3 days a week (so T2
  // has no point located in it). P4 would be fixed in V4 but opens in December.
  d.point("P1", "village_fixed", V1, 5, "2026-01-01", "", {V2}, {"EMS", "ZTO", "YTO", "STO"});
  d.point("P2", "served_village", V3, 2, "2026-01-01", "2026-11-30", {}, {"SF"});
  d.point("P3", "township_outlet", "510999100", 3, "2026-06-01", "", {V4}, {"JD"});
  d.point("P4", "village_fixed", V4, 6, "2026-12-01", "", {}, {"EMS"});
  d.commit();
}

void sync_history(kpi_db& d) {
  d.begin();
  // S1: 21:00 on every November day except the 10th (only a failed sync) and the 11th
  // (one at 18:00:00 exactly, not "after 18:00"); the 30th's report arrives 12-01 05:59.
  for (int n = 1; n <= 30; ++n) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "2026-11-%02d", n);
    const std::string dd = buf;
    if (n == 10) {
      d.session("S1", at(dd + " 21:00"), false);
    } else if (n == 11) {
      d.session("S1", at(dd + " 18:00:00"));
    } else if (n != 30) {
      d.session("S1", at(dd + " 21:00"));
    }
    d.session("S2", at(dd + " 20:00"));  // days before the 15th do not count: not operating
  }
  d.session("S1", at("2026-12-01 05:59"));
  d.commit();
}

void sales_and_pickups(kpi_db& d) {
  d.begin();
  d.listing("L1", "S1", V1, "fruit", "sold", 10000, at("2026-11-30 23:59"), at("2026-09-01 08:00"));
  d.listing("L2", "S1", V1, "fruit", "sold", 5000, at("2026-12-01 00:01"), at("2026-09-01 08:00"));
  d.listing("L3", "S2", V2, "vegetable", "sold", 3000, at("2026-11-01 00:01"), at("2026-11-01 00:01"));
  d.listing("L4", "S1", V1, "fruit", "sold", 7000, at("2026-10-31 23:59"), at("2026-09-01 08:00"));
  d.listing("L5", "S1", V1, "tea", "sold", 4000, at("2025-11-15 12:00"), at("2025-09-01 08:00"));
  d.listing("L6", "S2", V2, "fruit", "listed", 0, 0, at("2026-11-10 09:00"));
  d.listing("L7", "S2", V2, "fruit", "reserved", 0, 0, at("2026-10-01 09:00"));
  d.listing("L8", "S1", V1, "fruit", "withdrawn", 0, 0, at("2026-11-05 09:00"));
  d.listing("L9", "S1", V1, "fruit", "listed", 0, 0, at("2026-10-31 23:59"));  // October: not new
  d.pickup("K1", "S1", V1, "outbound", 3, "picked_up", at("2026-11-02 10:00"), at("2026-11-02 18:00"),
           at("2026-11-02 17:00"));
  d.pickup("K2", "S1", V1, "inbound", 5, "picked_up", at("2026-11-03 09:00"), at("2026-11-03 12:00"),
           at("2026-11-03 15:00"));
  d.pickup("K3", "S1", V1, "outbound", 2, "failed", at("2026-11-04 09:00"), at("2026-11-04 12:00"), 0);
  d.pickup("K4", "S1", V1, "outbound", 1, "cancelled", at("2026-11-05 09:00"), at("2026-11-05 12:00"), 0);
  d.pickup("K5", "S1", V1, "outbound", 4, "picked_up", at("2026-10-31 20:00"), at("2026-11-01 10:00"),
           at("2026-10-31 23:00"));
  d.pickup("K6", "S1", V1, "outbound", 6, "requested", at("2026-11-30 20:00"), at("2026-12-01 10:00"), 0);
  d.commit();
}

kpi::options opts() {
  kpi::options o;
  o.today = day("2027-06-01");
  o.now_s = at("2026-12-01 08:00");
  return o;
}

void check(const kpi::figure& f, std::int64_t num, std::int64_t den) {
  INFO(num << "/" << den);
  CHECK(f.numerator == num);
  CHECK(f.denominator == den);
}

const kpi::village_report& village_of(const kpi::county_report& r, const std::string& code) {
  for (const auto& v : r.villages_table) {
    if (v.code == code) return v;
  }
  throw std::runtime_error("no village row " + code);
}

}  // namespace

TEST_CASE("kpi: coverage of a hand-built county at the period's last day", "[kpi]") {
  kpi_db d;
  build(d);
  auto r = report::compute(*d.backend, "510999", *kpi::parse_period("2026-11", {}, {}), opts());
  REQUIRE(r);
  CHECK(r->villages == 4);            // V1 V2 V3 V4; the communities are not in the denominator
  CHECK(r->townships == 2);           // T3 has no administrative village
  CHECK(r->stations_operating == 3);  // S1, S2, S4 (S3 closed on the last day)
  check(r->cov.station, 2, 4);        // V1 (S1), V2 (S2 opened mid-month)
  check(r->cov.courier, 3, 4);        // V1, V2 by P1; V4 by P3; V3's P2 closed 11-30
  check(r->cov.four_brands, 2, 4);    // V1, V2 (EMS ZTO YTO STO)
  check(r->cov.freq3, 3, 4);          // V1 5, V2 5, V4 3
  check(r->cov.freq5, 2, 4);
  check(r->cov.fixed_point, 1, 4);   // V1 only; P4 in V4 opens in December
  check(r->township_courier, 1, 2);  // T1 (P1, P3 located there); T2 is served but has no point in it
  CHECK_FALSE(r->township_courier.value() == std::nullopt);

  CHECK(village_of(*r, V1).reasons.empty());
  CHECK(village_of(*r, V1).fixed_point);
  CHECK(village_of(*r, V2).reasons.empty());
  CHECK(village_of(*r, V2).brands == std::vector<std::string>{"EMS", "STO", "YTO", "ZTO"});
  CHECK(village_of(*r, V3).reasons == std::vector<std::string>{"no_station", "no_courier_point"});
  CHECK(village_of(*r, V4).reasons == std::vector<std::string>{"no_station"});
  CHECK(village_of(*r, V4).frequency == 3);
  CHECK(village_of(*r, V3).frequency == 0);  // unserved: no_courier_point only, not also low_frequency

  REQUIRE(r->townships_table.size() == 2);
  CHECK(r->townships_table[0].code == "510999100");
  check(r->townships_table[0].cov.station, 2, 3);
  CHECK(r->townships_table[0].courier_point);
  CHECK_FALSE(r->townships_table[1].courier_point);
  check(r->townships_table[1].cov.courier, 1, 1);

  SECTION("a day earlier the closed point and station still count") {
    auto oct =
        report::compute(*d.backend, "510999", *kpi::parse_period({}, "2026-11-01", "2026-11-29"), opts());
    REQUIRE(oct);
    check(oct->cov.station, 3, 4);
    check(oct->cov.courier, 4, 4);
  }
  SECTION("before S2 opened (October) it does not count; P3 opened in June") {
    auto oct = report::compute(*d.backend, "510999", *kpi::parse_period("2026-10", {}, {}), opts());
    REQUIRE(oct);
    check(oct->cov.station, 2, 4);  // V1, V3
    CHECK(village_of(*oct, V2).reasons == std::vector<std::string>{"no_station"});
  }
  SECTION("a county the registry does not know → not_found") {
    auto none = report::compute(*d.backend, "510998", *kpi::parse_period("2026-11", {}, {}), opts());
    REQUIRE_FALSE(none);
    CHECK(none.err().code == errc::not_found);
  }
}

TEST_CASE("kpi: online and on-time rates count operating station-days", "[kpi]") {
  kpi_db d;
  build(d);
  sync_history(d);
  auto r = report::compute(*d.backend, "510999", *kpi::parse_period("2026-11", {}, {}), opts());
  REQUIRE(r);
  const auto st = [&](const std::string& id) -> const kpi::station_report& {
    for (const auto& s : r->stations_table) {
      if (s.id == id) return s;
    }
    throw std::runtime_error(id);
  };
  check(st("S1").act.online, 28, 30);   // not the 10th (failed) nor the 30th (arrived 12-01)
  check(st("S1").act.on_time, 28, 30);  // not the 10th nor the 11th (18:00:00 is not after 18:00)
  check(st("S2").act.online, 16, 16);   // 15th–30th
  check(st("S2").act.on_time, 16, 16);
  check(st("S3").act.online, 0, 29);  // closed on the 30th
  check(st("S4").act.online, 0, 30);
  check(r->act.online, 44, 105);
  check(r->act.on_time, 44, 105);
  CHECK(*st("S1").last_sync_s == at("2026-12-01 05:59"));
  CHECK(*st("S1").sync_lag_s == at("2026-12-01 08:00") - at("2026-12-01 05:59"));
  CHECK_FALSE(st("S3").last_sync_s);

  SECTION("the deadline hour is configurable") {
    auto o = opts();
    o.deadline_hour = 5;  // 05:59 is now too late for the 30th
    auto r5 = report::compute(*d.backend, "510999", *kpi::parse_period("2026-11", {}, {}), o);
    REQUIRE(r5);
    check(r5->act.on_time, 43, 105);
  }
  SECTION("days after today are not counted") {
    auto o = opts();
    o.today = day("2026-11-20");
    auto r20 = report::compute(*d.backend, "510999", *kpi::parse_period("2026-11", {}, {}), o);
    REQUIRE(r20);
    check(r20->act.online, 19 + 6 + 0 + 0, 20 + 6 + 20 + 20);
  }
}

TEST_CASE("kpi: sales, growth, listings, parcels and pickup timeliness", "[kpi]") {
  kpi_db d;
  build(d);
  sales_and_pickups(d);
  auto r = report::compute(*d.backend, "510999", *kpi::parse_period("2026-11", {}, {}), opts());
  REQUIRE(r);
  CHECK(r->act.sales_count ==
        2);  // L1 at 11-30 23:59 and L3 at 11-01 00:01; not L2 (12-01 00:01), L4 (10-31 23:59)
  CHECK(r->act.sales_fen == 13000);
  CHECK(r->act.by_category.at("fruit").amount_fen == 10000);
  CHECK(r->act.by_category.at("vegetable").count == 1);
  CHECK(r->sales_mom.earlier == 7000);
  CHECK(*r->sales_mom.value() == Approx(6000.0 / 7000.0));
  CHECK(r->sales_yoy.earlier == 4000);
  CHECK(*r->sales_yoy.value() == Approx(2.25));
  CHECK(r->act.listings_new == 3);     // L3, L6, L8
  CHECK(r->act.listings_active == 3);  // L6, L7, L9 (now, whatever the period)
  CHECK(r->act.parcels_out == 3);      // K1; K5 was collected in October
  CHECK(r->act.parcels_in == 5);       // K2
  check(r->act.timeliness, 2, 4);      // due in Nov: K1 ok, K2 late, K3 failed, K5 ok; K4 cancelled
  check(r->act.failure, 1, 4);         // requested in Nov: K1 K2 K3 K6; K3 failed

  const auto& t1 = r->townships_table[0];
  CHECK(t1.act.sales_fen == 13000);
  CHECK(r->townships_table[1].act.sales_fen == 0);

  SECTION("October: growth against a zero year-earlier figure is null") {
    auto oct = report::compute(*d.backend, "510999", *kpi::parse_period("2026-10", {}, {}), opts());
    REQUIRE(oct);
    CHECK(oct->act.sales_fen == 7000);
    CHECK(oct->sales_yoy.earlier == 0);
    CHECK_FALSE(oct->sales_yoy.value());
  }
  SECTION("Q4 and the year compare with Q3 / 2025") {
    auto q = report::compute(*d.backend, "510999", *kpi::parse_period("2026-Q4", {}, {}), opts());
    REQUIRE(q);
    CHECK(q->act.sales_fen == 7000 + 13000 + 5000);
    CHECK(q->sales_yoy.earlier == 4000);
    auto y = report::compute(*d.backend, "510999", *kpi::parse_period("2026", {}, {}), opts());
    REQUIRE(y);
    CHECK(y->sales_mom.earlier == 4000);
  }
}

TEST_CASE("kpi: periods parse, and bad ones are refused in both languages", "[kpi]") {
  auto m = kpi::parse_period("2026-02", {}, {});
  REQUIRE(m);
  CHECK(format_date(m->end) == "2026-02-28");
  CHECK(m->previous().label == "2026-01");
  CHECK(kpi::parse_period("2026-01", {}, {})->previous().label == "2025-12");
  CHECK(kpi::parse_period("2026-Q1", {}, {})->previous().label == "2025-Q4");
  CHECK(kpi::parse_period("2026-Q4", {}, {})->year_earlier().label == "2025-Q4");
  auto r = kpi::parse_period({}, "2026-11-11", "2026-11-20");
  REQUIRE(r);
  CHECK(r->days() == 10);
  CHECK(format_date(r->previous().start) == "2026-11-01");
  CHECK(format_date(kpi::parse_period({}, "2028-02-29", "2028-03-01")->year_earlier().start) == "2027-02-28");
  CHECK(m->end_s() - m->begin_s() == 28 * 86400);
  CHECK(m->begin_s() == at("2026-02-01 00:00"));
  for (const char* bad : {"2026-13", "2026-Q5", "26-11", "2026-1", "abcd", "2026-11-01"}) {
    auto p = kpi::parse_period(std::string(bad), {}, {});
    REQUIRE_FALSE(p);
    CHECK(p.err().code == errc::invalid_argument);
    CHECK_FALSE(p.err().detail_zh.empty());
  }
  CHECK_FALSE(kpi::parse_period({}, "2026-11-20", "2026-11-01"));
  CHECK_FALSE(kpi::parse_period({}, "2026-11-20", {}));
  CHECK_FALSE(kpi::parse_period("2026-11", "2026-11-01", "2026-11-02"));
}

TEST_CASE("kpi: low_frequency is a served village's shortfall, apart from no_courier_point", "[kpi]") {
  kpi_db d;
  build(d);
  // In October P2 still serves V3 (2 days a week) and S3 still operates there.
  auto r = report::compute(*d.backend, "510999", *kpi::parse_period("2026-10", {}, {}), opts());
  REQUIRE(r);
  CHECK(village_of(*r, V3).points == 1);
  CHECK(village_of(*r, V3).frequency == 2);
  CHECK(village_of(*r, V3).reasons == std::vector<std::string>{"low_frequency"});
  check(r->cov.freq3, 3, 4);  // the shares count every village: V1 5, V2 5, V4 3 (V3 2)
}
