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

// "2026-11-20" → date; nullopt when malformed or not a real day.
std::optional<date> parse_date(std::string_view s);
std::string format_date(date d);

// RFC 3339 ("2026-11-20T21:14:03+08:00", "...Z", fractional seconds ignored).
// Also accepts "2026-11-20 21:14" / "2026-11-20T21:14:03" without offset, read as Asia/Shanghai.
std::optional<sys_seconds> parse_instant(std::string_view s);
// Always "YYYY-MM-DDTHH:MM:SS+08:00".
std::string format_instant(sys_seconds t);

// The Asia/Shanghai day an instant falls on, and the instant a Shanghai day starts.
date shanghai_day(sys_seconds t);
sys_seconds shanghai_midnight(date d);

sys_seconds now_seconds();
date today_shanghai();

}  // namespace cunzhan
