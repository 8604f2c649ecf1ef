// brands: the built-in registry, lookups by code or Chinese name, county additions.
#include <catch2/catch.hpp>

#include "cunzhan/shared/brands.hpp"

using namespace cunzhan;

TEST_CASE("brands: built-in codes and lookups") {
  const auto r = brand_registry::builtin();
  CHECK(r.all().size() == 11);
  for (const char* code : {"EMS", "YZPY", "SF", "ZTO", "YTO", "STO", "YD", "JD", "JTSD", "DBL", "HTKY"}) {
    INFO(code);
    const auto* b = r.find(code);
    REQUIRE(b);
    CHECK(b->code == code);
    CHECK_FALSE(b->name_zh.empty());
    CHECK_FALSE(b->name_en.empty());
  }
  CHECK(r.find("zto")->code == "ZTO");
  CHECK(r.find("中通")->code == "ZTO");
  CHECK(r.find("极兔")->code == "JTSD");
  CHECK(r.contains("SF"));
  CHECK_FALSE(r.contains("XYZ"));
  CHECK_FALSE(r.contains(""));
}

TEST_CASE("brands: a county can add or replace brands, bad codes are refused") {
  auto r = brand_registry::builtin();
  CHECK(r.add({"ANE", "安能", "ANE Logistics"}));
  CHECK(r.find("安能")->code == "ANE");
  CHECK(r.add({"ZTO", "中通快递", "ZTO"}));
  CHECK(r.all().size() == 12);
  CHECK(r.find("ZTO")->name_zh == "中通快递");
  CHECK_FALSE(r.add({"a", "x", "x"}));
  CHECK_FALSE(r.add({"lower", "x", "x"}));
  CHECK_FALSE(r.add({"TOO_LONG_CODE_12345", "x", "x"}));
  CHECK_FALSE(r.add({"BAD-DASH", "x", "x"}));
  CHECK(r.all().size() == 12);
}
