// The monthly report a county hub sends to its province, built from the county's own KPI
// report code (kpi/kpi_json: the same objects its /v1/counties/{code}/... routes answer),
// so the province shows exactly the county's figures. Station rows lose the "now" figures
// (last sync, lag); nothing about an officer or a farmer is in any of it.
#pragma once
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <string>

#include "cunzhan/hub/kpi_targets.hpp"

namespace cunzhan::hub::province {

// {kpis, townships, stations, coverage_summary, consistency} (PROTOCOL.md).
boost::json::object build_report(const kpi::loaded_report& r);
// SHA-256 (hex) of the report's canonical JSON without its "now" figures (listings.active):
// the month's content, which decides whether a month already sent needs a new version.
std::string content_hash(const boost::json::object& report);
// The figures of `kpis` that differ between two versions (dotted paths; KPI table rows by
// their kpi key), at most `max` of them.
boost::json::array diff_kpis(const boost::json::value& before, const boost::json::value& after,
                             std::size_t max = 100);

}  // namespace cunzhan::hub::province
