// Nightly rollups: each county's figures of one day stored in kpi_rollup (county, day,
// kpi, numerator, denominator), so the dashboard's 12-month trend reads a few hundred
// rows instead of recomputing a year of history.
#pragma once
#include <string>
#include <vector>

#include "cunzhan/hub/kpi.hpp"

namespace cunzhan::hub::kpi {

// Computes day `d` for the county and replaces its rollup rows. State KPIs (coverage)
// are the state at the end of d; flow KPIs (online, sales, parcels...) count d alone, so
// a month is the sum of its days. REQUIRES: the writer connection, outside a transaction.
status store_rollup(sql::database& db, const std::string& county_code, date d, int deadline_hour = 6);

// Counties the registry knows (each has villages).
result<std::vector<std::string>> registry_counties(sql::database& db);

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

// The `months` months ending with the month of `last`, oldest first. A month is read from
// rollups only when it is over and all its days are stored; otherwise it is computed live.
// `today` bounds what counts as over (and the live months' online days). `known`: a report
// already computed for one of the months (the dashboard's own), used instead of computing
// that month again.
result<std::vector<trend_point>> monthly_trend(sql::database& db, const std::string& county_code, date last,
                                               int months = 12, int deadline_hour = 6, date today = today_shanghai(),
                                               const county_report* known = nullptr);

}  // namespace cunzhan::hub::kpi
