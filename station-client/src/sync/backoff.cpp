// Jittered exponential backoff and Retry-After / Date parsing for the sync engine.
#include "sync/backoff.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <random>

namespace cunzhan::station_client {
namespace {

constexpr std::chrono::seconds k_max_retry_after{3600};

std::string_view trim(std::string_view v) {
  while (!v.empty() && v.front() == ' ') v.remove_prefix(1);
  while (!v.empty() && v.back() == ' ') v.remove_suffix(1);
  return v;
}

bool digits(std::string_view s, int& out) {
  if (s.empty()) return false;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc{} && end == s.data() + s.size();
}

}  // namespace

std::chrono::milliseconds backoff::next(int failures) const {
  const int shift = std::clamp(failures - 1, 0, 20);
  const auto ceiling = std::min<std::int64_t>(cap_.count(), base_.count() << shift);
  static thread_local std::mt19937_64 rng{std::random_device{}()};
  std::uniform_int_distribution<std::int64_t> pick(ceiling / 4, std::max<std::int64_t>(ceiling, 1));
  return std::chrono::milliseconds(pick(rng));
}

std::optional<sys_seconds> parse_http_date(std::string_view v) {
  // "Sun, 06 Nov 1994 08:49:37 GMT": fixed positions.
  v = trim(v);
  if (v.size() != 29 || v[3] != ',' || v[4] != ' ' || v[7] != ' ' || v[11] != ' ' || v[16] != ' ' ||
      v[19] != ':' || v[22] != ':' || v.substr(25) != " GMT")
    return std::nullopt;
  static constexpr std::array<std::string_view, 12> months = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                              "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const auto m = std::find(months.begin(), months.end(), v.substr(8, 3));
  int day = 0, year = 0, hh = 0, mm = 0, ss = 0;
  if (m == months.end() || !digits(v.substr(5, 2), day) || !digits(v.substr(12, 4), year) ||
      !digits(v.substr(17, 2), hh) || !digits(v.substr(20, 2), mm) || !digits(v.substr(23, 2), ss))
    return std::nullopt;
  using namespace std::chrono;
  const year_month_day ymd{std::chrono::year(year), month(static_cast<unsigned>(m - months.begin() + 1)),
                           std::chrono::day(static_cast<unsigned>(day))};
  if (!ymd.ok() || hh > 23 || mm > 59 || ss > 60) return std::nullopt;
  return sys_seconds(sys_days(ymd)) + hours(hh) + minutes(mm) + seconds(ss);
}

std::optional<std::chrono::seconds> parse_retry_after(std::string_view v, sys_seconds now) {
  v = trim(v);
  long long secs = 0;
  auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), secs);
  if (ec == std::errc{} && end == v.data() + v.size() && !v.empty()) {
    if (secs < 0) return std::nullopt;
    return std::min(std::chrono::seconds(secs), k_max_retry_after);
  }
  auto at = parse_http_date(v);
  if (!at) return std::nullopt;
  return std::clamp(std::chrono::duration_cast<std::chrono::seconds>(*at - now), std::chrono::seconds(0),
                    k_max_retry_after);
}

}  // namespace cunzhan::station_client
