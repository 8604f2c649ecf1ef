// The KPI engine's reads and the KPI tables (targets, rollups) in SQLite: the county's
// registry, stations, courier points and the period's activity, each aggregated in SQL
// (GROUP BY station, township) so a year of history is a few scans; the engine (kpi/)
// joins the rows in memory.
#pragma once
#include <string>
#include <vector>

#include "cunzhan/hub/rows.hpp"
#include "cunzhan/shared/result.hpp"
#include "cunzhan/shared/sqlite.hpp"

namespace cunzhan::hub {

class kpi_tables {
 public:
  explicit kpi_tables(sql::database& db) : db_(db) {}

  // Everything kpi::compute needs for q (storage::kpi_inputs).
  result<kpi_rows> inputs(const kpi_query& q);
  result<std::vector<std::pair<std::string, double>>> target_overrides(const std::string& county_code);
  result<std::vector<rollup_row>> rollups(const std::string& county_code, const std::string& first,
                                          const std::string& last);
  result<std::vector<std::string>> registry_counties();

  // REQUIRES: inside a write transaction (set_target also appends to the pull feed).
  status set_target(const std::string& county_code, const std::string& kpi, double value, std::int64_t now_s);
  status replace_rollup(const std::string& county_code, const std::string& day,
                        const std::vector<rollup_row>& rows);

 private:
  result<std::vector<kpi_sales>> sales(const std::string& county_code, const time_span& span);
  status activity(const kpi_query& q, kpi_rows& out);

  sql::database& db_;
};

}  // namespace cunzhan::hub
