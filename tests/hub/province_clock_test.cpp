// The province's intake decides by the clock it is given (shared/clock.hpp): which months
// have ended is the router's "today", so a test sets the day instead of waiting for a month
// to end, and the system's date (already past the month here) does not leak in.
#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include "cunzhan/hub/province/province_store.hpp"
#include "cunzhan/shared/clock.hpp"
#include "cunzhan/shared/uuid.hpp"
#include "province/intake.hpp"
#include "test_support.hpp"

using namespace cunzhan;
using namespace cunzhan::hub::province;
namespace json = boost::json;

namespace {

net::http_request report_for(const std::string& month) {
  net::http_request r;
  r.method = "POST";
  r.target = r.path = "/v1/province/reports";
  r.headers.emplace_back("content-type", "application/json");
  r.body = json::serialize(json::object{
      {"submission_id", uuid_v4()},
      {"county_code", "510824"},
      {"period", month},
      {"report", json::object{{"kpis", json::object{{"county_code", "510824"},
                                                    {"period", json::object{{"label", month}}},
                                                    {"activity", json::object{{"sales", 100}}}}}}}});
  r.content_length = r.body.size();
  return r;
}

}  // namespace

TEST_CASE("province intake: a month has ended by the clock's day, not the system's", "[province][clock]") {
  test::temp_dir dir("province-clock");
  auto s = province_store::open(dir.path().string(), true, "51");
  REQUIRE(s);
  auto& store = **s;
  REQUIRE(store.upsert_counties({{"510824", "5108", "51", 31, 200, "苍溪县", "广元市"}}));
  test_clock clock;  // 2026-11-20 12:00 in Shanghai: November has not ended
  REQUIRE(format_date(clock.today()) == "2026-11-20");

  auto early = take_submission(store, "510824", report_for("2026-11"), clock.unix_seconds(), clock.today());
  CHECK(early.status == 422);
  CHECK(early.body.find("has ended") != std::string::npos);
  auto none = store.latest_in("2026-11", "2026-11");
  REQUIRE(none);
  CHECK(none->empty());  // nothing stored

  clock.advance(std::chrono::hours(24 * 11));  // 2026-12-01: November is over
  auto later = take_submission(store, "510824", report_for("2026-11"), clock.unix_seconds(), clock.today());
  CHECK(later.status == 200);
  auto one = store.latest_in("2026-11", "2026-11");
  REQUIRE(one);
  REQUIRE(one->size() == 1);
  CHECK(one->front().latest.version == 1);
  CHECK(one->front().latest.received_at == clock.unix_seconds());
}
