// The KPI read side: GET /v1/counties/{code}/{kpis|townships|stations|coverage|report.csv}
// for staff tokens scoped to the county, and the /dashboard pages (dashboard.cpp).
#pragma once
#include <string>

#include "cunzhan/hub/kpi.hpp"
#include "cunzhan/hub/kpi_targets.hpp"
#include "routes.hpp"

namespace cunzhan::hub {

net::http_response handle_county(route_context& c, const principal* who, net::http_request& req);
net::http_response handle_dashboard(route_context& c, const principal* who, net::http_request& req);
net::http_response handle_dashboard_csv(route_context& c, const principal* who, net::http_request& req);
net::http_response handle_dashboard_login(route_context& c, const principal* who, net::http_request& req);
net::http_response handle_dashboard_logout(route_context& c, const principal* who, net::http_request& req);

namespace kpi {

// True when the principal is staff whose token lists the county. Stations never read KPIs.
bool may_read(const principal* who, const std::string& county_code);
// The period from the query (period= or from=/to=); the last complete month when absent.
result<period> period_from_query(const std::map<std::string, std::string>& query);
// Targets and report for a county on a reader connection.
struct loaded_report {
  county_report report;
  target_map targets;
};
result<loaded_report> load_report(sql::database& db, const std::string& county_code, const period& p);

}  // namespace kpi
}  // namespace cunzhan::hub
