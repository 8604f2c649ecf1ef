// Token issue, parse and verify.
#include <catch2/catch.hpp>

#include "hub_fixture.hpp"

using namespace cunzhan;
using namespace cunzhan::hub;

TEST_CASE("tokens have the documented shape and verify only with the right secret", "[auth]") {
  const auto t = issue_token(token_kind::station);
  REQUIRE(t.token.size() == 3 + 16 + 1 + 64);
  CHECK(t.token.rfind("st_", 0) == 0);
  auto p = parse_token(t.token);
  REQUIRE(p);
  CHECK(p->kind == token_kind::station);
  CHECK(p->token_id == t.token_id);
  CHECK(sha256(p->secret) == t.secret_hash);
  CHECK(issue_token(token_kind::staff).token.rfind("sf_", 0) == 0);
  CHECK_FALSE(parse_token("st_xyz"));
  CHECK_FALSE(parse_token(t.token.substr(0, t.token.size() - 1) + "G"));
  CHECK(bearer_of("Bearer abc") == std::optional<std::string_view>("abc"));
  CHECK(bearer_of("bearer abc") == std::optional<std::string_view>("abc"));
  CHECK_FALSE(bearer_of("Basic abc"));
}

TEST_CASE("authenticate finds the station from the token alone", "[auth]") {
  hub::testing::fixture f;
  auto who = authenticate(*f.backend, f.token_b);
  REQUIRE(who);
  REQUIRE(std::holds_alternative<station_row>(*who));
  CHECK(std::get<station_row>(*who).id == f.b.id);
  auto staff = authenticate(*f.backend, f.staff_token);
  REQUIRE(staff);
  CHECK(std::get<staff_row>(*staff).counties == std::vector<std::string>{"510824"});
  auto wrong = issue_token(token_kind::station);
  CHECK(authenticate(*f.backend, wrong.token).err().code == errc::unauthorized);
}
