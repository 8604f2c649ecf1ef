// Decoding with the GB18030 tables (see gb18030_table.hpp). Byte structure: one byte
// 00–7F; two bytes 81–FE then 40–7E or 80–FE; four bytes 81–FE 30–39 81–FE 30–39.
#include <algorithm>

#include "cunzhan/platform/gb18030_table.hpp"
#include "gb18030_error.hpp"

namespace cunzhan::platform::gb18030_table {
namespace {

void put_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

std::uint32_t four_byte(std::uint32_t linear) {
  if (linear < k_bmp_linear_end) {
    const auto* end = k_four_byte_bmp + k_four_byte_bmp_runs;
    const auto* run = std::upper_bound(k_four_byte_bmp, end, linear,
                                       [](std::uint32_t l, const four_byte_run& r) { return l < r.linear; }) -
                      1;
    return run->first == k_refused ? k_refused : run->first + (linear - run->linear);
  }
  if (linear >= k_supplementary_first && linear - k_supplementary_first < 0x100000)
    return 0x10000 + (linear - k_supplementary_first);
  return k_refused;
}

bool in(unsigned char c, unsigned lo, unsigned hi) { return c >= lo && c <= hi; }

}  // namespace

result<std::string> decode(std::string_view b) {
  std::string out;
  out.reserve(b.size() * 3 / 2 + 16);
  std::size_t i = 0;
  while (i < b.size()) {
    const auto c1 = static_cast<unsigned char>(b[i]);
    if (c1 < 0x80) {
      out += static_cast<char>(c1);
      ++i;
      continue;
    }
    if (!in(c1, 0x81, 0xFE) || i + 1 >= b.size()) return not_gb18030_at(i);
    const auto c2 = static_cast<unsigned char>(b[i + 1]);
    std::uint32_t cp = k_refused;
    std::size_t len = 2;
    if (in(c2, 0x40, 0x7E) || in(c2, 0x80, 0xFE)) {
      const unsigned trail = c2 < 0x7F ? c2 - 0x40 : c2 - 0x41;
      cp = k_two_byte[(c1 - 0x81) * 190 + trail];
      if (cp == 0) cp = k_refused;
    } else if (in(c2, 0x30, 0x39) && i + 3 < b.size() &&
               in(static_cast<unsigned char>(b[i + 2]), 0x81, 0xFE) &&
               in(static_cast<unsigned char>(b[i + 3]), 0x30, 0x39)) {
      const auto c3 = static_cast<unsigned char>(b[i + 2]);
      const auto c4 = static_cast<unsigned char>(b[i + 3]);
      cp = four_byte((((c1 - 0x81u) * 10 + (c2 - 0x30u)) * 126 + (c3 - 0x81u)) * 10 + (c4 - 0x30u));
      len = 4;
    }
    if (cp == k_refused) return not_gb18030_at(i);
    put_utf8(out, cp);
    i += len;
  }
  return out;
}

}  // namespace cunzhan::platform::gb18030_table
