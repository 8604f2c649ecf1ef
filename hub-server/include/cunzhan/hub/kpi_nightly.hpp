// The nightly job behind `hub nightly`, as a function so tests drive it directly.
#pragma once
#include <optional>
#include <ostream>
#include <string>

#include "cunzhan/shared/result.hpp"
#include "cunzhan/shared/time.hpp"

namespace cunzhan::hub::kpi {

// Stations sync offline records days or weeks late, so one night's rollup of "yesterday"
// goes stale; each run re-rolls the last k_default_window_days days (a month and its late
// arrivals), and `from` re-rolls further back after an older import.
inline constexpr int k_default_window_days = 40;

struct nightly_options {
  std::string data_dir;                     // the hub's --data
  std::string storage;                      // the hub's --storage ("" = SQLite in data_dir; postgres.hpp)
  date day;                                 // the last day to roll up (normally yesterday)
  int window_days = k_default_window_days;  // days rolled up, ending with `day`
  std::optional<date> from;                 // when set: roll up from..day instead
  std::string backup_dir;                   // "" → no backup
  int keep = 14;                            // backups kept (newest first by name)
};

// Rollups for every county over the window, integrity_check (must be "ok"; else
// db_corrupt and no backup), backup, prune. Logs to `log`.
status run_nightly(const nightly_options& o, std::ostream& log);

}  // namespace cunzhan::hub::kpi
