// Station program versions at the hub (shared/PROTOCOL.md "Compatibility"): the version
// each sync announced is recorded and the latest shown per station (JSON stations table,
// dashboard); a configured minimum refuses older stations at admission with 426 in both
// languages; every answer carries the hub's own version.
#include <catch2/catch.hpp>

#include "cunzhan/hub/kpi.hpp"
#include "cunzhan/hub/report_source.hpp"
#include "cunzhan/hub/router.hpp"
#include "cunzhan/shared/json_util.hpp"
#include "cunzhan/shared/version.hpp"
#include "hub_fixture.hpp"
#include "report/dashboard_html.hpp"

using namespace cunzhan;
using namespace cunzhan::hub;
using namespace cunzhan::hub::testing;

namespace {

net::http_request station_get(const std::string& path, const std::string& token, const std::string& version) {
  auto r = make("GET", path, token);
  if (!version.empty()) r.headers.emplace_back("x-station-version", version);
  return r;
}

void add_session(fixture& f, const std::string& station, std::int64_t ended, const char* version) {
  auto w = f.store->writer();
  auto q = w.db().prepare(
      "INSERT INTO sync_session (station_id, started_at, ended_at, bytes_in, bytes_out, applied, duplicate, "
      "rejected, ok, station_version) VALUES (?, ?, ?, 0, 0, 0, 0, 0, 1, ?)");
  REQUIRE(q);
  q->bind(1, station).bind(2, ended - 5).bind(3, ended);
  if (version)
    q->bind(4, std::string(version));
  else
    q->bind_null(4);
  REQUIRE(q->run());
}

}  // namespace

TEST_CASE("the latest announced station version is shown in the stations table and the dashboard",
          "[hub][compat]") {
  fixture f;
  add_session(f, f.a.id, 1'790'000'000, "0.1.0");
  add_session(f, f.a.id, 1'790'000'100, "0.3.1");
  add_session(f, f.a.id, 1'790'000'200, nullptr);  // a request that did not say: the last said stays
  router rt(*f.backend, {}, nullptr);
  auto res = rt.handle(make("GET", "/v1/counties/510824/stations", f.staff_token));
  REQUIRE(res.status == 200);
  auto v = parse_json(res.body);
  REQUIRE(v);
  std::map<std::string, std::string> shown;
  for (const auto& s : v->at("stations").as_array()) {
    const auto& pv = s.at("program_version");
    shown[std::string(s.at("id").as_string())] = pv.is_null() ? "null" : std::string(pv.as_string());
  }
  CHECK(shown[f.a.id] == "0.3.1");
  CHECK(shown[f.b.id] == "null");
  REQUIRE(res.header("x-hub-version"));
  CHECK(*res.header("x-hub-version") == std::string(program_version()));

  auto report = report::compute(*f.backend, "510824", *kpi::parse_period("2026-11", {}, {}), {});
  REQUIRE(report);
  kpi::dashboard_page page;
  page.report = std::move(*report);
  const auto html = kpi::render_dashboard(page);
  CHECK(html.find("站点程序版本") != std::string::npos);
  CHECK(html.find("<td data-k=\"program_version\">0.3.1</td>") != std::string::npos);
}

TEST_CASE("a minimum station version refuses older or silent stations with 426 before the body",
          "[hub][compat]") {
  fixture f;
  router_options o;
  o.min_station_version = "0.2.0";
  router rt(*f.backend, o, nullptr);
  for (const std::string old : {"0.1.9", "", "garbage"}) {
    INFO(old);
    auto refusal = rt.admit(station_get("/v1/sync/pull", f.token_a, old));
    REQUIRE(refusal);
    CHECK(refusal->status == 426);
    auto e = parse_json(refusal->body);
    REQUIRE(e);
    CHECK(e->at("error").at("code").as_string() == "station_too_old");
    CHECK(std::string(e->at("error").at("message").as_string()).find("the hub accepts 0.2.0 or newer") !=
          std::string::npos);
    CHECK(std::string(e->at("error").at("message_zh").as_string()).find("请安装新版站点程序") !=
          std::string::npos);
    REQUIRE(refusal->header("x-hub-version"));
  }
  for (const std::string ok : {"0.2.0", "0.10.0", "1.0"}) {
    INFO(ok);
    CHECK_FALSE(rt.admit(station_get("/v1/sync/pull", f.token_a, ok)));
    CHECK(rt.handle(station_get("/v1/sync/pull", f.token_a, ok)).status == 200);
  }
  // Staff and open routes are not stations: no version asked.
  CHECK_FALSE(rt.admit(make("GET", "/v1/health")));
  // The pull recorded the version it announced.
  CHECK(f.count("SELECT count(*) FROM sync_session WHERE station_id = '" + f.a.id +
                "' AND station_version = '0.10.0'") == 1);
}

TEST_CASE("dotted versions compare numerically", "[hub][compat]") {
  CHECK(compare_versions("0.10.0", "0.9.3") == 1);
  CHECK(compare_versions("0.1", "0.1.0") == 0);
  CHECK(compare_versions("1.2.3", "1.2.4") == -1);
  CHECK_FALSE(compare_versions("", "0.1.0"));
  CHECK_FALSE(compare_versions("0.1.x", "0.1.0"));
  CHECK_FALSE(compare_versions("1.2.3.4.5", "1"));
  CHECK_FALSE(compare_versions("-1", "1"));
  CHECK(compare_versions(program_version(), program_version()) == 0);
}
