// The statement half of the RAII SQLite layer (sqlite.cpp has the connection,
// transactions, migrations and backup): binding, stepping and reading columns.
#include <sqlite3.h>

#include <stdexcept>

#include "cunzhan/shared/sqlite.hpp"

namespace cunzhan::sql {

namespace {

// A bind only fails on a wrong index or out of memory: both are programming errors,
// so they surface loudly instead of silently writing NULL.
void check_bind(sqlite3* db, int rc) {
  if (rc != SQLITE_OK) {
    throw std::logic_error(std::string("sqlite bind failed: ") +
                           (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc)));
  }
}

}  // namespace

statement::statement(statement&& o) noexcept : db_(o.db_), stmt_(o.stmt_) {
  o.db_ = nullptr;
  o.stmt_ = nullptr;
}

statement& statement::operator=(statement&& o) noexcept {
  if (this != &o) {
    sqlite3_finalize(stmt_);
    db_ = o.db_;
    stmt_ = o.stmt_;
    o.db_ = nullptr;
    o.stmt_ = nullptr;
  }
  return *this;
}

statement::~statement() { sqlite3_finalize(stmt_); }

statement& statement::bind(int i, std::int64_t v) {
  check_bind(db_, sqlite3_bind_int64(stmt_, i, v));
  return *this;
}

statement& statement::bind(int i, double v) {
  check_bind(db_, sqlite3_bind_double(stmt_, i, v));
  return *this;
}

statement& statement::bind(int i, std::string_view text) {
  // An empty view may have a null data(); SQLite would bind NULL for a null pointer.
  const char* p = text.data() ? text.data() : "";
  check_bind(db_, sqlite3_bind_text64(stmt_, i, p, text.size(), SQLITE_TRANSIENT, SQLITE_UTF8));
  return *this;
}

statement& statement::bind_blob(int i, std::string_view bytes) {
  const char* p = bytes.data() ? bytes.data() : "";
  check_bind(db_, sqlite3_bind_blob64(stmt_, i, p, bytes.size(), SQLITE_TRANSIENT));
  return *this;
}

statement& statement::bind_null(int i) {
  check_bind(db_, sqlite3_bind_null(stmt_, i));
  return *this;
}

result<bool> statement::step() {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return sqlite_error(db_, rc);
}

status statement::run() {
  for (;;) {
    auto more = step();
    if (!more) {
      sqlite3_reset(stmt_);
      return std::move(more).err();
    }
    if (!*more) break;
  }
  sqlite3_reset(stmt_);
  return ok_status();
}

void statement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

std::int64_t statement::column_int(int i) const { return sqlite3_column_int64(stmt_, i); }
double statement::column_double(int i) const { return sqlite3_column_double(stmt_, i); }

std::string statement::column_text(int i) const {
  const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, i));
  if (p == nullptr) return {};
  return std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, i)));
}

std::string statement::column_blob(int i) const {
  const auto* p = static_cast<const char*>(sqlite3_column_blob(stmt_, i));
  if (p == nullptr) return {};
  return std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, i)));
}

bool statement::column_is_null(int i) const { return sqlite3_column_type(stmt_, i) == SQLITE_NULL; }

}  // namespace cunzhan::sql
