// The subcommands of `hub`, one group per file. Each takes the arguments after its name
// and returns the exit code.
#pragma once
#include <string>
#include <vector>

#include "cunzhan/hub/accounts.hpp"

namespace cunzhan::hub::cli {

using argv_t = std::vector<std::string>;

int cmd_init(const argv_t& a);              // cmd_setup.cpp
int cmd_cert(const argv_t& a);              // cmd_setup.cpp
int cmd_import_divisions(const argv_t& a);  // cmd_divisions.cpp
int cmd_enroll(const argv_t& a);            // cmd_enroll.cpp
int cmd_revoke(const argv_t& a);            // cmd_enroll.cpp
int cmd_station(const argv_t& a);           // cmd_station.cpp
int cmd_staff(const argv_t& a);             // cmd_staff.cpp
int cmd_audit(const argv_t& a);             // cmd_maint.cpp
int cmd_backup(const argv_t& a);            // cmd_maint.cpp
int cmd_check(const argv_t& a);             // cmd_maint.cpp
int cmd_serve(const argv_t& a);             // cmd_serve.cpp
int cmd_targets(const argv_t& a);           // kpi/cmd_kpi.cpp
int cmd_nightly(const argv_t& a);           // kpi/cmd_kpi.cpp
int cmd_report(const argv_t& a);            // kpi/cmd_report.cpp

// The station or errc::not_found (exit 2 via report), read inside the caller's
// transaction (cmd_station.cpp).
result<station_row> find_station(sql::database& db, const std::string& id);

// True when the arguments ask for help; then `help` has been printed to stdout.
bool wants_help(const argv_t& a, const char* help);

}  // namespace cunzhan::hub::cli
