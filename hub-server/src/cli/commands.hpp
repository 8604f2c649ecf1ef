// The subcommands of `hub`, one group per file. Each takes the arguments after its name
// and returns the exit code.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "cunzhan/hub/storage.hpp"
#include "cunzhan/shared/clock.hpp"

namespace cunzhan::hub::cli {

using argv_t = std::vector<std::string>;

// The commands that stamp or decide by the time take it from `clock` (real_clock() from
// `hub`; a test_clock in tests), as `hub serve` does.

int cmd_init(const argv_t& a);                                // cmd_setup.cpp
int cmd_cert(const argv_t& a);                                // cmd_setup.cpp
int cmd_import_divisions(const argv_t& a);                    // cmd_divisions.cpp
int cmd_enroll(const argv_t& a, const clock_source& clock);   // cmd_enroll.cpp
int cmd_revoke(const argv_t& a, const clock_source& clock);   // cmd_enroll.cpp
int cmd_station(const argv_t& a);                             // cmd_station.cpp
int cmd_staff(const argv_t& a, const clock_source& clock);    // cmd_staff.cpp
int cmd_audit(const argv_t& a);                               // cmd_maint.cpp
int cmd_backup(const argv_t& a);                              // cmd_maint.cpp
int cmd_check(const argv_t& a);                               // cmd_maint.cpp
int cmd_serve(const argv_t& a);                               // cmd_serve.cpp
int cmd_targets(const argv_t& a, const clock_source& clock);  // cmd_kpi.cpp
int cmd_nightly(const argv_t& a, const clock_source& clock);  // cmd_kpi.cpp
int cmd_report(const argv_t& a, const clock_source& clock);   // cmd_report.cpp
int cmd_migrate(const argv_t& a);                             // cmd_migrate.cpp

class args;
// The hub's storage under --data, as `hub serve` opens it: every command goes through the
// same seam (storage.hpp), so a second backend serves them too. `create`: `hub init`.
result<std::unique_ptr<storage>> open_store(const args& a, bool create = false);

// The station or errc::not_found (exit 2 via report); `found` is the lookup's answer
// (storage::station_by_id or admin_writer::station_by_id).
result<station_row> found_station(result<std::optional<station_row>> found, const std::string& id);

// True when the arguments ask for help; then `help` has been printed to stdout.
bool wants_help(const argv_t& a, const char* help);

}  // namespace cunzhan::hub::cli
