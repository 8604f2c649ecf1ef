// Pieces the PostgreSQL backend's classes share: reading station and staff rows back,
// appending to the pull feed, and the runner of the SQL written once for both backends.
#pragma once
#include "cunzhan/hub/rows.hpp"
#include "store/postgres/pg_conn.hpp"
#include "store/sql_run.hpp"

namespace cunzhan::hub::pg {

// The columns in SELECT order, and one row of them read back.
extern const char* const k_station_columns;
station_row read_station_row(const rows& r, int i);
extern const char* const k_staff_columns;
staff_row read_staff_row(const rows& r, int i);
// A comma-separated county list as staff_row keeps it.
std::vector<std::string> county_list(const std::string& s);

// Appends to the pull feed. Pull cursors are ref_change ids, and identities are handed out
// at insert, not at commit: the table lock (held to commit) makes ids visible in order, so
// a station's cursor never passes a change that commits later with a smaller id.
// REQUIRES: inside a transaction.
status append_change(connection& c, const std::string& county_code, const std::string& kind,
                     const std::string& key, const std::string& data);

// The shared statement runner (store/sql_run.hpp) over this connection.
sql_run::run_fn run_over(connection& c);

}  // namespace cunzhan::hub::pg
