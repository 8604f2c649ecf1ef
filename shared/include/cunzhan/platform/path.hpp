// Paths from and to UTF-8, the encoding every string in the program uses. On Windows a
// std::filesystem::path built from a plain std::string is read in the ANSI code page
// (Chinese names break), so paths coming from the user go through path_from_utf8.
#pragma once
#include <filesystem>
#include <string>
#include <string_view>

namespace cunzhan::platform {

inline std::filesystem::path path_from_utf8(std::string_view s) {
  return std::filesystem::path(std::u8string(s.begin(), s.end()));
}

inline std::string utf8(const std::filesystem::path& p) {
  const std::u8string s = p.u8string();
  return std::string(s.begin(), s.end());
}

}  // namespace cunzhan::platform
