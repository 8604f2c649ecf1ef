// errc: every code has a unique wire name that round-trips and non-empty zh/en messages.
#include <catch2/catch.hpp>

#include <set>
#include <string>
#include <string_view>
#include <utility>

#include "cunzhan/shared/errc.hpp"
#include "cunzhan/shared/result.hpp"

using namespace cunzhan;

namespace {

// Whether E is a declared enumerator, read from the compiler's own spelling of the
// template argument: GCC and Clang print a declared value as "cunzhan::errc::io_error"
// and any other as "(cunzhan::errc)45". This walks every code without a list kept by hand.
template <errc E>
constexpr bool declared() {
  constexpr std::string_view f = __PRETTY_FUNCTION__;
  return f.find("(cunzhan::errc)") == std::string_view::npos;
}

template <int... I>
std::set<int> declared_values(std::integer_sequence<int, I...>) {
  std::set<int> out;
  ((declared<static_cast<errc>(I)>() ? (void)out.insert(I) : (void)0), ...);
  return out;
}

}  // namespace

TEST_CASE("errc: every code has zh and en messages and a unique round-tripping name") {
  std::size_t n = 0;
  const errc* codes = all_codes(n);
  // Every enumerator of errc.hpp (groups start at 0, 100 and 200) is in the table, so a
  // code added without its name and messages fails here.
  static_assert(declared<errc::io_error>() && !declared<static_cast<errc>(99)>());
  const std::set<int> enumerators = declared_values(std::make_integer_sequence<int, 300>{});
  std::set<int> listed;
  for (std::size_t i = 0; i < n; ++i) listed.insert(static_cast<int>(codes[i]));
  CHECK(listed == enumerators);
  CHECK(enumerators.size() > 40);
  std::set<std::string_view> names;
  std::set<int> values;
  for (std::size_t i = 0; i < n; ++i) {
    const errc e = codes[i];
    INFO("code " << static_cast<int>(e));
    CHECK_FALSE(code_name(e).empty());
    CHECK_FALSE(message(e, lang::zh).empty());
    CHECK_FALSE(message(e, lang::en).empty());
    CHECK(message(e, lang::zh) != message(e, lang::en));
    CHECK(code_from_name(code_name(e)) == e);
    CHECK(names.insert(code_name(e)).second);
    CHECK(values.insert(static_cast<int>(e)).second);
  }
  CHECK(values.count(static_cast<int>(errc::io_error)) == 1);
  CHECK(values.count(static_cast<int>(errc::enrolment_invalid)) == 1);
}

TEST_CASE("errc: unknown names map to server_error and error_code uses the category") {
  CHECK(code_from_name("no_such_code") == errc::server_error);
  CHECK(code_name(errc::op_conflict) == "op_conflict");
  std::error_code ec = errc::db_busy;
  CHECK(ec.category().name() == std::string("cunzhan"));
  CHECK(ec.message() == std::string(message(errc::db_busy, lang::en)));
  CHECK(ec == make_error_code(errc::db_busy));
}

TEST_CASE("errc: error::describe lists detail and every field in the chosen language") {
  error e(errc::validation_failed, "listing 42", "产品 42");
  e.fields.push_back({"quantity", errc::invalid_field, "quantity must be > 0", "数量必须大于 0"});
  e.fields.push_back({"unit", errc::unknown_unit, "unit is unknown", "单位未知"});
  const std::string en = e.describe(lang::en);
  const std::string zh = e.describe(lang::zh);
  CHECK(en.find(message(errc::validation_failed, lang::en)) == 0);
  CHECK(en.find("listing 42") != std::string::npos);
  CHECK(en.find("quantity: quantity must be > 0") != std::string::npos);
  CHECK(en.find("unit: unit is unknown") != std::string::npos);
  CHECK(zh.find(message(errc::validation_failed, lang::zh)) == 0);
  CHECK(zh.find("产品 42") != std::string::npos);
  CHECK(zh.find("数量必须大于 0") != std::string::npos);
  CHECK(zh.find("单位未知") != std::string::npos);
  CHECK(error(errc::not_found).describe(lang::en) == "Not found");
}
