// The KPI read side: GET /v1/counties/{code}/{kpis|townships|stations|coverage|report.csv}
// for staff tokens scoped to the county, and the /dashboard pages (dashboard.cpp).
#pragma once
#include <string>

#include "cunzhan/hub/kpi.hpp"
#include "cunzhan/hub/kpi_targets.hpp"
#include "http/routes.hpp"

namespace cunzhan::hub {

net::http_response handle_county(route_context& c, const principal* who, net::http_request& req);
net::http_response handle_dashboard(route_context& c, const principal* who, net::http_request& req);
net::http_response handle_dashboard_csv(route_context& c, const principal* who, net::http_request& req);
net::http_response handle_dashboard_login(route_context& c, const principal* who, net::http_request& req);
net::http_response handle_dashboard_logout(route_context& c, const principal* who, net::http_request& req);

namespace kpi {

// True when the principal is staff whose token lists the county. Stations never read KPIs.
bool may_read(const principal* who, const std::string& county_code);
// The period from the query (period= or from=/to=, empty values count as absent); the
// last complete month before `today` when absent (resolve_period).
result<period> period_from_query(const std::map<std::string, std::string>& query, date today);

}  // namespace kpi
}  // namespace cunzhan::hub
