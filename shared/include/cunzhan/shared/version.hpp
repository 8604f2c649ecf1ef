// The program version both sides announce on the wire (PROTOCOL.md "Compatibility"): a
// station sends its own in X-Station-Version, the hub answers with X-Hub-Version and may
// refuse stations below a configured minimum.
#pragma once
#include <optional>
#include <string_view>

namespace cunzhan {

inline constexpr std::string_view k_station_version_header = "x-station-version";
inline constexpr std::string_view k_hub_version_header = "x-hub-version";
// The entities a hub accepts, comma-separated (PROTOCOL.md "Compatibility").
inline constexpr std::string_view k_hub_entities_header = "x-hub-entities";

// This build's version, "MAJOR.MINOR.PATCH" (CMake's PROJECT_VERSION).
std::string_view program_version() noexcept;

// Orders dotted versions numerically ("0.10.0" > "0.9.3"; a missing part counts as 0).
// nullopt when either is not 1 to 4 dot-separated numbers.
std::optional<int> compare_versions(std::string_view a, std::string_view b) noexcept;

}  // namespace cunzhan
