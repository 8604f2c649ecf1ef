// The villager-service KPIs (KPIS.md "Villager services") on hand-built rows, at their
// edges: services on the first day of the 12-month window and the day before it, a village
// without population (→ null), an officer who changed station mid-period, an order
// returned after it arrived, the handover median, growth, and sellers across stations.
#include <catch2/catch.hpp>

#include "cunzhan/hub/villager_kpi.hpp"

using namespace cunzhan;
using namespace cunzhan::hub::kpi;
using namespace std::chrono;

namespace {

// T1 510999100: V1 …201 (population 10), V2 …202 (no population row). T2 510999101: V3 …501 (20).
const std::string T1 = "510999100", T2 = "510999101";
const std::string V1 = "510999100201", V2 = "510999100202", V3 = "510999101501";

std::int64_t dn(int y, unsigned m, unsigned d) { return day_number(year{y} / m / d); }
// A Shanghai wall-clock instant as UTC seconds.
std::int64_t at(int y, unsigned m, unsigned d, int h = 0, int min = 0) {
  return (shanghai_midnight(year{y} / m / d) + hours{h} + minutes{min}).time_since_epoch().count();
}

villager_inputs base() {
  villager_inputs in;
  in.stations = {{"S1", T1, V1, dn(2025, 1, 1), std::nullopt},
                 {"S2", T1, V2, dn(2025, 1, 1), std::nullopt},
                 {"S3", T2, V3, dn(2025, 1, 1), dn(2026, 11, 30)}};  // closed on the month's last day
  in.admin_villages = {{V1, T1}, {V2, T1}, {V3, T2}};
  in.population = {{V1, 10}, {V3, 20}};
  in.villagers = {{"A", V1}, {"B", V1}, {"C", V1}, {"D", V2}, {"E", V3}};
  return in;
}

const period nov = month_period(2026, 11);
const std::int64_t k_later = at(2027, 6, 1);  // "now": long after the period

}  // namespace

TEST_CASE("villager kpi: the 12-month window of people served, and its edges") {
  CHECK(window_start(year{2026} / 11 / 30) == year{2025} / 12 / 1);
  CHECK(window_start(year{2028} / 2 / 29) == year{2027} / 3 / 1);  // 29 Feb → 28 Feb a year earlier, + 1
  CHECK(window_start(year{2027} / 3 / 1) == year{2026} / 3 / 2);

  auto in = base();
  in.services = {{"A", "S1", dn(2025, 12, 1)},   // first day of the window: counts
                 {"B", "S1", dn(2025, 11, 30)},  // the day before: only in the earlier window
                 {"C", "S1", dn(2026, 11, 30)},  // last day: counts
                 {"C", "S1", dn(2026, 11, 2)},   // the same villager again: once
                 {"D", "S2", dn(2026, 11, 5)},   // village without population: not counted
                 {"E", "S1", dn(2026, 10, 1)},   // V3's villager served by S1 (not S1's village)
                 {"X", "S1", dn(2026, 10, 1)}};  // villager record not at the hub: not counted
  const auto r = compute_villager(in, nov, k_later);
  const auto& c = r.county;
  CHECK(c.people_served.numerator == 3);  // A, C, E
  CHECK(c.people_served.denominator == 30);
  CHECK(c.people_served_earlier.numerator == 1);  // B (2024-12-01 … 2025-11-30)
  CHECK(c.people_served_grew() == std::optional<bool>(true));
  CHECK(c.villages_without_population == 1);
  CHECK(r.townships.at(T1).people_served.numerator == 2);
  CHECK(r.townships.at(T1).people_served.denominator == 10);
  CHECK(r.townships.at(T1).villages_without_population == 1);
  CHECK(r.townships.at(T2).people_served.numerator == 1);
  // Station: villagers of its own village served by it ÷ its village's population.
  CHECK(r.stations.at("S1").people_served.numerator == 2);
  CHECK(r.stations.at("S1").people_served.denominator == 10);
  CHECK_FALSE(r.stations.at("S2").people_served.value());  // V2 has no population: null
  CHECK(r.stations.at("S2").villages_without_population == 1);
  CHECK_FALSE(r.stations.at("S2").people_served_grew());

  // One day later the window has moved past A's service.
  const auto dec1 = compute_villager(
      in, period{period_kind::range, year{2026} / 12 / 1, year{2026} / 12 / 1, "x"}, k_later);
  CHECK(dec1.county.people_served.numerator == 2);  // C, E
}

