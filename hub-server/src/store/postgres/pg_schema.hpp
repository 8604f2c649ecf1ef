// The hub's schema on PostgreSQL, versioned in its own table and migrated on open. Several
// hub processes may open one database at the same moment: the migration runs in one
// transaction under an advisory lock, so exactly one of them applies each step and the
// others then find the schema current.
#pragma once
#include <string>
#include <string_view>

#include "store/postgres/pg_conn.hpp"

namespace cunzhan::hub::pg {

// The schema version this program writes (SQLite's numbering: the steps are SQLite's).
int schema_version();

// One SQLite schema step in PostgreSQL's types (see pg_schema.cpp).
std::string translate_step(std::string_view sqlite_sql);

// Creates or upgrades the schema; db_schema_too_new when a newer program migrated it.
status migrate(connection& c);

}  // namespace cunzhan::hub::pg
