// JSON views of a county report for the read-side endpoints: the KPI table with targets,
// the township and station tables, and the village coverage table.
#pragma once
#include <string>

#include <boost/json/value.hpp>

#include "cunzhan/hub/kpi.hpp"
#include "cunzhan/hub/kpi_targets.hpp"

namespace cunzhan::hub::kpi {

boost::json::value figure_json(const figure& f);
boost::json::value growth_json(const growth& g);
boost::json::object activity_json(const activity& a);
boost::json::object coverage_json(const coverage& c);
// GET .../kpis: county-wide figures, KPI table with targets and pass/fail, growth.
boost::json::object report_json(const county_report& r, const target_map& targets);
boost::json::object townships_json(const county_report& r);
boost::json::object stations_json(const county_report& r);
boost::json::object villages_json(const county_report& r);

}  // namespace cunzhan::hub::kpi
