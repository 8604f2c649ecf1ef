// open_postgres_storage and the --storage value helpers (include/cunzhan/hub/postgres.hpp).
#include "cunzhan/hub/postgres.hpp"

#include <cstdlib>

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
  std::unique_ptr<storage> s = std::make_unique<pg::pg_storage>(std::move(ps), o.sync_group_max);
  if (auto r = refresh_people_served(*s); !r) return std::move(r).err();
  return s;
}

namespace {

std::size_t env_number(const char* name, std::size_t dflt) {
  const char* v = std::getenv(name);
  if (v == nullptr || *v == '\0') return dflt;
  char* end = nullptr;
  const unsigned long long n = std::strtoull(v, &end, 10);
  return end != nullptr && *end == '\0' && n > 0 ? static_cast<std::size_t>(n) : dflt;
}

}  // namespace

result<std::unique_ptr<storage>> open_storage(const std::string& storage, const std::string& data_dir,
                                              bool create) {
  if (storage.empty()) return open_sqlite_storage(data_dir, create);
  if (!is_postgres_storage(storage)) {
    return error(errc::invalid_argument,
                 "--storage must be a postgresql:// URL: " + printable_storage(storage),
                 "--storage 必须是 postgresql:// 地址：" + printable_storage(storage));
  }
  postgres_options o;
  o.url = storage;
  o.pool_size = env_number("CUNZHAN_HUB_PG_POOL", o.pool_size);
  o.statement_timeout_ms =
      static_cast<int>(env_number("CUNZHAN_HUB_PG_STATEMENT_TIMEOUT_MS", o.statement_timeout_ms));
  o.sync_group_max = env_number("CUNZHAN_HUB_PG_GROUP", o.sync_group_max);
  return open_postgres_storage(o);  // `create` needs nothing more: the schema is made on open
}

std::string default_storage() {
  const char* e = std::getenv("CUNZHAN_HUB_STORAGE");
  return e != nullptr ? e : "";
}

bool is_postgres_storage(std::string_view s) { return pg::is_postgres_url(s); }
std::string printable_storage(std::string_view s) { return pg::redact_url(s); }

}  // namespace cunzhan::hub
