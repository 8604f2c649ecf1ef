// Ids for new records and ops: UUID v7 with its random bits from the OS (getrandom(2),
// BCryptGenRandom on Windows).
// cunzhan::uuid_v7() takes them from OpenSSL's RAND_bytes, whose first call in a process
// sets up the DRBG: about 8 million instructions, a fifth of a whole `station listing
// add`, for 10 bytes. The OS generator is the kernel CSPRNG OpenSSL itself seeds from; one call
// per id keeps no state that a fork could duplicate.
#include "store_ids.hpp"

#include <chrono>
#include <cstdint>
#include <stdexcept>

#include "cunzhan/platform/system.hpp"

namespace cunzhan::station_client {

std::string new_record_id() {
  unsigned char b[16];
  // Not store::clock(): the millisecond prefix only orders ids for index locality and
  // decides nothing; a test clock (whole seconds) would lose the order within a second.
  const auto ms = static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                                 std::chrono::system_clock::now().time_since_epoch())
                                                 .count());
  for (int i = 0; i < 6; ++i)
    b[i] = static_cast<unsigned char>(ms >> (8 * (5 - i)));  // 48-bit ms, big-endian
  platform::os_random(b + 6, sizeof b - 6);
  b[6] = static_cast<unsigned char>((b[6] & 0x0F) | 0x70);  // version 7
  b[8] = static_cast<unsigned char>((b[8] & 0x3F) | 0x80);  // RFC 4122 variant
  static constexpr char k_hex[] = "0123456789abcdef";
  std::string out;
  out.reserve(36);
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
    out += k_hex[b[i] >> 4];
    out += k_hex[b[i] & 0x0F];
  }
  return out;
}

}  // namespace cunzhan::station_client
