// The engine's first step: storage's rows (rows.hpp) turned into what the joins use —
// stations and points with their operating days, and the period's activity credited to
// each station, township and the county.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "cunzhan/hub/kpi.hpp"

namespace cunzhan::hub::kpi::detail {

struct station_info {
  std::string id, name, kind, village_code, township_code;
  std::string opened_on, closed_on;  // effective opened_on (enrolment day when unset); "" when open
  std::int64_t open_day = 0;         // day_number(opened_on)
  std::optional<std::int64_t> close_day;
  std::string program_version;  // announced by its latest sync; "" when never said
  // Operating on day n: opened_on ≤ n and (no closed_on or closed_on > n).
  bool operating_on(std::int64_t n) const { return open_day <= n && (!close_day || *close_day > n); }
};

struct point_info {
  const kpi_point* row = nullptr;
  std::optional<std::int64_t> open_day;  // unset: recorded without a date, counted as open
  std::optional<std::int64_t> close_day;
  bool active_on(std::int64_t n) const {
    return (!open_day || *open_day <= n) && (!close_day || *close_day > n);
  }
};

struct activity_data {
  std::unordered_map<std::string, activity> by_station;
  std::unordered_map<std::string, activity> by_township;
  activity county;
  std::unordered_map<std::string, std::int64_t> last_sync;  // station id → last ok sync end
};

std::vector<station_info> stations_of(const kpi_rows& rows);
std::vector<point_info> points_of(const kpi_rows& rows);
activity_data activity_of(const kpi_rows& rows, const period& p, const options& o,
                          const std::vector<station_info>& stations);

}  // namespace cunzhan::hub::kpi::detail
