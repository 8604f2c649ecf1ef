// Reporting periods for the county KPIs: a month ("2026-11"), a quarter ("2026-Q4"), a
// year ("2026") or an explicit inclusive range of Asia/Shanghai days, with the earlier
// periods that growth figures compare against.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "cunzhan/shared/result.hpp"
#include "cunzhan/shared/time.hpp"

namespace cunzhan::hub::kpi {

enum class period_kind { month, quarter, year, range };

struct period {
  period_kind kind = period_kind::month;
  date start;         // first day, inclusive
  date end;           // last day, inclusive
  std::string label;  // "2026-11", "2026-Q4", "2026", "2026-11-01..2026-11-15"

  // Days in [start, end].
  int days() const;
  // Instants bounding the period: [begin_s, end_s) in UTC seconds.
  std::int64_t begin_s() const;
  std::int64_t end_s() const;
  // The previous period of the same kind (month → previous month, quarter → previous
  // quarter, year → previous year, range → the same number of days just before).
  period previous() const;
  // The same period one year earlier (for a range: both ends minus a year, 29 Feb → 28 Feb).
  period year_earlier() const;
};

period month_period(int year, unsigned month);
// Parses `period=` or, when it is absent, `from=`/`to=` (both required, from ≤ to,
// at most 3 years). Errors are errc::invalid_argument with a bilingual detail.
result<period> parse_period(const std::optional<std::string>& text, const std::optional<std::string>& from,
                            const std::optional<std::string>& to);
// The month before `today`'s: monthly reports are "as of the end of last month".
period last_complete_month(date today);
// The rule the JSON API, the dashboard and `hub report` share: an empty value counts as
// absent (a form submits `period=` with an empty box), and with nothing given the period
// is the last complete month; otherwise parse_period.
result<period> resolve_period(std::optional<std::string> text, std::optional<std::string> from,
                              std::optional<std::string> to, date today);

// Day numbers (days since 1970-01-01) for cheap day arithmetic.
std::int64_t day_number(date d);
date from_day_number(std::int64_t n);

}  // namespace cunzhan::hub::kpi
