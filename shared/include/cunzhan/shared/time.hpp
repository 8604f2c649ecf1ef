// Calendar dates and instants. Days are Asia/Shanghai calendar days (UTC+8, no DST), as
// the KPIs are defined; instants are exchanged as RFC 3339 with an offset.
#pragma once
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace cunzhan {

using sys_seconds = std::chrono::sys_seconds;
using date = std::chrono::year_month_day;

constexpr std::chrono::seconds shanghai_offset{8 * 3600};

// The business range: every date, and the Asia/Shanghai day of every instant, that the
// programs accept lies in [k_first_day, k_last_day]. Inside it format_date/format_instant
// always write a four-digit year, so parse(format(x)) == x for every accepted x (a value
// such as 9999-12-31T23:59:59Z would format as year 10000 and never read back). It is wide
// on purpose: a station PC whose clock reset to 1970 still writes records the hub accepts.
inline constexpr date k_first_day{std::chrono::year{1970}, std::chrono::January, std::chrono::day{1}};
inline constexpr date k_last_day{std::chrono::year{2999}, std::chrono::December, std::chrono::day{31}};
bool in_business_range(date d);
bool in_business_range(sys_seconds t);

// "2026-11-20" → date; nullopt when malformed, not a real day or outside the business range.
std::optional<date> parse_date(std::string_view s);
std::string format_date(date d);

// RFC 3339 ("2026-11-20T21:14:03+08:00", "...Z", fractional seconds ignored).
// Also accepts "2026-11-20 21:14" / "2026-11-20T21:14:03" without offset, read as Asia/Shanghai.
// nullopt when the instant's Shanghai day is outside the business range.
std::optional<sys_seconds> parse_instant(std::string_view s);
// Always "YYYY-MM-DDTHH:MM:SS+08:00".
std::string format_instant(sys_seconds t);

// The Asia/Shanghai day an instant falls on, and the instant a Shanghai day starts.
date shanghai_day(sys_seconds t);
sys_seconds shanghai_midnight(date d);

sys_seconds now_seconds();
date today_shanghai();

}  // namespace cunzhan
