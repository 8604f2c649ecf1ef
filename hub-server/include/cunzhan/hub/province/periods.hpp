// Months, deadlines and grades of the province's review: plain functions over plain
// values, so the boundaries are tested by hand (tests/province/province_rules_test.cpp).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cunzhan/hub/province/province_store.hpp"
#include "cunzhan/shared/result.hpp"

namespace cunzhan::hub::province {

// "2026-11" → the months of that month, "2026-Q4" → three, "2026" → twelve (YYYY-MM each).
// invalid_argument (bilingual) for anything else.
result<std::vector<std::string>> months_of(const std::string& period);
// True for "YYYY-MM" whose last day is before `today` (Asia/Shanghai).
bool month_ended(const std::string& month, const std::string& today);
// The month after / before "YYYY-MM".
std::string next_month(const std::string& month);
std::string previous_month(const std::string& month);
// The last instant a month's report is on time: the end of day `deadline_day` (1–28) of
// the next month, Asia/Shanghai, as UTC seconds (a report received at it is on time).
std::int64_t deadline_s(const std::string& month, int deadline_day);

// Where a county stands for a month (PROTOCOL.md, /v1/province/submissions).
enum class month_state { not_due, missing, on_time, late };
month_state state_of(std::optional<std::int64_t> first_received_at, std::int64_t deadline,
                     std::int64_t now_s);
const char* state_key(month_state s);

// Grade from the share of targeted indicators met (thresholds in `settings`): nullopt
// when no indicator has a target and a figure.
struct grade {
  const char* key;  // excellent | good | fair | poor
  const char* zh;   // 优秀 | 良好 | 一般 | 较差
  const char* en;
};
std::optional<grade> grade_of(int met, int targeted, const settings& s);

}  // namespace cunzhan::hub::province
