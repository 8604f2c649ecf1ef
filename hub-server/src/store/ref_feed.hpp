// The pull feed's entries (ref_change.data) as both backends write them: one JSON shape
// per kind, so a station pulls the same bytes from SQLite and PostgreSQL hubs.
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "cunzhan/hub/rows.hpp"

namespace cunzhan::hub::ref_feed {

std::string township(const township_row& t);
std::string village(const village_row& v);
std::string target(const std::string& kpi, double value);
// The built-in courier brands: (code, data) in registry order.
std::vector<std::pair<std::string, std::string>> builtin_brands();

}  // namespace cunzhan::hub::ref_feed
