// Reports over the storage seam: storage reads the rows, the KPI engine (kpi.hpp)
// computes on them. The one loading path of the JSON API, the dashboard, the CSV tables,
// `hub report` and the nightly rollups, whichever backend is behind `storage`.
#pragma once
#include <string>
#include <vector>

#include "cunzhan/hub/kpi.hpp"
#include "cunzhan/hub/kpi_rollup.hpp"
#include "cunzhan/hub/kpi_targets.hpp"
#include "cunzhan/hub/storage.hpp"
#include "cunzhan/shared/clock.hpp"

namespace cunzhan::hub::report {

// The county's report for the period (storage::kpi_inputs, then kpi::compute).
result<kpi::county_report> compute(storage& store, const std::string& county_code, const kpi::period& p,
                                   const kpi::options& o = {});

// The county's targets: defaults with its overrides applied.
result<kpi::target_map> load_targets(storage& store, const std::string& county_code);
// Checks and stores a target override in its own transaction; the stations pull it.
status set_target(storage& store, const std::string& county_code, const std::string& kpi, double value,
                  std::int64_t now_s);

// The report computed with the county's own rules (deadline_hour) plus its targets.
// `clock`: today (online days stop there) and now (sync lags).
result<kpi::loaded_report> load_report(storage& store, const std::string& county_code, const kpi::period& p,
                                       const clock_source& clock = real_clock());

// The dashboard's trend: the `months` months ending with the month of `last` (kpi_rollup.hpp).
// `known`: a report already computed for one of the months, used instead of computing it again.
result<std::vector<kpi::trend_point>> monthly_trend(storage& store, const std::string& county_code, date last,
                                                    int months = 12, int deadline_hour = 6,
                                                    date today = today_shanghai(),
                                                    const kpi::county_report* known = nullptr);

// Computes day `d` for the county and replaces its rollup rows (one transaction).
status store_rollup(storage& store, const std::string& county_code, date d, int deadline_hour = 6);

}  // namespace cunzhan::hub::report
