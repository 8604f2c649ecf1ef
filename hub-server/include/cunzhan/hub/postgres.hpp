// The hub on PostgreSQL (src/store/postgres): `hub serve --storage postgresql://…` or
// CUNZHAN_HUB_STORAGE, for several hub processes on one database. STORAGE.md describes the
// guarantees; README "Running on PostgreSQL" the setup.
#pragma once
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "cunzhan/hub/storage.hpp"

namespace cunzhan::hub {

struct postgres_options {
  std::string url;                   // postgresql://user[:password]@host[:port]/db[?sslmode=verify-full&…]
  std::size_t pool_size = 8;         // connections of this process (CUNZHAN_HUB_PG_POOL)
  int statement_timeout_ms = 30000;  // a statement running longer is cancelled: 503, retried later
  // Push jobs sharing one transaction at most (group commit; CUNZHAN_HUB_PG_GROUP, 1 = off).
  std::size_t sync_group_max = 64;
};

// Connects, migrates the schema (once, however many processes start together) and returns
// the backend. Errors show the URL only with its password blanked.
result<std::unique_ptr<storage>> open_postgres_storage(const postgres_options& o);

// The hub's data for `hub serve` and every admin command: PostgreSQL when `storage` is a
// postgresql:// URL (pool size from $CUNZHAN_HUB_PG_POOL, statement timeout in ms from
// $CUNZHAN_HUB_PG_STATEMENT_TIMEOUT_MS, push jobs per transaction from $CUNZHAN_HUB_PG_GROUP), else SQLite's
// hub.db under data_dir.
result<std::unique_ptr<storage>> open_storage(const std::string& storage, const std::string& data_dir,
                                              bool create);
// --storage's default: $CUNZHAN_HUB_STORAGE, else "" (SQLite).
std::string default_storage();

// True when a --storage value names a PostgreSQL database rather than a data directory.
bool is_postgres_storage(std::string_view s);
// The value as it may be printed or logged (password blanked).
std::string printable_storage(std::string_view s);

}  // namespace cunzhan::hub
