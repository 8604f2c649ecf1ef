// Loading what the KPI engine joins in memory: the county's registry, its stations, its
// courier points (with served villages and brands) and the period's activity aggregated
// by station and township. Each loader is one or two set-based queries.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "cunzhan/hub/kpi.hpp"

namespace cunzhan::hub::kpi::detail {

struct reg_village {
  std::string code;
  std::string name;
  std::string township_code;
  bool administrative = false;
};

struct registry_data {
  std::vector<std::pair<std::string, std::string>> townships;  // code, name; sorted by code
  std::vector<reg_village> villages;                           // sorted by code
};

struct station_info {
  std::string id, name, kind, village_code, township_code;
  std::string opened_on, closed_on;  // effective opened_on (enrolment day when unset); "" when open
  std::int64_t open_day = 0;         // day_number(opened_on)
  std::optional<std::int64_t> close_day;
  std::string program_version;       // announced by its latest sync; "" when never said
  // Operating on day n: opened_on ≤ n and (no closed_on or closed_on > n).
  bool operating_on(std::int64_t n) const { return open_day <= n && (!close_day || *close_day > n); }
};

struct point_info {
  std::string id, kind, village_code;
  int days_per_week = 0;
  std::optional<std::int64_t> open_day;  // unset: recorded without a date, counted as open
  std::optional<std::int64_t> close_day;
  std::vector<std::string> served;  // served village codes (besides the located-in village)
  std::vector<std::string> brands;
  bool active_on(std::int64_t n) const { return (!open_day || *open_day <= n) && (!close_day || *close_day > n); }
};

struct activity_data {
  std::unordered_map<std::string, activity> by_station;
  std::unordered_map<std::string, activity> by_township;
  activity county;
  std::unordered_map<std::string, std::int64_t> last_sync;  // station id → last ok sync end
};

result<registry_data> load_registry(sql::database& db, const std::string& county);
result<std::vector<station_info>> load_stations(sql::database& db, const std::string& county);
result<std::vector<point_info>> load_points(sql::database& db, const std::string& county);
status load_activity(sql::database& db, const std::string& county, const period& p, const options& o,
                     const std::vector<station_info>& stations, activity_data& out);

// Runs a cached statement: bind(q) once, then row(q) per result row.
template <class Bind, class Row>
status each_row(sql::database& db, const char* sql, Bind&& bind, Row&& row) {
  auto st = db.prepare_cached(sql);
  if (!st) return std::move(st).err();
  auto& q = **st;
  bind(q);
  for (;;) {
    auto r = q.step();
    if (!r) {
      q.reset();
      return std::move(r).err();
    }
    if (!*r) break;
    row(q);
  }
  q.reset();
  return ok_status();
}

}  // namespace cunzhan::hub::kpi::detail
