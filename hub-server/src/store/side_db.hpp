// A small database of its own beside the hub's storage: the province role's data
// (province/province_store) and a county hub's link to its province (province/upstream_store).
// Their classes hold every statement (one text for both backends: SQLite's ? are numbered
// to $n on PostgreSQL) and speak to the database only through this seam, which SQLite
// (sqlite_side_db.cpp, a file in the data directory) and PostgreSQL
// (postgres/pg_side_db.cpp, a schema of the hub's database) implement. STORAGE.md, "Side
// stores".
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cunzhan/shared/result.hpp"
#include "cunzhan/shared/sqlite.hpp"

namespace cunzhan::hub {

// One statement parameter.
struct side_value {
  enum class kind { null, integer, text, bytes };
  kind k = kind::null;
  std::int64_t i = 0;
  std::string s;
  side_value(std::nullopt_t) {}                                  // NOLINT: like the binds
  side_value(std::int64_t v) : k(kind::integer), i(v) {}         // NOLINT
  side_value(int v) : k(kind::integer), i(v) {}                  // NOLINT
  side_value(std::string v) : k(kind::text), s(std::move(v)) {}  // NOLINT
  side_value(const char* v) : k(kind::text), s(v) {}             // NOLINT
  static side_value bytes(std::string raw) {
    side_value v(std::move(raw));
    v.k = kind::bytes;
    return v;
  }
};
using side_values = std::vector<side_value>;

// One result row.
class side_cells {
 public:
  virtual ~side_cells() = default;
  virtual std::string text(int i) const = 0;
  virtual std::int64_t num(int i) const = 0;
  virtual std::string bytes(int i) const = 0;  // a BLOB/BYTEA column's raw bytes
  virtual bool null(int i) const = 0;
};

// The store's schema: SQLite's steps (version i → i+1), and for PostgreSQL the schema
// name (its tables live there), a fixed advisory-lock key for migrating, and statements
// run after a step there only (SQLite's implicit rowid made an explicit identity column).
struct side_schema {
  const sql::migration* steps = nullptr;
  std::size_t count = 0;
  const char* pg_schema = "";
  std::int64_t pg_lock_key = 0;
  std::vector<std::pair<std::size_t, const char*>> pg_after;  // (step index, statement)
};

class side_db {
 public:
  virtual ~side_db() = default;
  // Runs a statement; returns the rows it changed.
  virtual result<std::int64_t> exec(const char* sql, const side_values& v = {}) = 0;
  // Runs a query, row(cells) per result row.
  virtual status query(const char* sql, const side_values& v,
                       const std::function<void(const side_cells&)>& row) = 0;
  // One write transaction around fn (which uses exec/query); fn's error rolls back. Jobs
  // behave as if run one at a time: SQLite holds one connection's lock; PostgreSQL runs fn
  // SERIALIZABLE and reruns it from the start on a conflict with another process (a
  // serialization failure, a deadlock, a unique-key race), so fn must start from nothing.
  virtual status in_transaction(const std::function<status()>& fn) = 0;
  // SQLite: an online, consistent copy (0600); PostgreSQL: refused, saying how (pg_dump).
  virtual status backup_to(const std::string& dest) = 0;
  // SQLite: PRAGMA integrity_check; PostgreSQL: the schema version. "ok" or the problems.
  virtual result<std::string> integrity_check() = 0;
};

// exec's answer as a status (the count dropped).
inline status side_done(const result<std::int64_t>& r) { return r ? ok_status() : status(r.err()); }

// A --storage value that is neither empty (SQLite) nor a postgresql:// URL.
error bad_storage_value(const std::string& storage);

// SQLite: `path` opened (created when `create`) and migrated.
result<std::unique_ptr<side_db>> open_sqlite_side_db(const std::string& path, bool create,
                                                     const side_schema& s);

}  // namespace cunzhan::hub
