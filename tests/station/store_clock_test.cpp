// The store reads the time from store_options::clock (issue 13): a test_clock, not the
// system's, stamps what is added and decides what "today" is, for the counts and for
// validation ("not in the future"), so no test has to wait for a date to change.
#include <catch2/catch.hpp>

#include "cunzhan/shared/clock.hpp"
#include "cunzhan/shared/enrolment.hpp"
#include "cunzhan/station/store.hpp"
#include "station_fixture.hpp"

using namespace cunzhan;
using namespace cunzhan::station_client;

namespace {

listing harvested(date on) {
  listing l;
  l.product_name = "红薯";
  l.category = "vegetable";
  l.quantity = 500;
  l.unit = "斤";
  l.price_fen = 250;
  l.village_code = test::k_village;
  l.harvest_date = on;
  return l;
}

}  // namespace

TEST_CASE("store: a test_clock stamps records and decides today's counts and the future (issue 13)") {
  test::temp_dir d{"store-clock"};
  // Years after the real date, 30 minutes before midnight in Asia/Shanghai.
  test_clock clock(*parse_instant("2031-03-31T23:30:00+08:00"));
  store_options o;
  o.clock = &clock;
  auto s = store::open(d.path() / "data", o);
  REQUIRE(s.ok());
  auto e = parse_enrolment(test::enrolment_json());
  REQUIRE(e.ok());
  REQUIRE((*s)->meta().init(*e, false).ok());
  CHECK(&(*s)->clock() == &clock);

  // Harvested "yesterday" by the store's clock: in the future by the system's, so this
  // is refused if validation reads the real time.
  auto first = (*s)->listings().add(harvested(*parse_date("2031-03-30")));
  INFO((first.ok() ? std::string() : first.err().describe(lang::en)));
  REQUIRE(first.ok());
  CHECK(first->created_at == clock.now());
  CHECK(first->updated_at == clock.now());
  const date march_31 = *parse_date("2031-03-31");
  CHECK(clock.today() == march_31);
  CHECK(*(*s)->listings().added_on(march_31) == 1);

  // Past midnight: a new day with nothing added yet, and a change is stamped with it.
  clock.advance(std::chrono::hours(1));
  const date april_1 = *parse_date("2031-04-01");
  CHECK(clock.today() == april_1);
  CHECK(*(*s)->listings().added_on(april_1) == 0);
  auto withdrawn = (*s)->listings().withdraw(first->id);
  REQUIRE(withdrawn.ok());
  CHECK(withdrawn->updated_at == clock.now());
  CHECK(withdrawn->created_at == first->created_at);

  auto harvested_tomorrow = (*s)->listings().add(harvested(*parse_date("2031-04-02")));
  REQUIRE_FALSE(harvested_tomorrow.ok());  // the store's tomorrow is still the future
  CHECK(*(*s)->listings().added_on(april_1) == 0);
}