TEST_CASE("villager kpi: trained stations when an officer moved mid-period") {
  auto in = base();
  // O1 served S1 until 11-15, then S2; O2 took S1 over on 11-16; O3 serves S3 (closed 11-30).
  in.assignments = {{"O1", "S1", dn(2026, 1, 1), dn(2026, 11, 15)},
                    {"O1", "S2", dn(2026, 11, 16), std::nullopt},
                    {"O2", "S1", dn(2026, 11, 16), std::nullopt},
                    {"O3", "S3", dn(2025, 1, 1), std::nullopt}};
  in.attendances = {{"T-a", "O1", dn(2026, 3, 10), 3.0},
                    {"T-b", "O3", dn(2026, 11, 20), 2.5},
                    {"T-c", "O2", dn(2025, 11, 30), 4.0}};  // before O2's window: not trained
  in.leaders = {{"O1", dn(2026, 6, 1)}, {"O2", dn(2026, 12, 1)}};
  const auto r = compute_villager(in, nov, k_later);
  // Operating on 11-30: S1, S2 (S3 closed that day). S2's officer O1 was trained (at S1).
  CHECK(r.county.trained_stations.numerator == 1);
  CHECK(r.county.trained_stations.denominator == 2);
  CHECK(r.stations.at("S2").trained_stations.numerator == 1);
  CHECK(r.stations.at("S1").trained_stations.numerator == 0);
  CHECK(r.stations.at("S3").trained_stations.denominator == 0);
  // November: only T-b (O3, at S3 then).
  CHECK(r.county.officers_trained == 1);
  CHECK(r.county.training_hours == 2.5);
  CHECK(r.county.training_sessions == 1);
  CHECK(r.townships.at(T2).officers_trained == 1);
  CHECK(r.townships.at(T1).officers_trained == 0);
  // Leaders designated by 11-30 and serving on 11-30: O1 (at S2).
  CHECK(r.county.ecommerce_leaders == 1);
  CHECK(r.stations.at("S2").ecommerce_leaders == 1);
  CHECK(r.stations.at("S1").ecommerce_leaders == 0);

  // March: O1 was trained while serving S1, so S1 and T1 get the officer and the hours.
  const auto mar = compute_villager(in, month_period(2026, 3), k_later);
  CHECK(mar.stations.at("S1").officers_trained == 1);
  CHECK(mar.stations.at("S2").officers_trained == 0);
  CHECK(mar.townships.at(T1).training_hours == 3.0);
}

TEST_CASE("villager kpi: officers trained to date (the officers_trained_to_date target's figure)") {
  auto in = base();
  // Serving on 11-30: O1 at S2 (moved from S1), O2 at S1, O3 at S3 (closed that day), O5 at S2.
  // O4 left S1 on 11-10. Training of any date up to 11-30 counts, wherever it happened.
  in.assignments = {
      {"O1", "S1", dn(2026, 1, 1), dn(2026, 11, 15)}, {"O1", "S2", dn(2026, 11, 16), std::nullopt},
      {"O2", "S1", dn(2026, 11, 16), std::nullopt},   {"O3", "S3", dn(2025, 1, 1), std::nullopt},
      {"O4", "S1", dn(2025, 1, 1), dn(2026, 11, 10)}, {"O5", "S2", dn(2026, 1, 1), std::nullopt}};
  in.attendances = {{"T-a", "O1", dn(2026, 3, 10), 3.0},   // at S1 then: counts for S2 now
                    {"T-c", "O2", dn(2024, 5, 30), 4.0},   // long before the 12-month window: counts
                    {"T-b", "O3", dn(2026, 11, 30), 2.5},  // on E: counts
                    {"T-d", "O4", dn(2026, 10, 1), 1.0},   // a leaver: not counted
                    {"T-e", "O5", dn(2026, 12, 1), 1.0}};  // the day after E: not counted
  const auto r = compute_villager(in, nov, k_later);
  CHECK(r.county.officers_trained_to_date == 3);  // O1, O2, O3
  CHECK(r.townships.at(T1).officers_trained_to_date == 2);
  CHECK(r.townships.at(T2).officers_trained_to_date == 1);
  CHECK(r.stations.at("S1").officers_trained_to_date == 1);  // O2
  CHECK(r.stations.at("S2").officers_trained_to_date == 1);  // O1
  CHECK(r.stations.at("S3").officers_trained_to_date == 1);
  // Unlike trained_station_rate's 12-month window: O2's 2024 session still counts.
  CHECK(r.stations.at("S1").trained_stations.numerator == 0);
  // December: O5's session is on or before E now; O4 is still gone.
  CHECK(compute_villager(in, month_period(2026, 12), k_later).county.officers_trained_to_date == 4);
  // October: O1 (March) and O4 (10-01, serving S1 then); O2 had not started, O3 not yet trained.
  CHECK(compute_villager(in, month_period(2026, 10), k_later).county.officers_trained_to_date == 2);
}

