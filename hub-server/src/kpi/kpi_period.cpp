// Parsing reporting periods and deriving the periods growth compares against.
#include "cunzhan/hub/kpi_period.hpp"

#include <charconv>

namespace cunzhan::hub::kpi {
namespace {

using namespace std::chrono;

constexpr int k_max_range_days = 3 * 366 + 1;  // a report beyond three years is a mistake, not a need

error bad(const std::string& en, const std::string& zh) {
  return error(errc::invalid_argument,
               en + " (use period=2026-11, 2026-Q4, 2026 or from=YYYY-MM-DD&to=YYYY-MM-DD)",
               zh + "（应为 period=2026-11、2026-Q4、2026 或 from=YYYY-MM-DD&to=YYYY-MM-DD）");
}

bool to_int(std::string_view s, int& out) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return std::from_chars(s.data(), s.data() + s.size(), out).ec == std::errc{};
}

date last_of_month(int y, unsigned m) { return date{year{y} / month{m} / std::chrono::last}; }

period quarter_period(int y, int q) {
  period p;
  p.kind = period_kind::quarter;
  p.start = date{year{y}, month{static_cast<unsigned>(q * 3 - 2)}, day{1}};
  p.end = last_of_month(y, static_cast<unsigned>(q * 3));
  p.label = std::to_string(y) + "-Q" + std::to_string(q);
  return p;
}

period year_period(int y) {
  period p;
  p.kind = period_kind::year;
  p.start = date{year{y}, January, day{1}};
  p.end = date{year{y}, December, day{31}};
  p.label = std::to_string(y);
  return p;
}

period range_period(date a, date b) {
  period p;
  p.kind = period_kind::range;
  p.start = a;
  p.end = b;
  p.label = format_date(a) + ".." + format_date(b);
  return p;
}

date minus_year(date d) {
  date r{d.year() - years{1}, d.month(), d.day()};
  if (!r.ok()) r = date{r.year() / r.month() / std::chrono::last};
  return r;
}

}  // namespace

std::int64_t day_number(date d) { return sys_days(d).time_since_epoch().count(); }
date from_day_number(std::int64_t n) { return date{sys_days(days(n))}; }

int period::days() const { return static_cast<int>(day_number(end) - day_number(start) + 1); }
std::int64_t period::begin_s() const { return shanghai_midnight(start).time_since_epoch().count(); }
std::int64_t period::end_s() const {
  return shanghai_midnight(from_day_number(day_number(end) + 1)).time_since_epoch().count();
}

period month_period(int y, unsigned m) {
  period p;
  p.kind = period_kind::month;
  p.start = date{year{y}, month{m}, day{1}};
  p.end = last_of_month(y, m);
  p.label = format_date(p.start).substr(0, 7);
  return p;
}

period period::previous() const {
  const int y = static_cast<int>(start.year());
  const unsigned m = static_cast<unsigned>(start.month());
  switch (kind) {
    case period_kind::month: return m == 1 ? month_period(y - 1, 12) : month_period(y, m - 1);
    case period_kind::quarter: {
      const int q = static_cast<int>((m - 1) / 3 + 1);
      return q == 1 ? quarter_period(y - 1, 4) : quarter_period(y, q - 1);
    }
    case period_kind::year: return year_period(y - 1);
    case period_kind::range: {
      const auto n = days();
      return range_period(from_day_number(day_number(start) - n), from_day_number(day_number(start) - 1));
    }
  }
  return *this;
}

period period::year_earlier() const {
  const int y = static_cast<int>(start.year());
  const unsigned m = static_cast<unsigned>(start.month());
  switch (kind) {
    case period_kind::month: return month_period(y - 1, m);
    case period_kind::quarter: return quarter_period(y - 1, static_cast<int>((m - 1) / 3 + 1));
    case period_kind::year: return year_period(y - 1);
    case period_kind::range: return range_period(minus_year(start), minus_year(end));
  }
  return *this;
}

result<period> parse_period(const std::optional<std::string>& text, const std::optional<std::string>& from,
                            const std::optional<std::string>& to) {
  if (text) {
    if (from || to)
      return bad("give either period= or from=/to=, not both", "period= 与 from=/to= 只能二选一");
    const std::string_view s(*text);
    int y = 0;
    if (s.size() < 4 || !to_int(s.substr(0, 4), y) || y < 2000 || y > 2100) {
      return bad("bad period '" + *text + "'", "统计期 '" + *text + "' 格式不正确");
    }
    if (s.size() == 4) return year_period(y);
    int n = 0;
    if (s.size() == 7 && s[4] == '-' && to_int(s.substr(5, 2), n) && n >= 1 && n <= 12) {
      return month_period(y, static_cast<unsigned>(n));
    }
    if (s.size() == 7 && s[4] == '-' && (s[5] == 'Q' || s[5] == 'q') && to_int(s.substr(6, 1), n) && n >= 1 &&
        n <= 4) {
      return quarter_period(y, n);
    }
    return bad("bad period '" + *text + "'", "统计期 '" + *text + "' 格式不正确");
  }
  if (!from || !to) return bad("missing period", "缺少统计期");
  auto a = parse_date(*from);
  auto b = parse_date(*to);
  if (!a || !b) return bad("from/to must be dates YYYY-MM-DD", "from/to 必须是 YYYY-MM-DD 日期");
  if (day_number(*b) < day_number(*a)) return bad("from is after to", "起始日期晚于结束日期");
  if (day_number(*b) - day_number(*a) + 1 > k_max_range_days)
    return bad("range longer than 3 years", "统计期超过 3 年");
  return range_period(*a, *b);
}

period last_complete_month(date today) {
  const int y = static_cast<int>(today.year());
  const unsigned m = static_cast<unsigned>(today.month());
  return m == 1 ? month_period(y - 1, 12) : month_period(y, m - 1);
}

result<period> resolve_period(std::optional<std::string> text, std::optional<std::string> from,
                              std::optional<std::string> to, date today) {
  for (auto* v : {&text, &from, &to}) {
    if (*v && v->value().empty()) v->reset();
  }
  if (!text && !from && !to) return last_complete_month(today);
  return parse_period(text, from, to);
}

}  // namespace cunzhan::hub::kpi
