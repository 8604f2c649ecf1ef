// The `villager_services` object of the KPI JSON (KPIS.md "HTTP endpoints").
#pragma once
#include <map>
#include <string>

#include <boost/json/value.hpp>

#include "cunzhan/hub/villager_kpi.hpp"

namespace cunzhan::hub::kpi {

// The figures as JSON; an empty scope (nullptr) gives the same keys with zero figures.
boost::json::value villager_json(const villager_figures* f);
const villager_figures* find_or_null(const std::map<std::string, villager_figures>& m,
                                     const std::string& key);

}  // namespace cunzhan::hub::kpi
