// Handlers of the province's read routes (JSON, CSV, dashboard), over the store.
#pragma once
#include <optional>
#include <string>

#include "cunzhan/hub/province/province_store.hpp"
#include "cunzhan/hub/province/province_view.hpp"
#include "cunzhan/net/http_types.hpp"
#include "cunzhan/shared/clock.hpp"

namespace cunzhan::hub::province {

// The view input for `period` as `reader` may see it: the enrolled counties within the
// reader's scope and their latest versions.
result<view_input> load_view(province_store& store, const staff_row& reader, const std::string& period,
                             const clock_source& clock = real_clock());

net::http_response handle_read(province_store& store, const staff_row& reader, const net::http_request& req,
                               const clock_source& clock = real_clock());
// CSV for Excel: table=counties|submissions (kpi_csv's conventions).
std::string counties_csv(const boost::json::object& view);
std::string submissions_csv(const boost::json::object& view);

// The dashboard (province_dashboard.cpp): GET with the session cookie, else the sign-in form.
net::http_response handle_dashboard(province_store& store, const net::http_request& req,
                                    const clock_source& clock = real_clock());
net::http_response handle_login(province_store& store, const net::http_request& req,
                                const clock_source& clock = real_clock());
net::http_response handle_logout(province_store& store, const net::http_request& req);
// The signed-in staff member of a dashboard request (its cookie), if any.
std::optional<staff_row> session_staff(province_store& store, const net::request_head& req,
                                       const clock_source& clock = real_clock());
// Verifies a `ps_` token: the staff row, or unauthorized.
result<staff_row> verify_staff(province_store& store, std::string_view token);

}  // namespace cunzhan::hub::province
