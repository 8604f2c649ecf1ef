// Small text helpers: UTF-8 checks and lengths, phone checks and masking, trimming.
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cunzhan {

bool is_valid_utf8(std::string_view s) noexcept;
// s with every byte that starts no valid UTF-8 sequence replaced by U+FFFD: for text that
// goes out (error bodies, pages) whatever bytes a request held.
std::string to_valid_utf8(std::string_view s);
// Number of Unicode code points; only meaningful for valid UTF-8.
std::size_t utf8_length(std::string_view s) noexcept;
// Byte offset of the first control character (U+0000–U+001F, U+007F), if any. With
// `several_lines`, tab, newline and a CR directly before a newline (CR-LF) are allowed.
std::optional<std::size_t> find_control_char(std::string_view s, bool several_lines) noexcept;
std::string_view trim(std::string_view s) noexcept;
std::vector<std::string> split(std::string_view s, char sep);
std::string join(const std::vector<std::string>& parts, std::string_view sep);
std::string to_upper_ascii(std::string_view s);

// Mainland mobile number: 11 digits starting 1[3-9]; "+86"/"86" prefix, spaces and dashes allowed.
bool is_mobile_number(std::string_view s);
// Digits only, prefix removed: "+86 138-1234-5678" → "13812345678". Empty when not a mobile.
std::string normalize_mobile(std::string_view s);
// "13812345678" → "138****5678"; anything else → "" (never leaks what it can't mask).
std::string mask_phone(std::string_view s);

// Lower-case hex of bytes, and back (nullopt-style: empty + false on bad input).
std::string to_hex(std::string_view bytes);
bool from_hex(std::string_view hex, std::string& out);
// 0–15 for a hex digit of either case, -1 for anything else.
int hex_value(char c);

}  // namespace cunzhan
