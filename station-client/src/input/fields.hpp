// Parsing and formatting of the values an officer types or a spreadsheet holds (yuan,
// quantities, dates, times), shared by the CLI options and the CSV columns so both
// accept and print exactly the same forms. Errors carry both languages.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "cunzhan/shared/brands.hpp"
#include "cunzhan/shared/model.hpp"
#include "cunzhan/shared/result.hpp"
#include "cunzhan/shared/time.hpp"
#include "cunzhan/shared/validate.hpp"
#include "cunzhan/shared/villager.hpp"

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

// Codes typed as the code or as the Chinese label the lists print ("驻村设点", "已售出"),
// so whatever `point list` shows can be typed back, on the command line or in a CSV.
std::optional<listing_status> parse_listing_status_text(std::string_view s);
std::optional<pickup_status> parse_pickup_status_text(std::string_view s);
std::optional<point_kind> parse_point_kind_text(std::string_view s);
std::optional<seller_kind> parse_seller_kind_text(std::string_view s);  // household / 农户 ...
std::optional<proxy_buy_status> parse_order_status_text(std::string_view s);
std::optional<service_kind> parse_service_kind_text(std::string_view s);  // information / 信息咨询 ...
// outbound/inbound, or 寄出/揽收 and 代收/收件.
std::optional<pickup_direction> parse_direction_text(std::string_view s);

// The brands of a validation context (the store's: built-in plus pulled), or the built-in
// ones when it has none or could not be read.
const brand_registry& brands_of(const validation_context& ctx);
const brand_registry& brands_of(const result<validation_context>& ctx);
// A brand's code from its code or name ("中通" → "ZTO"); unknown text comes back trimmed
// and unchanged, for validate() to refuse with its message.
std::string canonical_brand(const brand_registry& reg, std::string_view s);

// Turns a parse error into a field error for `field`.
field_error as_field_error(std::string field, const error& e);

}  // namespace cunzhan::station_client
