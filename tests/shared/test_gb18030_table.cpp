// The Windows build's GB18030 tables decode every code exactly as glibc's iconv (the
// Linux build's decoder) does: every two-byte code, every four-byte code of the BMP and
// of the supplementary planes, and the same error offset for what either refuses.
#include <catch2/catch.hpp>

#include "cunzhan/platform/gb18030.hpp"
#include "cunzhan/platform/gb18030_table.hpp"

namespace {

using cunzhan::platform::gb18030_to_utf8;
namespace table = cunzhan::platform::gb18030_table;

std::string four(std::uint32_t linear) {
  std::string s(4, '\0');
  s[3] = static_cast<char>(0x30 + linear % 10);
  linear /= 10;
  s[2] = static_cast<char>(0x81 + linear % 126);
  linear /= 126;
  s[1] = static_cast<char>(0x30 + linear % 10);
  s[0] = static_cast<char>(0x81 + linear / 10);
  return s;
}

// Both decoders on `in`: same text or the same error (offset included).
bool same_raw(const std::string& in) {
  auto a = gb18030_to_utf8(in);
  auto b = table::decode(in);
  if (a.ok() != b.ok()) return false;
  return a.ok() ? *a == *b : a.err().detail_en == b.err().detail_en && a.err().detail_zh == b.err().detail_zh;
}

// `bytes` inside ASCII, as in a CSV cell.
bool same(const std::string& bytes) { return same_raw("a," + bytes + ",b"); }

}  // namespace

TEST_CASE("GB18030 tables equal iconv on every two-byte code and bad byte", "[csv][gb18030]") {
  int mismatches = 0;
  for (int lead = 0x80; lead <= 0xFF; ++lead) {
    if (!same(std::string(1, static_cast<char>(lead)))) ++mismatches;
    for (int trail = 0x00; trail <= 0xFF; ++trail) {
      if (!same(std::string{static_cast<char>(lead), static_cast<char>(trail)})) {
        ++mismatches;
        UNSCOPED_INFO("two-byte " << lead << " " << trail);
      }
    }
  }
  CHECK(mismatches == 0);
}

TEST_CASE("GB18030 tables equal iconv on every four-byte code", "[csv][gb18030]") {
  int mismatches = 0;
  // Leads 81..8F: the BMP and the unassigned codes after it, one by one.
  for (std::uint32_t linear = 0; linear < 15 * 12600; ++linear) {
    if (!same(four(linear)) && ++mismatches < 5) UNSCOPED_INFO("four-byte linear " << linear);
  }
  // Leads 90..E3: U+10000..U+10FFFF, all valid, in one run each side.
  std::string all;
  for (std::uint32_t linear = 189000; linear < 189000 + 0x100000; ++linear) all += four(linear);
  CHECK(same(all));
  // Just past the last character, and the leads after it.
  for (std::uint32_t linear = 189000 + 0x100000; linear < 126 * 12600; linear += 997) {
    if (!same(four(linear)) && ++mismatches < 5) UNSCOPED_INFO("four-byte linear " << linear);
  }
  CHECK(mismatches == 0);
}

TEST_CASE("GB18030 tables report a cut-off code where iconv does", "[csv][gb18030]") {
  for (const std::string s : {"\x81", "\x81\x30", "\x81\x30\x81", "\xB0", "\xB0\xA1\xB0", "ab\x84\x31\xA4"})
    CHECK(same_raw(s));
  auto r = table::decode("\xC4\xE3\xBA\xC3");  // 你好
  REQUIRE(r);
  CHECK(*r == "你好");
}
