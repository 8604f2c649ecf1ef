// division_code: kinds on real 荣昌区 codes, bad shapes, and the shipped village list.
#include <catch2/catch.hpp>

#include <set>

#include "cunzhan/shared/division_code.hpp"
#include "cunzhan/shared/text.hpp"
#include "test_support.hpp"

using namespace cunzhan;

TEST_CASE("division_code: an administrative village in a town of 荣昌区") {
  auto c = division_code::parse("500153102200");
  REQUIRE(c);
  CHECK(c->county() == "500153");
  CHECK(c->township() == "500153102");
  CHECK(c->province() == "50");
  CHECK(c->prefecture() == "5001");
  CHECK(c->township_part() == 102);
  CHECK(c->village_part() == 200);
  CHECK(c->township_type() == township_kind::town);
  CHECK(township_kind_name(c->township_type(), true) == "镇");
  CHECK(c->village_type() == village_kind::administrative_village);
  CHECK(c->is_village_level());
  CHECK_FALSE(c->is_township_level());
  CHECK(c->is_administrative_village());
  CHECK(is_administrative_village_code("500153102200"));
}

TEST_CASE("division_code: a community in a 街道 is not an administrative village") {
  auto c = division_code::parse("500153001001");
  REQUIRE(c);
  CHECK(c->township_type() == township_kind::subdistrict);
  CHECK(township_kind_name(c->township_type(), true) == "街道");
  CHECK(c->village_type() == village_kind::community);
  CHECK_FALSE(c->is_administrative_village());
  CHECK_FALSE(is_administrative_village_code("500153001001"));
}

TEST_CASE("division_code: 乡, township-like, village-like and township-level codes") {
  auto xiang = division_code::parse("510824200201");
  REQUIRE(xiang);
  CHECK(xiang->township_type() == township_kind::township);
  CHECK(township_kind_name(township_kind::township, true) == "乡");
  CHECK(division_code::parse("510824400201")->township_type() == township_kind::township_like);
  auto village_like = division_code::parse("510824101500");
  REQUIRE(village_like);
  CHECK(village_like->village_type() == village_kind::village_like);
  CHECK(village_like->is_administrative_village());
  CHECK(division_code::parse("510824101450")->village_type() == village_kind::community_like);
  CHECK_FALSE(division_code::parse("510824101450")->is_administrative_village());
  auto town = division_code::parse("500153102000");
  REQUIRE(town);
  CHECK(town->is_township_level());
  CHECK_FALSE(town->is_village_level());
  CHECK(division_code::parse("500153000000"));  // the county itself
  CHECK(division_code::parse("500153102200") < division_code::parse("500153102201"));
}

TEST_CASE("division_code: bad shapes are rejected") {
  for (const char* s : {"", "50015310220", "5001531022000", "50015310220a", "000153102200", "500053102200",
                        "500100102200", "500153000200", "５00153102200", " 500153102200"})
    CHECK_FALSE(division_code::parse(s));
  CHECK(is_county_code("500153"));
  CHECK_FALSE(is_county_code("50015"));
  CHECK_FALSE(is_county_code("500100"));
  CHECK_FALSE(is_county_code("50015a"));
  CHECK_FALSE(is_administrative_village_code("garbage"));
}

TEST_CASE("division_code: 荣昌区 has 92 administrative villages in the shipped data") {
  const std::string csv = cunzhan::test::read_file(cunzhan::test::divisions_dir() / "villages-500153.csv");
  const auto lines = split(csv, '\n');
  REQUIRE(lines.size() > 100);
  CHECK(lines[0].starts_with("code,"));
  std::size_t admin = 0, rows = 0;
  std::set<std::string> townships;
  for (std::size_t i = 1; i < lines.size(); ++i) {
    const std::string_view line = trim(lines[i]);
    if (line.empty()) continue;
    const auto c = division_code::parse(line.substr(0, 12));
    REQUIRE(c);
    ++rows;
    CHECK(c->county() == "500153");
    CHECK(c->is_village_level());
    if (c->is_administrative_village()) {
      ++admin;
      townships.emplace(c->township());
    }
  }
  CHECK(rows > admin);  // communities exist too
  CHECK(admin == 92);
  CHECK(townships.count("500153102") == 1);
}
