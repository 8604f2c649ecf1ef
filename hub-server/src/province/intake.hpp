// POST /v1/province/reports at the province: checks the envelope, then in one transaction
// recognises a resent submission_id (duplicate), an unchanged report, or stores the next
// version with what changed (PROTOCOL.md, reporting chain).
#pragma once
#include <string>

#include "cunzhan/hub/province/province_store.hpp"
#include "cunzhan/net/http_types.hpp"
#include "cunzhan/shared/clock.hpp"

namespace cunzhan::hub::province {

inline constexpr std::size_t k_max_report_bytes = 4 << 20;
inline constexpr std::size_t k_max_stations = 10000;
inline constexpr std::size_t k_max_townships = 2000;
inline constexpr std::size_t k_max_kpi_lines = 200;  // a county report has about 15

// `county` is the county of the verified token; `now_s` the receive time; `today` decides
// which months have ended (the router passes both from its clock).
net::http_response take_submission(province_store& store, const std::string& county,
                                   const net::http_request& req, std::int64_t now_s,
                                   date today = real_clock().today());

}  // namespace cunzhan::hub::province
