// The hub database schema as an ordered list of migrations (step i: version i → i+1).
#pragma once
#include <cstddef>

#include "cunzhan/shared/sqlite.hpp"

namespace cunzhan::hub::schema {

// Every migration the program knows; sql::migrate applies the missing ones in order.
const sql::migration* migrations(std::size_t& count);

}  // namespace cunzhan::hub::schema
