// Tests for bounded JSON parsing (depth, UTF-8, size, syntax) and canonical output.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <stdexcept>

#include <boost/json.hpp>

#include "cunzhan/shared/json_util.hpp"

using namespace cunzhan;

TEST_CASE("json_util: 1,000-deep nesting is json_too_deep", "[json]") {
  const std::string arrays = std::string(1000, '[') + std::string(1000, ']');
  auto r = parse_json(arrays);
  REQUIRE_FALSE(r.ok());
  CHECK(r.err().code == errc::json_too_deep);

  std::string objects;
  for (int i = 0; i < 1000; ++i) objects += "{\"a\":";
  objects += "1" + std::string(1000, '}');
  auto o = parse_json(objects);
  REQUIRE_FALSE(o.ok());
  CHECK(o.err().code == errc::json_too_deep);

  // Far deeper than any stack would allow for a recursive parser.
  const std::string huge = std::string(1'000'000, '[');
  CHECK(parse_json(huge).err().code == errc::json_too_deep);
}

TEST_CASE("json_util: nesting at the limit parses, one more does not", "[json]") {
  json_limits lim;
  lim.max_depth = 5;
  CHECK(parse_json("[[[[[1]]]]]", lim).ok());
  CHECK(parse_json("[[[[[[1]]]]]]", lim).err().code == errc::json_too_deep);
}

TEST_CASE("json_util: invalid UTF-8 is invalid_utf8", "[json]") {
  auto r = parse_json(std::string("{\"name\":\"\xC0\xAF\"}"));
  REQUIRE_FALSE(r.ok());
  CHECK(r.err().code == errc::invalid_utf8);
  // GBK bytes of 苹果 are not UTF-8.
  CHECK(parse_json(std::string("{\"name\":\"\xC6\xBB\xB9\xFB\"}")).err().code == errc::invalid_utf8);
  auto good = parse_json("{\"name\":\"苹果\"}");
  REQUIRE(good.ok());
  CHECK(good->at("name").as_string() == "苹果");
}

TEST_CASE("json_util: malformed JSON is invalid_json with a bilingual detail", "[json]") {
  for (const char* bad : {"", "{", "{\"a\":}", "[1,2,]", "{\"a\":1} x", "nul", "{'a':1}"}) {
    auto r = parse_json(bad);
    REQUIRE_FALSE(r.ok());
    CHECK(r.err().code == errc::invalid_json);
    CHECK_FALSE(r.err().detail_en.empty());
    CHECK_FALSE(r.err().detail_zh.empty());
  }
}

TEST_CASE("json_util: text over max_bytes is payload_too_large", "[json]") {
  json_limits lim;
  lim.max_bytes = 10;
  CHECK(parse_json("[1,2,3,4,5,6]", lim).err().code == errc::payload_too_large);
  CHECK(parse_json("[1,2]", lim).ok());
}

TEST_CASE("json_util: canonical_json sorts keys recursively", "[json]") {
  auto a = parse_json(R"({"b":1,"a":{"z":[{"y":2,"x":1}],"c":"文"},"0":null})");
  auto b = parse_json(R"({"0":null,"a":{"c":"文","z":[{"x":1,"y":2}]},"b":1})");
  REQUIRE(a.ok());
  REQUIRE(b.ok());
  const std::string ca = canonical_json(*a);
  CHECK(ca == R"({"0":null,"a":{"c":"文","z":[{"x":1,"y":2}]},"b":1})");
  CHECK(ca == canonical_json(*b));
  // Array order is content, not presentation.
  CHECK(canonical_json(*parse_json("[2,1]")) != canonical_json(*parse_json("[1,2]")));
  // Strings are escaped properly.
  CHECK(canonical_json(boost::json::value("a\"b\n")) == "\"a\\\"b\\n\"");
}

TEST_CASE("json_util: numbers too large to represent are refused, never written as Infinity/NaN", "[json]") {
  for (const char* text : {"1e400", "[-1e400]", "{\"price_fen\": 1e999}", "{\"a\":[0,{\"b\":-2e308}]}"}) {
    auto r = parse_json(text);
    REQUIRE_FALSE(r.ok());
    CHECK(r.err().code == errc::invalid_json);
  }
  CHECK(parse_json("[1.7976931348623157e308, -0.0, 1e-400]").ok());  // finite, if tiny
  CHECK_THROWS_AS(canonical_json(boost::json::value(std::numeric_limits<double>::infinity())),
                  std::domain_error);
  CHECK_THROWS_AS(canonical_json(boost::json::object{{"x", boost::json::array{std::nan("")}}}),
                  std::domain_error);
  const boost::json::value finite = boost::json::object{{"b", 1.5}, {"a", 2}};
  CHECK(*parse_json(canonical_json(finite)) == finite);
}

// Found by fuzz_parsers (issue 17): Boost.JSON 1.81 read about one double in ten a unit in
// the last place off, so canonical JSON did not read back as the same value.
TEST_CASE("json_util: every double reads back exactly from the text canonical JSON writes", "[json]") {
  for (double x : {6.666666666666667e106, 0.10361778799620111, 0.21497276625333178, 377456809.18169796,
                   2.2250738585072011e-308, 0.1, 12.5}) {
    INFO(x);
    const std::string text = canonical_json(boost::json::value(x));
    auto back = parse_json(text);
    REQUIRE(back.ok());
    CHECK(back->as_double() == x);
    CHECK(canonical_json(*back) == text);
  }
  // A long integer beyond int64: read as the nearest double, and the text written for it
  // reads back as that double (the fuzzer's input).
  auto v = parse_json(std::string(107, '6'));
  REQUIRE(v.ok());
  CHECK(v->as_double() == 6.666666666666667e106);
  CHECK(*parse_json(canonical_json(*v)) == *v);
  // Many ratios, as KPI figures are: every one reads back.
  int off = 0;
  for (int b = 1; b <= 3000; b += 7)
    for (int a = 0; a <= b; a += 3) {
      const boost::json::value r = static_cast<double>(a) / b;
      off += *parse_json(canonical_json(r)) != r;
    }
  CHECK(off == 0);
  CHECK(parse_json("0e400")->as_double() == 0);  // zero, not NaN
}
