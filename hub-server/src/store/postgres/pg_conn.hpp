// A thin libpq layer for the hub's PostgreSQL backend: one connection, every statement
// prepared once per connection and run with parameters only (a value never becomes SQL
// text), results read as typed values, and failures sorted in two: "try again later"
// (errc::db_busy: serialization failure, deadlock, too many connections, server shutting
// down, connection lost, statement timeout; the router answers 503 + Retry-After and the
// station keeps its ops) and everything else (errc::db_error / already_exists).
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "cunzhan/shared/result.hpp"

struct pg_conn;    // libpq's PGconn
struct pg_result;  // libpq's PGresult

namespace cunzhan::hub::pg {

// One statement parameter: NULL, text (numbers in their decimal form), or raw bytes for
// a BYTEA column (sent in binary, so no escaping exists anywhere).
class param {
 public:
  param(std::nullopt_t) : null_(true) {}                // NOLINT: implicit on purpose, like the binds
  param(std::string s) : value_(std::move(s)) {}        // NOLINT
  param(const char* s) : value_(s) {}                   // NOLINT
  param(std::int64_t v) : value_(std::to_string(v)) {}  // NOLINT
  param(int v) : value_(std::to_string(v)) {}           // NOLINT
  param(double v);                                      // NOLINT
  template <class T>
  param(const std::optional<T>& v) : param(v ? param(*v) : param(std::nullopt)) {}  // NOLINT
  static param bytes(std::string raw);

  bool null() const { return null_; }
  bool binary() const { return binary_; }
  const std::string& value() const { return value_; }

 private:
  bool null_ = false;
  bool binary_ = false;
  std::string value_;
};
using params = std::vector<param>;

// A statement's result rows (text format), owned.
class rows {
 public:
  explicit rows(pg_result* r);
  ~rows();
  rows(rows&& o) noexcept : r_(o.r_) { o.r_ = nullptr; }
  rows& operator=(rows&& o) noexcept;
  rows(const rows&) = delete;

  int size() const;
  int columns() const;
  bool empty() const { return size() == 0; }
  bool is_null(int row, int col) const;
  std::string text(int row, int col) const;    // "" for NULL
  std::int64_t int64(int row, int col) const;  // 0 for NULL
  double real(int row, int col) const;
  std::optional<std::int64_t> opt_int64(int row, int col) const;
  std::string bytes(int row, int col) const;  // a BYTEA column's raw bytes
  std::int64_t affected() const;              // rows an INSERT/UPDATE/DELETE touched

 private:
  pg_result* r_;
};

// Per-process connection settings (the URL carries host, database, user, TLS).
struct settings {
  std::string url;
  int statement_timeout_ms = 30000;  // 0 = none
  std::string application_name = "cunzhan-hub";
};

// The SQLSTATE classes that mean "the same request may succeed in a moment".
bool retryable_sqlstate(const std::string& sqlstate);

class connection;
// A conflict that a fresh run of the same job resolves: a retryable SQLSTATE or a lost
// connection. `unique_race`: a unique-key error counts too (in a sync job it is the op_id
// race, and the rerun finds the op logged; in an admin job it is a real "already exists").
// Judge it before a rollback clears the connection's SQLSTATE.
bool transient_failure(const connection& c, const error& e, bool unique_race);
// A job meeting transient conflicts runs at most this many times; then the station is
// told to come back later (503), which is always safe: it keeps its ops.
constexpr int k_transient_attempts = 12;
// Sleeps a little before try number `attempt` + 1, growing and randomised, so two
// conflicting jobs do not meet again.
void transient_back_off(int attempt);

class connection {
 public:
  ~connection();
  connection(const connection&) = delete;

  // Connects (the URL's sslmode and sslrootcert are honoured by libpq) and sets the
  // statement timeout. Errors never contain the password.
  static result<std::unique_ptr<connection>> open(const settings& s);

  // Runs one statement with parameters; prepared on this connection the first time its
  // text is seen and reused afterwards. $1, $2 … (or SQLite's ?, numbered here) in the
  // SQL, never a value.
  result<rows> run(const std::string& sql, const params& p = {});
  // A parameterless command or script (BEGIN, COMMIT, DDL of a migration); `tag` gets
  // the command tag (COMMIT of a failed transaction answers "ROLLBACK", not an error).
  status exec(const std::string& sql, std::string* tag = nullptr);

  // The connection is gone (server restart, network): the pool drops it.
  bool broken() const;
  // The SQLSTATE of the last failure ("" when none or when no server answered).
  const std::string& last_sqlstate() const { return last_sqlstate_; }

 private:
  explicit connection(pg_conn* c) : conn_(c) {}
  error failure(pg_result* r, const std::string& what);

  pg_conn* conn_;
  std::unordered_map<std::string, std::string> prepared_;  // SQL text → statement name
  std::string last_sqlstate_;
};

// BEGIN … COMMIT on one connection; rolls back when dropped uncommitted.
class transaction {
 public:
  // snapshot: REPEATABLE READ READ ONLY, for reads that must see one moment (a report).
  enum class isolation { read_committed, serializable, snapshot };
  transaction(connection& c, isolation level = isolation::read_committed);
  ~transaction();
  transaction(const transaction&) = delete;
  const status& begun() const { return begun_; }
  status commit();

 private:
  connection& c_;
  status begun_;
  bool open_ = false;
};

}  // namespace cunzhan::hub::pg
