// Between storage and the villager-service KPIs: which rows to read for a period, and the
// rows read (rows.hpp kpi_villager_rows) as compute_villager's inputs.
#pragma once
#include <cstdint>
#include <vector>

#include "cunzhan/hub/villager_kpi.hpp"
#include "kpi/kpi_inputs.hpp"

namespace cunzhan::hub::kpi::detail {

// Orders since the earliest period compared (year earlier, previous), those still busy at
// the period's start (or now, for a period not yet over), services of the two 12-month
// windows (ending on the period's last day and one year earlier).
villager_span villager_span_for(const period& p, std::int64_t now_s);

// REQUIRES: rows.villager set.
villager_inputs villager_inputs_of(const kpi_rows& rows, const std::vector<station_info>& stations);

}  // namespace cunzhan::hub::kpi::detail
