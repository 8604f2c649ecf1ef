// time: date/instant parsing and formatting, and Asia/Shanghai (+08:00) day boundaries.
#include <catch2/catch.hpp>

#include "cunzhan/shared/time.hpp"

using namespace cunzhan;
using namespace std::chrono;

TEST_CASE("time: dates parse, format and round-trip, bad dates are rejected") {
  auto d = parse_date("2026-11-20");
  REQUIRE(d);
  CHECK(*d == year{2026} / 11 / 20);
  CHECK(format_date(*d) == "2026-11-20");
  CHECK(parse_date("2024-02-29"));
  CHECK_FALSE(parse_date("2026-02-29"));
  CHECK_FALSE(parse_date("2026-13-01"));
  CHECK_FALSE(parse_date("2026-1-01"));
  CHECK_FALSE(parse_date("2026-11-20x"));
  CHECK_FALSE(parse_date(""));
  CHECK(format_date(year{987} / 1 / 2) == "0987-01-02");
}

TEST_CASE("time: instants parse in every accepted form and format as +08:00") {
  auto t = parse_instant("2026-11-20T21:14:03+08:00");
  REQUIRE(t);
  CHECK(format_instant(*t) == "2026-11-20T21:14:03+08:00");
  CHECK(parse_instant("2026-11-20T13:14:03Z") == t);
  CHECK(parse_instant("2026-11-20T13:14:03.250Z") == t);
  CHECK(parse_instant("2026-11-20T21:14:03") == t);
  CHECK(parse_instant("2026-11-20T08:14:03-05:00") == t);
  CHECK(parse_instant("2026-11-20 21:14") == parse_instant("2026-11-20T21:14:00+08:00"));
  CHECK(t->time_since_epoch().count() == 1795180443);
  CHECK_FALSE(parse_instant("2026-11-20"));
  CHECK_FALSE(parse_instant("2026-11-20T24:00:00Z"));
  CHECK_FALSE(parse_instant("2026-11-20T21:14:03+0800"));
  CHECK_FALSE(parse_instant("2026-11-20T21:14:03Q"));
  CHECK_FALSE(parse_instant("2026-11-31T21:14:03Z"));
  for (const char* s :
       {"2026-01-01T00:00:00+08:00", "1999-12-31T23:59:59+08:00", "2030-06-15T12:30:00+08:00"})
    CHECK(format_instant(*parse_instant(s)) == s);
}

TEST_CASE("time: 23:59 and 00:01 Shanghai fall on different days than UTC") {
  // 00:01 Shanghai on 11-21 is still 11-20 in UTC.
  const auto early = *parse_instant("2026-11-21T00:01:00+08:00");
  CHECK(shanghai_day(early) == year{2026} / 11 / 21);
  CHECK(year_month_day{floor<days>(early)} == year{2026} / 11 / 20);
  // 23:59 Shanghai and 16:01 UTC: the UTC day is the same but Shanghai has moved on.
  const auto late = *parse_instant("2026-11-20T23:59:00+08:00");
  CHECK(shanghai_day(late) == year{2026} / 11 / 20);
  const auto after = *parse_instant("2026-11-20T16:01:00Z");
  CHECK(shanghai_day(after) == year{2026} / 11 / 21);
  CHECK(year_month_day{floor<days>(after)} == year{2026} / 11 / 20);

  const auto midnight = shanghai_midnight(year{2026} / 11 / 21);
  CHECK(format_instant(midnight) == "2026-11-21T00:00:00+08:00");
  CHECK(shanghai_day(midnight) == year{2026} / 11 / 21);
  CHECK(shanghai_day(midnight - seconds{1}) == year{2026} / 11 / 20);
  CHECK(shanghai_day(now_seconds()) == today_shanghai());
}

TEST_CASE(
    "time: every accepted date and instant reads back as itself, edges of the business range included") {
  // A value that formats outside four digits (9999-12-31T23:59:59Z → year 10000) made
  // every pickup list at a station fail; the fuzz corpus keeps the reproducer.
  CHECK_FALSE(parse_instant("9999-12-31T23:59:59Z"));
  CHECK_FALSE(parse_instant("0000-01-01T00:00:00+01:00"));
  CHECK_FALSE(parse_instant("1969-12-31T23:59:59+08:00"));
  CHECK_FALSE(parse_instant("2999-12-31T16:00:00Z"));  // 3000-01-01 in Shanghai
  CHECK_FALSE(parse_date("3000-01-01"));
  CHECK_FALSE(parse_date("1969-12-31"));
  CHECK_FALSE(parse_date("0000-01-01"));
  CHECK(parse_instant("1969-12-31T16:00:00Z"));  // 1970-01-01 00:00 in Shanghai
  CHECK(parse_instant("2999-12-31T15:59:59Z"));
  CHECK(parse_date("1970-01-01"));
  CHECK(parse_date("2999-12-31"));
  std::size_t days_checked = 0;
  for (sys_days d = sys_days{k_first_day}; d <= sys_days{k_last_day}; d += days{1}) {
    const date ymd{d};
    REQUIRE(parse_date(format_date(ymd)) == ymd);
    REQUIRE(in_business_range(ymd));
    // The first and last second of the Shanghai day, and one in the middle.
    for (const auto t : {shanghai_midnight(ymd), shanghai_midnight(ymd) + hours{13} + seconds{7},
                         shanghai_midnight(ymd) + days{1} - seconds{1}}) {
      const std::string text = format_instant(t);
      REQUIRE(text.size() == 25);
      REQUIRE(parse_instant(text) == t);
    }
    ++days_checked;
  }
  CHECK(days_checked == 376'200);  // 1970-01-01 … 2999-12-31
  // Just outside, in every written form: refused, never formatted as something else.
  for (const auto t :
       {shanghai_midnight(k_first_day) - seconds{1}, shanghai_midnight(k_last_day) + days{1}}) {
    CHECK_FALSE(in_business_range(t));
    CHECK_FALSE(parse_instant(format_instant(t)));
  }
}
