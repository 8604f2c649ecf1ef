// CSV downloads of a county report for Excel: UTF-8 with BOM, Chinese headers, each cell
// typed (csv::cell_kind): figures bare so Excel computes with them, division codes as
// ="…" text so 12 digits stay 12 digits, everything else guarded so no cell runs a formula.
// Every ratio has its numerator and denominator in the two columns before it.
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

}  // namespace cunzhan::hub::kpi
