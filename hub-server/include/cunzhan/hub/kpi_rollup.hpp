// Nightly rollups: each county's figures of one day stored as rollup rows (county, day,
// kpi, numerator, denominator), so the dashboard's 12-month trend reads a few hundred
// rows instead of recomputing a year of history. The engine's half: which rows a day's
// report becomes, and how stored rows and live months make the trend.
#pragma once
#include <functional>
#include <string>
#include <vector>

#include "cunzhan/hub/kpi.hpp"

namespace cunzhan::hub::kpi {

// The period and options of day `d`'s rollup: flow KPIs (online, sales, parcels...) count
// d alone, so a month is the sum of its days; state KPIs (coverage) are the state at the
// end of d. The day's on-time figure needs the next morning; the nightly job runs after it.
period rollup_period(date d);
options rollup_options(date d, int deadline_hour);
// The rows a day's report is stored as.
std::vector<rollup_row> rollup_rows(const county_report& day_report);

struct trend_point {
  std::string month;  // "2026-11"
  figure station_coverage;
  figure courier_coverage;
  figure online;
  std::int64_t sales_count = 0;
  std::int64_t sales_fen = 0;
  std::int64_t parcels = 0;
  bool from_rollups = false;  // false: computed live (month in progress or not every day rolled up)
};

// The months of the trend: `months` months ending with the month of `last`, oldest first.
std::vector<period> trend_months(date last, int months);

// Computes the report of a month the rollups cannot stand for.
using month_report = std::function<result<county_report>(const period&)>;

// The trend over trend_months(last, months) from the county's stored rollup rows of those
// months (by day). A month is read from rollups only when it is over and all its days are
// stored; otherwise it is computed live by `live`. `today` bounds what counts as over.
result<std::vector<trend_point>> monthly_trend(const std::vector<rollup_row>& rollups, date last, int months,
                                               date today, const month_report& live);

}  // namespace cunzhan::hub::kpi
