// The KPI endpoints on the real `hub serve` over TLS on 127.0.0.1: a sold listing pushed
// by a station shows up in its county's sales; another county, a station token and a bad
// period are refused with the right status and a bilingual error.
#include <catch2/catch.hpp>

#include "cunzhan/shared/json_util.hpp"
#include "hub_fixture.hpp"
#include "hub_process.hpp"

using namespace cunzhan;
using namespace cunzhan::hub;
using namespace cunzhan::hub::testing;

TEST_CASE("kpi endpoints on the real hub", "[kpi][integration]") {
  hub_process h;  // 苍溪县 510824 imported, two stations, staff token for 510824
  auto c = h.client();
  auto data = listing_data(uuid_v4(), "510824100205");
  data["status"] = "sold";
  data["sold_quantity"] = 10;
  data["sold_amount_fen"] = 12345;
  data["sold_at"] = "2026-11-20T21:00:00+08:00";
  const auto body = boost::json::serialize(
      batch({make_op(uuid_v7(), 1, "listing", std::string(data["id"].as_string()), data)}));
  auto pushed = c->request("POST", "/v1/sync/push", hub_process::auth(h.st_a.token), body);
  REQUIRE(pushed);
  REQUIRE(pushed->status == 200);
  REQUIRE(pushed->body.find("\"applied\"") != std::string::npos);

  auto res = c->request("GET", "/v1/counties/510824/kpis?from=2026-11-01&to=2026-11-30",
                        hub_process::auth(h.staff_token), "");
  REQUIRE(res);
  REQUIRE(res->status == 200);
  auto v = parse_json(res->body);
  REQUIRE(v);
  CHECK(v->at("administrative_villages").as_int64() > 300);  // 苍溪县 has 364 in the handbook's count
  CHECK(v->at("activity").at("sales").at("amount_fen").as_int64() == 12345);
  CHECK(v->at("activity").at("sales").at("by_category").at("fruit").at("count").as_int64() == 1);

  auto stations =
      c->request("GET", "/v1/counties/510824/stations?period=2026-11", hub_process::auth(h.staff_token), "");
  REQUIRE(stations);
  CHECK(stations->status == 200);
  CHECK(stations->body.find("白观村站") != std::string::npos);
  CHECK(stations->body.find("\"last_sync\"") != std::string::npos);

  auto csv = c->request("GET", "/v1/counties/510824/report.csv?period=2026-11&table=townships",
                        hub_process::auth(h.staff_token), "");
  REQUIRE(csv);
  CHECK(csv->status == 200);
  CHECK(csv->body.rfind("\xEF\xBB\xBF乡镇代码", 0) == 0);

  for (const char* what : {"kpis", "townships", "stations", "coverage", "report.csv"}) {
    INFO(what);
    auto other = c->request("GET", std::string("/v1/counties/500153/") + what + "?period=2026-11",
                            hub_process::auth(h.staff_token), "");
    REQUIRE(other);
    CHECK(other->status == 403);
    auto station = c->request("GET", std::string("/v1/counties/510824/") + what + "?period=2026-11",
                              hub_process::auth(h.st_a.token), "");
    REQUIRE(station);
    CHECK(station->status == 403);
  }
  auto bad =
      c->request("GET", "/v1/counties/510824/kpis?period=2026-Q7", hub_process::auth(h.staff_token), "");
  REQUIRE(bad);
  CHECK(bad->status == 400);
  auto e = parse_json(bad->body);
  REQUIRE(e);
  CHECK(e->at("error").at("code").as_string() == "invalid_argument");
  CHECK_FALSE(e->at("error").at("message_zh").as_string().empty());
}
