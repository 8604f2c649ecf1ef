// How the report views (JSON, CSV, dashboard HTML) and `hub report` write figures: one
// place for percentages, yuan, instants and the category list, so every view of a report
// shows the same text for the same number.
#pragma once
#include <cstdint>
#include <optional>
#include <set>
#include <string>

#include "cunzhan/hub/kpi.hpp"

namespace cunzhan::hub::report {

// "80.00%" (decimals after the point) or "" when there is no value.
std::string percent(const std::optional<double>& v, int decimals = 2);
// The figure's percentage, or "—" when its denominator is 0.
std::string percent_or_dash(const kpi::figure& f, int decimals = 2);
// "1234.50" from fen, exact (no floating point).
std::string yuan(std::int64_t fen);
// "2026-11-30 21:00:00" Asia/Shanghai, or "" when unknown.
std::string instant_text(const std::optional<std::int64_t>& s);
// Categories sold in the period or in either growth period, sorted.
std::set<std::string> category_keys(const kpi::county_report& r);

}  // namespace cunzhan::hub::report
