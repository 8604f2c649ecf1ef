// The villager-service figures the JSON API shows (people_served_rate with its 30 % target,
// trained_station_rate, leaders) for a roster and population kept with the hub CLI
// (villager_roster_cli_test.cpp tests the commands themselves) and services at the hub.
#include <catch2/catch.hpp>

#include "cunzhan/shared/json_util.hpp"
#include "kpi_cli_fixture.hpp"

using namespace cunzhan;
using namespace cunzhan::hub;
using namespace cunzhan::hub::testing;

namespace {

const std::string &V1 = k_cli_village_1, &V2 = k_cli_village_2;

boost::json::object kpis(kpi_db& d) {
  auto res = get_county_kpis(d, add_staff(d), {{"period", "2026-11"}});
  REQUIRE(res.status == 200);
  // Every answer announces the entities this hub accepts (PROTOCOL.md "Compatibility").
  const std::string* entities = res.header("x-hub-entities");
  REQUIRE(entities != nullptr);
  CHECK(*entities == "listing,pickup,courier_point,villager,proxy_buy,service");
  auto v = parse_json(res.body);
  REQUIRE(v);
  return v->as_object();
}

}  // namespace

TEST_CASE("villager services in the KPI API: people served with its 30 % target and trained stations",
          "[villager][cli][kpi]") {
  kpi_db d;
  villager_county(d);
  const std::string o1 = officer_roster(d);

  // Four villagers of V1 served in the 12 months ending 11-30: 4 of 10 people.
  for (int i = 0; i < 4; ++i) {
    const auto v = uuid_v4();
    d.run(
        "INSERT INTO villager (id, station_id, county_code, township_code, village_code, household_size, "
        "data, "
        "received_at, last_seq) VALUES (?, 'S1', '510999', '510999100', ?, 2, '{}', 0, 1)",
        v, V1);
    d.run(
        "INSERT INTO service (id, station_id, county_code, township_code, villager_id, served_on, kind, "
        "data, "
        "received_at, last_seq) VALUES (?, 'S1', '510999', '510999100', ?, ?, 'information', '{}', 0, 1)",
        uuid_v4(), v, std::string(i == 0 ? "2025-12-01" : "2026-11-30"));
  }
  d.refresh_people_served();
  const auto k = kpis(d);
  const auto& vs = k.at("villager_services").as_object();
  CHECK(vs.at("people_served_rate").at("numerator").as_int64() == 4);
  CHECK(vs.at("people_served_rate").at("denominator").as_int64() == 10);
  CHECK(vs.at("villages_without_population").as_int64() == 1);
  CHECK(vs.at("trained_station_rate").at("numerator").as_int64() ==
        1);  // S2, where the trained officer now serves
  CHECK(vs.at("trained_station_rate").at("denominator").as_int64() == 2);
  CHECK(vs.at("ecommerce_leaders").as_int64() == 1);
  CHECK(vs.at("people_served_growth").at("grew").as_bool());
  bool found = false;
  for (const auto& line : k.at("kpis").as_array()) {
    if (line.at("kpi").as_string() != "people_served_rate") continue;
    found = true;
    CHECK(line.at("target").as_double() == Approx(0.3));
    CHECK(line.at("pass").as_bool());  // 40 % ≥ 30 %
  }
  CHECK(found);
}
