// side_db on PostgreSQL: the store's tables in a schema of their own (side_schema::pg_schema)
// of the hub's database, so pg_dump takes them with the hub's data.
#pragma once
#include "store/side_db.hpp"

namespace cunzhan::hub::pg {

// Connects (statement timeout from $CUNZHAN_HUB_PG_STATEMENT_TIMEOUT_MS like the hub) and
// migrates. With `must_exist`, a database where the store was never made is
// not_initialised, and nothing is created in it.
result<std::unique_ptr<side_db>> open_side_db(const std::string& url, const side_schema& s, bool must_exist);

// Whether the store's schema exists in that database (nothing is created).
result<bool> side_db_exists(const std::string& url, const side_schema& s);

}  // namespace cunzhan::hub::pg
