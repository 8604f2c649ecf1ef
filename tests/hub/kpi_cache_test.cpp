// The report cache behind the KPI routes and the dashboard: repeated reads of one county
// and period share a computation, and any commit to hub.db (this process's, or an admin
// command's on its own connection) is seen by the next read.
#include <catch2/catch.hpp>

#include "cunzhan/hub/router.hpp"
#include "cunzhan/shared/json_util.hpp"
#include "hub_fixture.hpp"

using namespace cunzhan;
using namespace cunzhan::hub;
using namespace cunzhan::hub::testing;

namespace {

std::int64_t operating_station_villages(router& rt, const std::string& token) {
  net::http_request r;
  r.method = "GET";
  r.path = r.target = "/v1/counties/510824/kpis";
  r.query = {{"period", "2026-11"}};
  r.headers.emplace_back("authorization", "Bearer " + token);
  auto res = rt.handle(std::move(r));
  REQUIRE(res.status == 200);
  auto v = parse_json(res.body);
  REQUIRE(v);
  return v->at("coverage").at("station_coverage").at("numerator").as_int64();
}

void close_station(sql::database& db, const std::string& id, const char* day) {
  auto st = db.prepare("UPDATE station SET closed_on = ? WHERE id = ?");
  REQUIRE(st.ok());
  REQUIRE(st->bind(1, day).bind(2, id).run());
}

}  // namespace

TEST_CASE("kpi cache: a read after any commit shows it, from this process or another connection",
          "[kpi][router]") {
  fixture f;  // stations a and b operate in 510824
  router rt(*f.backend, {}, nullptr);
  const auto before = operating_station_villages(rt, f.staff_token);
  REQUIRE(before == 2);
  CHECK(operating_station_villages(rt, f.staff_token) == before);  // served from the cache

  {  // through this store's writer, as the server's own handlers write
    auto w = f.store->writer();
    close_station(w.db(), f.a.id, "2026-11-10");
  }
  CHECK(operating_station_villages(rt, f.staff_token) == before - 1);

  {  // another connection to the same file, as `hub station close` run beside `hub serve`
    auto other = hub_store::open((f.dir.path() / "data").string(), false);
    REQUIRE(other.ok());
    auto w = (*other)->writer();
    close_station(w.db(), f.b.id, "2026-11-10");
  }
  CHECK(operating_station_villages(rt, f.staff_token) == before - 2);
}
