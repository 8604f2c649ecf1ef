// open_postgres_storage and the --storage value helpers (include/cunzhan/hub/postgres.hpp).
#include "cunzhan/hub/postgres.hpp"

#include "store/postgres/pg_schema.hpp"
#include "store/postgres/pg_storage.hpp"
#include "store/postgres/pg_url.hpp"

namespace cunzhan::hub {

result<std::unique_ptr<storage>> open_postgres_storage(const postgres_options& o) {
  pg::pool_settings ps;
  ps.conn.url = o.url;
  ps.conn.statement_timeout_ms = o.statement_timeout_ms;
  ps.size = o.pool_size;
  // Migrate on open, on a connection of its own (the pool's serve requests).
  auto c = pg::connection::open(ps.conn);
  if (!c) return std::move(c).err();
  if (auto m = pg::migrate(**c); !m) return std::move(m).err();
  return std::unique_ptr<storage>(std::make_unique<pg::pg_storage>(std::move(ps)));
}

bool is_postgres_storage(std::string_view s) { return pg::is_postgres_url(s); }
std::string printable_storage(std::string_view s) { return pg::redact_url(s); }

}  // namespace cunzhan::hub
