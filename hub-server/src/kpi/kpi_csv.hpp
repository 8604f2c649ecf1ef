// CSV downloads of a county report for Excel: UTF-8 with BOM, Chinese headers, every
// cell through csv::escape_cell so no cell can run as a formula.
#pragma once
#include <string>
#include <string_view>

#include "cunzhan/hub/kpi.hpp"
#include "cunzhan/hub/kpi_targets.hpp"

namespace cunzhan::hub::kpi {

// table: "" or "kpis" (KPI table with targets, pass/fail and growth), "townships",
// "stations", "coverage". REQUIRES: a table name accepted by is_csv_table().
std::string report_csv(const county_report& r, const target_map& targets, std::string_view table);
bool is_csv_table(std::string_view table);
// "80.00%" or "" when there is no value.
std::string percent(const std::optional<double>& v);

}  // namespace cunzhan::hub::kpi
