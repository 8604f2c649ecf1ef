// A thin RAII layer over SQLite, in the spirit of Chromium's sql/: a database owns its
// connection and a cache of prepared statements; every write runs in a transaction
// object; only prepared statements with bound parameters are used.
#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "cunzhan/shared/result.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace cunzhan::sql {

class statement {
 public:
  statement() = default;
  statement(sqlite3* db, sqlite3_stmt* s) : db_(db), stmt_(s) {}
  statement(statement&&) noexcept;
  statement& operator=(statement&&) noexcept;
  statement(const statement&) = delete;
  ~statement();

  // Binding is 1-based like SQLite. Returns *this to chain.
  statement& bind(int i, std::int64_t v);
  statement& bind(int i, int v) { return bind(i, static_cast<std::int64_t>(v)); }
  statement& bind(int i, double v);
  statement& bind(int i, std::string_view text);
  statement& bind(int i, const char* text) { return bind(i, std::string_view(text)); }
  statement& bind(int i, const std::string& text) { return bind(i, std::string_view(text)); }
  statement& bind_blob(int i, std::string_view bytes);
  statement& bind_null(int i);
  template <class T>
  statement& bind(int i, const std::optional<T>& v) {
    return v ? bind(i, *v) : bind_null(i);
  }

  // step(): true when a row is ready, false when done; errors come back as error.
  result<bool> step();
  // Runs to completion (for INSERT/UPDATE/DELETE).
  status run();
  void reset();  // clears bindings too

  std::int64_t column_int(int i) const;
  double column_double(int i) const;
  std::string column_text(int i) const;
  std::string column_blob(int i) const;
  bool column_is_null(int i) const;

 private:
  sqlite3* db_ = nullptr;
  sqlite3_stmt* stmt_ = nullptr;
};

struct open_options {
  bool create = true;  // create when missing
  bool read_only = false;
  // PRAGMA quick_check (every page) on open; refuse a damaged file. Without it open
  // still refuses a file whose header or length is wrong.
  bool check_integrity = true;
  int busy_timeout_ms = 5000;
};

class database {
 public:
  // Opens with WAL and synchronous=FULL. A damaged file → errc::db_corrupt, and the
  // file is left exactly as it was (nothing is written before the checks pass).
  static result<std::unique_ptr<database>> open(const std::string& path, const open_options& o = {});
  ~database();

  status exec(std::string_view sql);  // for DDL and PRAGMAs without parameters
  // A cached prepared statement, reset and ready to bind. The reference stays valid
  // until the database is closed; do not hold it across another prepare of the same SQL.
  result<statement*> prepare_cached(std::string_view sql);
  result<statement> prepare(std::string_view sql);
  std::int64_t last_insert_rowid() const;
  int changes() const;
  const std::string& path() const { return path_; }
  sqlite3* handle() { return db_; }
  // Closes the connection (statements first) and keeps the object: every later call
  // answers `why` instead of touching a closed handle. For a store whose reopen after a
  // disk error failed: its callers get a true error, never a dangling connection.
  void close(error why);
  bool is_open() const { return db_ != nullptr; }
  // PRAGMA integrity_check (full) → "ok" or the first problems.
  result<std::string> integrity_check();
  // Checkpoints the whole WAL into the file and empties it, unless another connection
  // is reading (then nothing happens and false is returned). For after bulk writes: the
  // next open then has no WAL to scan.
  bool try_truncate_wal();
  // Memory-maps the file for this connection's reads, up to `limit` bytes (a page read is
  // then a memory access, not a pread). SQLite keeps a map at the size the file had when it
  // was made; this remakes it once the file has outgrown it by an eighth, so a long-lived
  // reader of a growing hub.db keeps its pages mapped (kpi_bench at 1M ops: 215 → 136 ms).
  status map_into_memory(std::int64_t limit);
  // Resets every statement of this connection that is still mid-way through its rows.
  // A pooled connection must be handed back this way: one cached SELECT left after its
  // first row keeps the connection's read transaction open, so every later query on it
  // sees that old snapshot (and the WAL cannot be checkpointed past it).
  void finish_statements();
  // Online backup to a new file, consistent while others write.
  status backup_to(const std::string& dest_path);
  // Reads a user_version-style schema number from the schema_version table (0 if none).
  result<int> schema_version();
  status set_schema_version(int v);

 private:
  explicit database(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
  static result<std::unique_ptr<database>> open_once(const std::string& path, const open_options& o);
  sqlite3* db_;
  std::string path_;
  int busy_timeout_ms_ = 0;
  std::map<std::string, std::unique_ptr<statement>, std::less<>> cache_;
  error closed_why_;               // what close() was given
  std::int64_t mapped_bytes_ = 0;  // the file's size when map_into_memory last mapped it
};

// BEGIN IMMEDIATE on construction (retrying while busy); ROLLBACK in the destructor
// unless commit() succeeded.
class transaction {
 public:
  explicit transaction(database& db);
  ~transaction();
  transaction(const transaction&) = delete;
  const status& begun() const { return begun_; }
  status commit();
  // After a failed commit(): true when the disk failed it (IOERR, FULL), so the
  // transaction may still be in the WAL and reappear on the next open; false when it
  // certainly did not happen. The caller must find out before saying "not saved".
  bool outcome_unknown() const { return outcome_unknown_; }

 private:
  database& db_;
  status begun_;
  bool done_ = false;
  bool outcome_unknown_ = false;
};

// Migration step i takes schema from version i to i+1.
using migration = std::string_view;  // SQL run inside one transaction
status migrate(database& db, const migration* steps, std::size_t count);

// Maps a SQLite result code to an error with its text: db_busy, db_corrupt (CORRUPT,
// NOTADB), disk_full (FULL, or ENOSPC underneath; names the directory and its free
// space), db_io_error (the rest of the IOERR family, with the OS error), db_error.
error sqlite_error(sqlite3* db, int rc);
// The SQLite (extended) result code an error from sqlite_error carries, 0 when none.
int sqlite_code_of(const error& e);

}  // namespace cunzhan::sql
