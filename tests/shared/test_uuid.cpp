// uuid: v4/v7 shape and version nibble, v7 ordering, SHA-256, constant-time compare.
#include <catch2/catch.hpp>

#include <set>

#include "cunzhan/shared/text.hpp"
#include "cunzhan/shared/uuid.hpp"

using namespace cunzhan;

TEST_CASE("uuid: v4 and v7 have the canonical shape, version and variant") {
  std::set<std::string> seen;
  for (int i = 0; i < 200; ++i) {
    for (const std::string& u : {uuid_v4(), uuid_v7()}) {
      REQUIRE(is_uuid(u));
      CHECK(seen.insert(u).second);
      CHECK(std::string("89ab").find(u[19]) != std::string::npos);  // RFC 4122 variant
    }
    CHECK(uuid_v4()[14] == '4');
    CHECK(uuid_v7()[14] == '7');
  }
  CHECK_FALSE(is_uuid(""));
  CHECK_FALSE(is_uuid("0190f6a2-7b1c-7d3e-8f00-12345678901"));
  CHECK_FALSE(is_uuid("0190F6A2-7B1C-7D3E-8F00-123456789012"));  // upper case
  CHECK_FALSE(is_uuid("0190f6a2x7b1c-7d3e-8f00-123456789012"));
  CHECK(is_uuid("0190f6a2-7b1c-7d3e-8f00-123456789012"));
}

TEST_CASE("uuid: v7 ids are ordered by time and carry the current millisecond") {
  const auto before = std::chrono::duration_cast<std::chrono::milliseconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  std::vector<std::string> ids;
  for (int i = 0; i < 50; ++i) ids.push_back(uuid_v7());
  const auto after = std::chrono::duration_cast<std::chrono::milliseconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
  for (std::size_t i = 1; i < ids.size(); ++i)
    CHECK(ids[i - 1].substr(0, 13) <= ids[i].substr(0, 13));  // 48-bit ms prefix
  std::string raw;
  REQUIRE(from_hex(ids.front().substr(0, 8) + ids.front().substr(9, 4), raw));
  long long ms = 0;
  for (unsigned char c : raw) ms = ms * 256 + c;
  CHECK(ms >= before);
  CHECK(ms <= after);
}

TEST_CASE("uuid: random bytes, sha256 and constant_time_equal") {
  CHECK(random_bytes(32).size() == 32);
  CHECK(random_bytes(16) != random_bytes(16));
  CHECK(to_hex(sha256("abc")) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(constant_time_equal("secret", "secret"));
  CHECK_FALSE(constant_time_equal("secret", "secreT"));
  CHECK_FALSE(constant_time_equal("secret", "secret1"));
  CHECK(constant_time_equal("", ""));
}
