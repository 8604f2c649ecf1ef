// The program version (CUNZHAN_VERSION is set for this file alone by shared/CMakeLists.txt,
// so a version bump recompiles one unit) and numeric comparison of dotted versions.
#include "cunzhan/shared/version.hpp"

#include <array>
#include <charconv>

#ifndef CUNZHAN_VERSION
#error "CUNZHAN_VERSION must be defined for version.cpp"
#endif

namespace cunzhan {
namespace {

std::optional<std::array<long, 4>> parse(std::string_view s) {
  std::array<long, 4> parts{};
  std::size_t n = 0;
  while (true) {
    if (n == parts.size()) return std::nullopt;
    const auto dot = s.find('.');
    const std::string_view part = s.substr(0, dot);
    auto [p, ec] = std::from_chars(part.data(), part.data() + part.size(), parts[n]);
    if (part.empty() || ec != std::errc{} || p != part.data() + part.size() || parts[n] < 0)
      return std::nullopt;
    ++n;
    if (dot == std::string_view::npos) return parts;
    s.remove_prefix(dot + 1);
  }
}

}  // namespace

std::string_view program_version() noexcept { return CUNZHAN_VERSION; }

std::optional<int> compare_versions(std::string_view a, std::string_view b) noexcept {
  const auto x = parse(a), y = parse(b);
  if (!x || !y) return std::nullopt;
  return *x < *y ? -1 : *x > *y ? 1 : 0;
}

}  // namespace cunzhan
