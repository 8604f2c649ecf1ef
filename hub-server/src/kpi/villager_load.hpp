// Reads the villager-service rows of a county and computes their KPIs (villager_kpi.hpp).
#pragma once
#include "cunzhan/hub/villager_kpi.hpp"
#include "kpi/kpi_data.hpp"

namespace cunzhan::hub::kpi {

result<villager_report> villager_kpis(sql::database& db, const std::string& county, const period& p,
                                      std::int64_t now_s, const detail::registry_data& reg,
                                      const std::vector<detail::station_info>& stations);

}  // namespace cunzhan::hub::kpi
