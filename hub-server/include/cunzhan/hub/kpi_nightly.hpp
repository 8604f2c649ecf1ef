// The nightly job behind `hub nightly`, as a function so tests drive it directly.
#pragma once
#include <ostream>
#include <string>

#include "cunzhan/shared/result.hpp"
#include "cunzhan/shared/time.hpp"

namespace cunzhan::hub::kpi {

struct nightly_options {
  std::string data_dir;    // the hub's --data
  date day;                // the day to roll up
  std::string backup_dir;  // "" → no backup
  int keep = 14;           // backups kept (newest first by name)
};

// Rollups for every county, integrity_check (must be "ok"), backup, prune. Logs to `log`.
status run_nightly(const nightly_options& o, std::ostream& log);

}  // namespace cunzhan::hub::kpi
