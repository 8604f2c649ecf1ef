// UUIDs, random bytes, SHA-256 and constant-time comparison, all from OpenSSL.
#include "cunzhan/shared/uuid.hpp"

#include <openssl/crypto.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#include <chrono>
#include <stdexcept>

#include "cunzhan/shared/text.hpp"

namespace cunzhan {
namespace {

// Sets version and RFC 4122 variant bits, then formats 8-4-4-4-12.
std::string format_uuid(std::string b, unsigned version) {
  b[6] = static_cast<char>((static_cast<unsigned char>(b[6]) & 0x0F) | (version << 4));
  b[8] = static_cast<char>((static_cast<unsigned char>(b[8]) & 0x3F) | 0x80);
  const std::string h = to_hex(b);
  return h.substr(0, 8) + '-' + h.substr(8, 4) + '-' + h.substr(12, 4) + '-' + h.substr(16, 4) + '-' +
         h.substr(20);
}

}  // namespace

std::string random_bytes(std::size_t n) {
  std::string out(n, '\0');
  if (n && RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(n)) != 1)
    throw std::runtime_error("RAND_bytes failed / 随机数生成失败");
  return out;
}

std::string uuid_v4() { return format_uuid(random_bytes(16), 4); }

std::string uuid_v7() {
  // 48-bit big-endian Unix milliseconds, then random bits (RFC 9562 §5.7). The system clock,
  // not a clock_source: the prefix orders ids for index locality and decides nothing, and
  // clock_source keeps whole seconds.
  std::string b = random_bytes(16);
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                      std::chrono::system_clock::now().time_since_epoch())
                      .count();
  const auto u = static_cast<std::uint64_t>(ms);
  for (int i = 0; i < 6; ++i) b[i] = static_cast<char>((u >> (8 * (5 - i))) & 0xFF);
  return format_uuid(std::move(b), 7);
}

bool is_uuid(std::string_view s) noexcept {
  // Canonical lower-case form only, so equal ids are equal strings.
  if (s.size() != 36) return false;
  for (std::size_t i = 0; i < 36; ++i) {
    const char c = s[i];
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (c != '-') return false;
    } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
      return false;
    }
  }
  return true;
}

std::string sha256(std::string_view data) {
  std::string out(SHA256_DIGEST_LENGTH, '\0');
  SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(),
         reinterpret_cast<unsigned char*>(out.data()));
  return out;
}

bool constant_time_equal(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  if (a.empty()) return true;
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace cunzhan
