// Parsing and formatting of the values an officer types or a spreadsheet holds (yuan,
// quantities, dates, times), shared by the CLI options and the CSV columns so both
// accept and print exactly the same forms. Errors carry both languages.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include "cunzhan/shared/result.hpp"
#include "cunzhan/shared/time.hpp"

namespace cunzhan::station_client {

// "2.50" → 250 fen; at most two decimals (extra zeros allowed), no sign, ¥ / 元 tolerated.
// "2.555" → invalid_argument "not an integer number of fen".
result<std::int64_t> parse_yuan(std::string_view s);
std::string format_yuan(std::int64_t fen);  // 250 → "2.50"
result<double> parse_decimal(std::string_view s);
result<std::int64_t> parse_integer(std::string_view s);
result<date> parse_day(std::string_view s);          // YYYY-MM-DD
result<sys_seconds> parse_time(std::string_view s);  // what parse_instant accepts
// Shortest text that reads back to the same double ("500", "2.5").
std::string format_decimal(double v);

// Turns a parse error into a field error for `field`.
field_error as_field_error(std::string field, const error& e);

}  // namespace cunzhan::station_client
