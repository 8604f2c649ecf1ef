// UUIDs from OpenSSL's CSPRNG. Op ids are v7 (time-ordered, so indexes stay compact);
// entity ids may be v4 or v7. Text form is the canonical lower-case 8-4-4-4-12.
#pragma once
#include <string>
#include <string_view>

namespace cunzhan {

std::string uuid_v4();
std::string uuid_v7();
bool is_uuid(std::string_view s) noexcept;
// Random bytes from RAND_bytes; throws std::runtime_error if the CSPRNG fails.
std::string random_bytes(std::size_t n);
// SHA-256 of data, raw 32 bytes.
std::string sha256(std::string_view data);
// Constant-time equality (CRYPTO_memcmp); false when lengths differ.
bool constant_time_equal(std::string_view a, std::string_view b) noexcept;

}  // namespace cunzhan
