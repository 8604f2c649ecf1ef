// text: UTF-8 checks, code-point lengths, mobile numbers and masking, hex, split/join.
#include <catch2/catch.hpp>

#include "cunzhan/shared/text.hpp"

using namespace cunzhan;

TEST_CASE("text: UTF-8 validity and length in code points") {
  CHECK(is_valid_utf8(""));
  CHECK(is_valid_utf8("hello"));
  CHECK(is_valid_utf8("荣昌区"));
  CHECK(is_valid_utf8("\xF0\x9F\x8D\x8E"));        // 🍎
  CHECK_FALSE(is_valid_utf8("\xC3"));              // truncated
  CHECK_FALSE(is_valid_utf8("\xC0\xAF"));          // overlong '/'
  CHECK_FALSE(is_valid_utf8("\xED\xA0\x80"));      // surrogate
  CHECK_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));  // above U+10FFFF
  CHECK_FALSE(is_valid_utf8("\xFF"));
  CHECK_FALSE(is_valid_utf8("ab\x80"));
  CHECK(utf8_length("荣昌区") == 3);
  CHECK(utf8_length("a荣\xF0\x9F\x8D\x8E") == 3);
  CHECK(utf8_length("") == 0);
}

TEST_CASE("text: mainland mobile numbers, normalisation and masking") {
  CHECK(is_mobile_number("13812345678"));
  CHECK(is_mobile_number("+86 138-1234-5678"));
  CHECK(is_mobile_number("8613812345678"));
  CHECK(is_mobile_number("19912345678"));
  CHECK_FALSE(is_mobile_number("12812345678"));  // 12x is not a mobile prefix
  CHECK_FALSE(is_mobile_number("1381234567"));
  CHECK_FALSE(is_mobile_number("138123456789"));
  CHECK_FALSE(is_mobile_number("023-46781234"));
  CHECK_FALSE(is_mobile_number("+1 13812345678"));
  CHECK_FALSE(is_mobile_number("138l2345678"));
  CHECK_FALSE(is_mobile_number(""));
  CHECK(normalize_mobile("+86 138-1234-5678") == "13812345678");
  CHECK(normalize_mobile("abc").empty());
  CHECK(mask_phone("13812345678") == "138****5678");
  CHECK(mask_phone("+86 138 1234 5678") == "138****5678");
  CHECK(mask_phone("023-46781234").empty());
  CHECK(mask_phone("").empty());
}

TEST_CASE("text: trim, split, join, upper-case and hex") {
  CHECK(trim("  a b \t\n") == "a b");
  CHECK(trim("   ").empty());
  CHECK(split("a,,b", ',') == std::vector<std::string>{"a", "", "b"});
  CHECK(split("", ',') == std::vector<std::string>{""});
  CHECK(join({"a", "b", "c"}, ", ") == "a, b, c");
  CHECK(to_upper_ascii("zto中通") == "ZTO中通");
  CHECK(to_hex(std::string("\x00\xff\x10", 3)) == "00ff10");
  std::string out;
  CHECK(from_hex("00FF10", out));
  CHECK(out == std::string("\x00\xff\x10", 3));
  CHECK_FALSE(from_hex("abc", out));
  CHECK_FALSE(from_hex("zz", out));
}
