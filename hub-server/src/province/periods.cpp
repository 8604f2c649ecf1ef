// Month arithmetic, deadlines and grading thresholds of the province role.
#include "cunzhan/hub/province/periods.hpp"

#include <cstdio>

#include "cunzhan/hub/kpi_period.hpp"
#include "cunzhan/shared/time.hpp"

namespace cunzhan::hub::province {
namespace {

std::string month_text(int y, unsigned m) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u", y, m);
  return buf;
}

bool split_month(const std::string& m, int& y, unsigned& mo) {
  return m.size() == 7 && std::sscanf(m.c_str(), "%4d-%2u", &y, &mo) == 2 && mo >= 1 && mo <= 12;
}

}  // namespace

result<std::vector<std::string>> months_of(const std::string& period) {
  auto p = kpi::parse_period(period, std::nullopt, std::nullopt);
  if (!p || p->kind == kpi::period_kind::range) {
    return error(errc::invalid_argument, "period must be YYYY-MM, YYYY-Qn or YYYY: " + period,
                 "统计期应为 YYYY-MM、YYYY-Qn 或 YYYY：" + period);
  }
  std::vector<std::string> out;
  for (auto d = p->start; d <= p->end;) {
    out.push_back(month_text(static_cast<int>(d.year()), static_cast<unsigned>(d.month())));
    d = date{d.year() / d.month() / std::chrono::day{1}} + std::chrono::months{1};
  }
  return out;
}

std::string next_month(const std::string& month) {
  int y = 0;
  unsigned m = 0;
  if (!split_month(month, y, m)) return month;
  return m == 12 ? month_text(y + 1, 1) : month_text(y, m + 1);
}

std::string previous_month(const std::string& month) {
  int y = 0;
  unsigned m = 0;
  if (!split_month(month, y, m)) return month;
  return m == 1 ? month_text(y - 1, 12) : month_text(y, m - 1);
}

bool month_ended(const std::string& month, const std::string& today) {
  int y = 0;
  unsigned m = 0;
  if (!split_month(month, y, m)) return false;
  // The month has ended when today is in a later month: "YYYY-MM" compares as text.
  return today.size() >= 7 && today.substr(0, 7) > month;
}

std::int64_t deadline_s(const std::string& month, int deadline_day) {
  int y = 0;
  unsigned m = 0;
  if (!split_month(month, y, m)) return 0;
  if (deadline_day < 1) deadline_day = 1;
  if (deadline_day > 28) deadline_day = 28;
  const date first_next =
      date{std::chrono::year{y} / std::chrono::month{m} / std::chrono::day{1}} + std::chrono::months{1};
  const auto day_after = std::chrono::sys_days(first_next) + std::chrono::days{deadline_day};
  return shanghai_midnight(date{day_after}).time_since_epoch().count() - 1;
}

month_state state_of(std::optional<std::int64_t> first_received_at, std::int64_t deadline,
                     std::int64_t now_s) {
  if (first_received_at) return *first_received_at <= deadline ? month_state::on_time : month_state::late;
  return now_s <= deadline ? month_state::not_due : month_state::missing;
}

const char* state_key(month_state s) {
  switch (s) {
    case month_state::not_due: return "not_due";
    case month_state::missing: return "missing";
    case month_state::on_time: return "on_time";
    case month_state::late: return "late";
  }
  return "";
}

std::optional<grade> grade_of(int met, int targeted, const settings& s) {
  if (targeted <= 0) return std::nullopt;
  // Compared as met ≥ threshold × targeted (with a hair for rounding), so 9 of 10 at 0.9
  // is excellent exactly as the rule reads.
  const auto reaches = [&](double t) {
    return static_cast<double>(met) + 1e-9 >= t * static_cast<double>(targeted);
  };
  if (reaches(s.excellent)) return grade{"excellent", "优秀", "excellent"};
  if (reaches(s.good)) return grade{"good", "良好", "good"};
  if (reaches(s.fair)) return grade{"fair", "一般", "fair"};
  return grade{"poor", "较差", "poor"};
}

}  // namespace cunzhan::hub::province
