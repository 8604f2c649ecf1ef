// clock: the real clock agrees with now_seconds()/today_shanghai(); the test clock moves
// only when set or advanced, and validation takes its time from a clock.
#include <catch2/catch.hpp>
#include <thread>
#include <vector>

#include "cunzhan/shared/clock.hpp"
#include "cunzhan/shared/tr.hpp"
#include "cunzhan/shared/validate.hpp"

using namespace cunzhan;
using namespace std::chrono;

TEST_CASE("clock: the real clock is the system's") {
  const clock_source& c = real_clock();
  const auto before = now_seconds();
  const auto t = c.now();
  CHECK(t >= before);
  CHECK(t <= now_seconds());
  const auto d = c.today();
  CHECK((d == today_shanghai() || d == shanghai_day(now_seconds() - seconds{1})));
  const auto s1 = c.steady_now();
  CHECK(c.steady_now() >= s1);
  CHECK(c.unix_seconds() >= before.time_since_epoch().count());
  CHECK(&real_clock() == &c);
}

TEST_CASE("clock: the test clock is set and advanced, never moving by itself") {
  test_clock c;
  CHECK(format_instant(c.now()) == "2026-11-20T12:00:00+08:00");
  CHECK(c.today() == year{2026} / 11 / 20);
  const auto s0 = c.steady_now();
  CHECK(c.now() == c.now());
  c.advance(hours{12});  // 2026-11-21 00:00 in Shanghai: the day turns
  CHECK(format_instant(c.now()) == "2026-11-21T00:00:00+08:00");
  CHECK(c.today() == year{2026} / 11 / 21);
  CHECK(c.steady_now() - s0 == hours{12});
  // Sub-second steps add up to a whole second of wall time.
  c.advance(milliseconds{600});
  CHECK(format_instant(c.now()) == "2026-11-21T00:00:00+08:00");
  c.advance(milliseconds{600});
  CHECK(format_instant(c.now()) == "2026-11-21T00:00:01+08:00");
  // set() moves the wall time only, as setting a PC's clock does.
  const auto s1 = c.steady_now();
  c.set(*parse_instant("1970-01-01T08:00:10+08:00"));
  CHECK(c.unix_seconds() == 10);
  CHECK(c.steady_now() == s1);
  test_clock other(*parse_instant("2030-01-01T00:00:00Z"));
  CHECK(other.today() == year{2030} / 1 / 1);
}

TEST_CASE("clock: the test clock is moved and read from several threads") {
  test_clock c;
  const auto start = c.now();
  std::vector<std::thread> ts;
  for (int i = 0; i < 4; ++i) {
    ts.emplace_back([&] {
      for (int k = 0; k < 1000; ++k) {
        c.advance(milliseconds{250});
        (void)c.today();
      }
    });
  }
  for (auto& t : ts) t.join();
  CHECK(c.now() - start == seconds{1000});
}

TEST_CASE("clock: validation's today and now come from the clock it is given") {
  test_clock c(*parse_instant("2026-11-20T23:59:00+08:00"));
  validation_context ctx;
  ctx.at(c);
  CHECK(ctx.today == year{2026} / 11 / 20);
  CHECK(ctx.now == c.now());
  c.advance(minutes{2});
  ctx.at(c);
  CHECK(ctx.today == year{2026} / 11 / 21);
}

TEST_CASE("tr: picks the text for the language, Chinese first") {
  CHECK(tr(lang::zh, "站点", "station") == "站点");
  CHECK(tr(lang::en, "站点", "station") == "station");
  static_assert(tr(lang::en, "a", "b") == "b");
}