TEST_CASE("villager kpi: 代买 orders, returned after arrival, handover median, waiting") {
  auto in = base();
  const auto order = [](std::string st, std::string status, std::int64_t fen, std::int64_t ordered) {
    proxy_buy_in o;
    o.station_id = std::move(st);
    o.township_code = T1;
    o.category = "farm_input";
    o.platform = "pinduoduo";
    o.status = std::move(status);
    o.amount_fen = fen;
    o.ordered_at = ordered;
    return o;
  };
  auto returned = order("S1", "returned", 5000, at(2026, 11, 2));
  returned.arrived_at = at(2026, 11, 5);
  returned.returned_at = at(2026, 12, 3);  // returned after the period: still waiting on 11-30
  auto h1 = order("S1", "handed_over", 1000, at(2026, 11, 8));
  h1.arrived_at = at(2026, 11, 10);
  h1.handed_over_at = at(2026, 11, 12, 12);  // 2.5 days
  auto h2 = order("S2", "handed_over", 3000, at(2026, 11, 18));
  h2.platform = "jd";
  h2.arrived_at = at(2026, 11, 20);
  h2.handed_over_at = at(2026, 11, 21);                                   // 1 day
  auto late = order("S1", "handed_over", 700, at(2026, 10, 30, 23, 59));  // October (23:59)
  late.arrived_at = at(2026, 11, 22);
  late.handed_over_at = at(2026, 12, 2);  // arrived 11-22: 8 days 23:59 → 8.x days waited at 12-01 00:00
  auto cancelled = order("S1", "cancelled", 900, at(2026, 11, 30, 23, 59));
  cancelled.cancelled_at = at(2026, 11, 30, 23, 59);
  auto year_ago = order("S1", "arrived", 2000, at(2025, 11, 15));
  year_ago.arrived_at = at(2025, 11, 16);  // still waiting: counts in every later period
  in.orders = {returned, h1, h2, late, cancelled, year_ago};

  const auto r = compute_villager(in, nov, k_later);
  const auto& b = r.county.proxy_buy;
  CHECK(b.count == 2);  // h1, h2 (returned and cancelled bought nothing)
  CHECK(b.amount_fen == 4000);
  CHECK(b.returned == 1);
  CHECK(b.cancelled == 1);
  CHECK(b.by_platform.at("jd").amount_fen == 3000);
  CHECK(b.by_category.at("farm_input").count == 2);
  REQUIRE(b.handover_days_median);
  CHECK(*b.handover_days_median == Approx(1.75));
  // Waiting > 7 days at 12-01 00:00: returned (arrived 11-05), late (11-22), year_ago.
  CHECK(b.waiting_over_7_days == 3);
  CHECK(b.amount_mom.earlier == 700);
  CHECK(b.count_mom.earlier == 1);
  CHECK(b.amount_yoy.earlier == 2000);
  REQUIRE(b.amount_yoy.value());
  CHECK(*b.amount_yoy.value() == Approx(1.0));
  CHECK(r.stations.at("S2").proxy_buy.count == 1);
  CHECK(r.stations.at("S2").proxy_buy.waiting_over_7_days == 0);

  const auto dec = compute_villager(in, month_period(2026, 12), k_later);
  CHECK(dec.county.proxy_buy.waiting_over_7_days == 1);  // year_ago only: the return came 12-03
  CHECK_FALSE(dec.county.proxy_buy.handover_days_median == std::nullopt);  // late, handed over 12-02

  // A period still running: waiting is counted at now, not at its end.
  const auto running = compute_villager(in, nov, at(2026, 11, 25));
  CHECK(running.county.proxy_buy.waiting_over_7_days == 2);  // returned (20 days), year_ago; late only 3 days
}

TEST_CASE("villager kpi: online sellers across stations") {
  auto in = base();
  const auto sale = [](std::string st, std::string town, std::string kind, std::string name, std::string vid,
                       std::int64_t t) { return sale_in{town, st, kind, name, vid, t}; };
  in.sales = {sale("S1", T1, "cooperative", "盘龙生姜合作社", "", at(2026, 11, 3)),
              sale("S3", T2, "cooperative", "盘龙生姜合作社 ", "", at(2026, 11, 4)),  // same, trimmed
              sale("S1", T1, "enterprise", "荣昌食品有限公司", "", at(2026, 11, 30, 23, 59)),
              sale("S1", T1, "enterprise", "十二月公司", "", at(2026, 12, 1)),  // December
              sale("S1", T1, "household", "", "A", at(2026, 11, 5)),
              sale("S1", T1, "household", "", "A", at(2026, 11, 6)),
              sale("S2", T1, "household", "", "", at(2026, 11, 7))};  // an older station: no villager
  const auto r = compute_villager(in, nov, k_later);
  CHECK(r.county.sellers.cooperatives == 1);
  CHECK(r.county.sellers.enterprises == 1);
  CHECK(r.county.sellers.households == 1);
  CHECK(r.county.sellers.household_sales == 3);
  CHECK(r.townships.at(T2).sellers.cooperatives == 1);
  CHECK(r.stations.at("S2").sellers.household_sales == 1);
}
