// The villager-service figures the JSON API shows (people_served_rate with its 30 % target,
// trained_station_rate, leaders) for a roster and population kept with the hub CLI
// (villager_roster_cli_test.cpp tests the commands themselves) and services at the hub;
// count targets (officers_trained_to_date, ecommerce_leaders) in the JSON, CSV and `hub report`.
#include <catch2/catch.hpp>

#include "cunzhan/shared/csv.hpp"
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

TEST_CASE("count targets: hub targets set checks them, the JSON, CSV and hub report carry them",
          "[villager][cli][kpi][targets]") {
  kpi_db d;
  villager_county(d);
  officer_roster(d);  // one officer, trained in March, serving S2 and a leader on 11-30
  const auto set = [&](const std::string& kpi, const std::string& v) {
    return run_hub(d, {"targets", "set", "--county", "510999", "--kpi", kpi, "--value", v});
  };
  REQUIRE(set("officers_trained_to_date", "1").exit_code == 0);  // 1 of 1: met at the edge
  REQUIRE(set("ecommerce_leaders", "2").exit_code == 0);         // 1 of 2: not met
  const auto listed = run_hub(d, {"targets", "list", "--county", "510999"}).out;
  // Refusals name the rule in both languages and change nothing.
  for (const auto& [kpi, v, rule] : {std::tuple{"officers_trained_to_date", "2.5", "whole number"},
                                     std::tuple{"ecommerce_leaders", "-1", "整数"},
                                     std::tuple{"ecommerce_leaders", "1000001", "0 to 1000000"},
                                     std::tuple{"ecommerce_leaders", "nan", "整数"},
                                     std::tuple{"people_served_rate", "300", "between 0 and 1"},
                                     std::tuple{"officers_trained", "300", "officers_trained_to_date"}}) {
    INFO(kpi << " " << v);
    const auto r = set(kpi, v);
    CHECK(r.exit_code == 2);
    CHECK(r.err.find(rule) != std::string::npos);
  }
  CHECK(run_hub(d, {"targets", "list", "--county", "510999"}).out == listed);

  const auto k = kpis(d);
  std::map<std::string, boost::json::value> lines;
  for (const auto& line : k.at("kpis").as_array()) lines[std::string(line.at("kpi").as_string())] = line;
  CHECK(lines.at("people_served_rate").at("kind").as_string() == "share");
  const auto& officers = lines.at("officers_trained_to_date");
  CHECK(officers.at("kind").as_string() == "count");
  CHECK(officers.at("figure").at("numerator").as_int64() == 1);
  CHECK(officers.at("figure").at("denominator").as_int64() == 1);
  CHECK(officers.at("figure").at("value").as_int64() == 1);  // an integer, not 1.0
  CHECK(officers.at("target").as_int64() == 1);
  CHECK(officers.at("pass").as_bool());
  const auto& leaders = lines.at("ecommerce_leaders");
  CHECK(leaders.at("figure").at("value").as_int64() == 1);
  CHECK(leaders.at("target").as_int64() == 2);
  CHECK_FALSE(leaders.at("pass").as_bool());
  CHECK(k.at("villager_services").at("officers_trained_to_date").as_int64() == 1);
  CHECK(k.at("villager_services").at("officers_trained").as_int64() == 0);  // no session in November

  // The CSV's KPI table: 数值 the count, 目标 a whole number, 是否达标; no 分子/分母.
  router rt(*d.backend, {}, nullptr);
  net::http_request q;
  q.method = "GET";
  q.path = q.target = "/v1/counties/510999/report.csv";
  q.query = {{"period", "2026-11"}, {"table", "kpis"}};
  q.headers.emplace_back("authorization", "Bearer " + add_staff(d));
  const auto res = rt.handle(std::move(q));
  REQUIRE(res.status == 200);
  auto rows = csv::parse(std::string_view(res.body).substr(3));
  REQUIRE(rows);
  std::map<std::string, std::vector<std::string>> by_key;
  for (const auto& r : *rows)
    if (r.cells.size() >= 7 && !by_key.count(r.cells[1])) by_key[r.cells[1]] = r.cells;
  CHECK(by_key.at("officers_trained_to_date") == std::vector<std::string>{"在岗受训信息员（累计）",
                                                                          "officers_trained_to_date", "", "",
                                                                          "1", "1", "达标"});
  CHECK(by_key.at("ecommerce_leaders") ==
        std::vector<std::string>{"农村电商带头人", "ecommerce_leaders", "", "", "1", "2", "未达标"});

  // `hub report`: the count, its target and pass, no percentage.
  const auto rep = run_hub(d, {"report", "--county", "510999", "--period", "2026-11", "--lang", "en"});
  REQUIRE(rep.exit_code == 0);
  const auto at = rep.out.find("\nRural e-commerce leaders ");
  REQUIRE(at != std::string::npos);
  const auto line = rep.out.substr(at + 1, rep.out.find('\n', at + 1) - at - 1);
  INFO(line);
  CHECK(line.find(" 1 ") != std::string::npos);
  CHECK(line.find(" 2 ") != std::string::npos);
  CHECK(line.find("NO") != std::string::npos);
  CHECK(line.find('%') == std::string::npos);
}
