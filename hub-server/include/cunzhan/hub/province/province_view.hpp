// The province's views, computed from plain rows (the counties and the latest version of
// each of their months): every county's indicator table for a month, quarter or year with
// targets, pass/fail and grade; the province's totals; the submission states; a county's
// 12-month trend; two review periods side by side.
//
// A quarter or year is built from its months: flow figures (online, on-time, pickup
// timeliness; sales, parcels) add numerators and denominators over the months submitted,
// the other (coverage) figures are those of the last month submitted, with that month's
// targets. A single month is shown exactly as the county sent it.
#pragma once
#include <boost/json/object.hpp>
#include <string>
#include <vector>

#include "cunzhan/hub/province/province_store.hpp"

namespace cunzhan::hub::province {

struct view_input {
  std::string period;                              // as asked: YYYY-MM, YYYY-Qn or YYYY
  std::vector<std::string> months;                 // its months
  std::vector<county_row> counties;                // the counties shown (enrolled, visible to the reader)
  std::vector<province_store::latest_row> latest;  // latest versions in those months
  settings rules;
  std::int64_t now_s = 0;
};

// {"period", "months", "counties": [...], "totals": {...}, "rules": {...}}
boost::json::object counties_view(const view_input& in);
// {"period", "deadline", "on_time", "late", "corrected", "missing", "not_due"} (county codes).
boost::json::object submissions_view(const view_input& in);
// One county's row per month of `in.months` (the trend: 12 months).
boost::json::object trend_view(const view_input& in, const std::string& county);

}  // namespace cunzhan::hub::province
