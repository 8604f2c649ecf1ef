// Dates and instants: Asia/Shanghai is a fixed UTC+8 (no DST since 1991), so plain
// civil-calendar arithmetic on sys_days is exact and needs no tz database.
#include "cunzhan/shared/time.hpp"

#include <cstdio>

namespace cunzhan {
namespace {

using namespace std::chrono;

// Reads exactly n ASCII digits at s[pos]; advances pos. -1 when not digits.
int read_digits(std::string_view s, std::size_t& pos, std::size_t n) {
  if (pos + n > s.size()) return -1;
  int v = 0;
  for (std::size_t i = 0; i < n; ++i) {
    char c = s[pos + i];
    if (c < '0' || c > '9') return -1;
    v = v * 10 + (c - '0');
  }
  pos += n;
  return v;
}

bool expect(std::string_view s, std::size_t& pos, char c) {
  if (pos < s.size() && s[pos] == c) {
    ++pos;
    return true;
  }
  return false;
}

std::optional<date> parse_date_at(std::string_view s, std::size_t& pos) {
  int y = read_digits(s, pos, 4);
  if (y < 0 || !expect(s, pos, '-')) return std::nullopt;
  int m = read_digits(s, pos, 2);
  if (m < 0 || !expect(s, pos, '-')) return std::nullopt;
  int d = read_digits(s, pos, 2);
  if (d < 0) return std::nullopt;
  date ymd{year{y}, month{static_cast<unsigned>(m)}, day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) return std::nullopt;
  return ymd;
}

}  // namespace

bool in_business_range(date d) { return d >= k_first_day && d <= k_last_day; }

bool in_business_range(sys_seconds t) { return in_business_range(shanghai_day(t)); }

std::optional<date> parse_date(std::string_view s) {
  std::size_t pos = 0;
  auto d = parse_date_at(s, pos);
  if (!d || pos != s.size() || !in_business_range(*d)) return std::nullopt;
  return d;
}

std::string format_date(date d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(d.year()),
                static_cast<unsigned>(d.month()), static_cast<unsigned>(d.day()));
  return buf;
}

std::optional<sys_seconds> parse_instant(std::string_view s) {
  std::size_t pos = 0;
  auto d = parse_date_at(s, pos);
  if (!d) return std::nullopt;
  if (pos == s.size() || (s[pos] != 'T' && s[pos] != 't' && s[pos] != ' ')) return std::nullopt;
  ++pos;
  int hh = read_digits(s, pos, 2);
  if (hh < 0 || !expect(s, pos, ':')) return std::nullopt;
  int mm = read_digits(s, pos, 2);
  if (mm < 0) return std::nullopt;
  int ss = 0;
  if (expect(s, pos, ':')) {
    ss = read_digits(s, pos, 2);
    if (ss < 0) return std::nullopt;
    // Fractional seconds are accepted and dropped: instants are kept to the second.
    if (expect(s, pos, '.')) {
      std::size_t start = pos;
      while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') ++pos;
      if (pos == start) return std::nullopt;
    }
  }
  // 60 is refused: leap seconds do not occur in officer-entered data.
  if (hh > 23 || mm > 59 || ss > 59) return std::nullopt;
  seconds offset = shanghai_offset;  // no offset → Asia/Shanghai wall time
  if (pos < s.size()) {
    char c = s[pos++];
    if (c == 'Z' || c == 'z') {
      offset = seconds{0};
    } else if (c == '+' || c == '-') {
      int oh = read_digits(s, pos, 2);
      if (oh < 0 || !expect(s, pos, ':')) return std::nullopt;
      int om = read_digits(s, pos, 2);
      if (om < 0 || oh > 23 || om > 59) return std::nullopt;
      offset = hours{oh} + minutes{om};
      if (c == '-') offset = -offset;
    } else {
      return std::nullopt;
    }
  }
  if (pos != s.size()) return std::nullopt;
  const sys_seconds t = sys_seconds{sys_days{*d}} + hours{hh} + minutes{mm} + seconds{ss} - offset;
  if (!in_business_range(t)) return std::nullopt;
  return t;
}

std::string format_instant(sys_seconds t) {
  const sys_seconds local = t + shanghai_offset;
  const sys_days day = floor<days>(local);
  const hh_mm_ss<seconds> tod{local - day};
  return format_date(date{day}) + [&] {
    char buf[24];
    std::snprintf(buf, sizeof buf, "T%02d:%02d:%02d+08:00", static_cast<int>(tod.hours().count()),
                  static_cast<int>(tod.minutes().count()), static_cast<int>(tod.seconds().count()));
    return std::string(buf);
  }();
}

date shanghai_day(sys_seconds t) { return date{floor<days>(t + shanghai_offset)}; }

sys_seconds shanghai_midnight(date d) { return sys_seconds{sys_days{d}} - shanghai_offset; }

sys_seconds now_seconds() { return floor<seconds>(system_clock::now()); }

date today_shanghai() { return shanghai_day(now_seconds()); }

}  // namespace cunzhan
