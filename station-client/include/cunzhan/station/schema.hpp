// The station database schema as an ordered list of migrations (step i: version i → i+1).
// Exposed so tests can build a file at an older version and check it upgrades.
#pragma once
#include <span>

#include "cunzhan/shared/sqlite.hpp"

namespace cunzhan::station_client {

// All steps; the current schema version is migrations().size().
std::span<const sql::migration> migrations();

}  // namespace cunzhan::station_client
