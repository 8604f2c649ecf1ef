// libpq calls behind the hub's pg::connection. Results come back in text format (libpq's
// default); BYTEA parameters go in binary and come back hex-encoded ("\x…").
#include "store/postgres/pg_conn.hpp"

#include <libpq-fe.h>

#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <thread>

#include "store/postgres/pg_url.hpp"

namespace cunzhan::hub::pg {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// libpq's message without the trailing newline.
std::string trimmed(const char* m) {
  std::string s = m ? m : "";
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

// SQLite's positional ? → PostgreSQL's $1, $2 … (outside quoted text), so a statement
// text can be shared by both backends.
std::string numbered(const std::string& sql) {
  if (sql.find('?') == std::string::npos) return sql;
  std::string out;
  int n = 0;
  char quote = 0;
  for (char ch : sql) {
    if (quote) {
      if (ch == quote) quote = 0;
    } else if (ch == '\'' || ch == '"') {
      quote = ch;
    } else if (ch == '?') {
      out += '$' + std::to_string(++n);
      continue;
    }
    out += ch;
  }
  return out;
}

}  // namespace

param::param(double v) {
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);  // shortest round-trip form
  value_.assign(buf, ec == std::errc() ? end : buf);
}

param param::bytes(std::string raw) {
  param p(std::move(raw));
  p.binary_ = true;
  return p;
}

rows::rows(pg_result* r) : r_(r) {}
rows::~rows() {
  if (r_) PQclear(r_);
}
rows& rows::operator=(rows&& o) noexcept {
  if (this != &o) {
    if (r_) PQclear(r_);
    r_ = o.r_;
    o.r_ = nullptr;
  }
  return *this;
}

int rows::columns() const { return r_ ? PQnfields(r_) : 0; }
int rows::size() const { return r_ ? PQntuples(r_) : 0; }
bool rows::is_null(int row, int col) const { return PQgetisnull(r_, row, col) != 0; }
std::string rows::text(int row, int col) const {
  return std::string(PQgetvalue(r_, row, col), static_cast<std::size_t>(PQgetlength(r_, row, col)));
}
std::int64_t rows::int64(int row, int col) const {
  if (is_null(row, col)) return 0;
  return std::strtoll(PQgetvalue(r_, row, col), nullptr, 10);
}
double rows::real(int row, int col) const {
  if (is_null(row, col)) return 0;
  return std::strtod(PQgetvalue(r_, row, col), nullptr);
}
std::optional<std::int64_t> rows::opt_int64(int row, int col) const {
  if (is_null(row, col)) return std::nullopt;
  return int64(row, col);
}
std::string rows::bytes(int row, int col) const {
  const std::string t = text(row, col);
  if (t.size() < 2 || t[0] != '\\' || t[1] != 'x') return t;  // not hex output (never with bytea_output=hex)
  std::string out;
  out.reserve((t.size() - 2) / 2);
  for (std::size_t i = 2; i + 1 < t.size(); i += 2) {
    out.push_back(static_cast<char>(hex_value(t[i]) * 16 + hex_value(t[i + 1])));
  }
  return out;
}
std::int64_t rows::affected() const {
  const char* n = PQcmdTuples(r_);
  return n && *n ? std::strtoll(n, nullptr, 10) : 0;
}

bool retryable_sqlstate(const std::string& s) {
  return s == "40001"               // serialization_failure
         || s == "40P01"            // deadlock_detected
         || s == "53300"            // too_many_connections
         || s == "57P01"            // admin_shutdown
         || s == "57P02"            // crash_shutdown
         || s == "57P03"            // cannot_connect_now (starting up, recovery)
         || s == "57014"            // query_canceled (statement_timeout)
         || s == "55P03"            // lock_not_available
         || s.rfind("08", 0) == 0;  // connection_exception class
}

bool transient_failure(const connection& c, const error& e, bool unique_race) {
  return (unique_race && e.code == errc::already_exists) ||
         (e.code == errc::db_busy && retryable_sqlstate(c.last_sqlstate())) || c.broken();
}

void transient_back_off(int attempt) {
  thread_local std::minstd_rand jitter(std::random_device{}());
  std::this_thread::sleep_for(std::chrono::microseconds(jitter() % (500 * attempt)));
}

connection::~connection() { PQfinish(conn_); }

result<std::unique_ptr<connection>> connection::open(const settings& s) {
  // expand_dbname: the URL is parsed by libpq itself (host, port, sslmode, sslrootcert …);
  // the keywords after it only add what the URL does not say.
  const char* keys[] = {"dbname", "application_name", "connect_timeout", nullptr};
  const char* values[] = {s.url.c_str(), s.application_name.c_str(), "10", nullptr};
  PGconn* c = PQconnectdbParams(keys, values, 1);
  if (!c) return error(errc::db_busy, "out of memory connecting to PostgreSQL", "连接数据库时内存不足");
  if (PQstatus(c) != CONNECTION_OK) {
    // libpq's message names host and user, never the password; the URL is shown redacted.
    std::string msg = trimmed(PQerrorMessage(c));
    PQfinish(c);
    // A TLS failure (sslmode=verify-full with the wrong sslrootcert, a certificate for another
    // host, no TLS offered) says so in both languages: the fix is in the URL, not a retry, so
    // it is `unavailable` (still 503 to a station, which keeps its ops), not "busy".
    const bool tls = msg.find("SSL") != std::string::npos || msg.find("certificate") != std::string::npos;
    const std::string en_tls =
        tls ? " (TLS to the database failed: check sslrootcert, the CA that signed "
              "the database server's certificate, and that the host is the one it names)"
            : "";
    const std::string zh_tls = tls ? "（与数据库的 TLS 连接失败：请检查 sslrootcert "
                                     "是否为签发数据库服务器证书的 CA，以及主机名是否与证书一致）"
                                   : "";
    return error(tls ? errc::unavailable : errc::db_busy,
                 "cannot connect to " + redact_url(s.url) + en_tls + ": " + msg,
                 "无法连接数据库 " + redact_url(s.url) + zh_tls + "：" + msg);
  }
  // NOTICEs ("relation already exists, skipping") are not for the hub's log.
  PQsetNoticeProcessor(
      c, [](void*, const char*) {}, nullptr);
  std::unique_ptr<connection> conn(new connection(c));
  // Set through set_config so the number is a parameter, like every other value.
  auto t = conn->run("SELECT set_config('statement_timeout', $1, false)",
                     {std::to_string(s.statement_timeout_ms)});
  if (!t) return std::move(t).err();
  return conn;
}

bool connection::broken() const { return PQstatus(conn_) != CONNECTION_OK; }

error connection::failure(pg_result* r, const std::string& what) {
  const char* state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
  last_sqlstate_ = state ? state : "";
  std::string msg = trimmed(r ? PQresultErrorMessage(r) : PQerrorMessage(conn_));
  if (msg.empty()) msg = trimmed(PQerrorMessage(conn_));
  if (r) PQclear(r);
  const bool lost = broken();
  if (lost) prepared_.clear();  // a reset connection knows none of them
  if (lost || retryable_sqlstate(last_sqlstate_)) {
    return error(errc::db_busy, "database busy, try again (" + what + ": " + msg + ")",
                 "数据库繁忙，请稍后重试（" + msg + "）");
  }
  if (last_sqlstate_ == "23505") return error(errc::already_exists, what + ": " + msg, "记录已存在：" + msg);
  return error(errc::db_error, what + ": " + msg, "数据库错误：" + msg);
}

result<rows> connection::run(const std::string& sql, const params& p) {
  last_sqlstate_.clear();
  auto it = prepared_.find(sql);
  if (it == prepared_.end()) {
    std::string name = "s" + std::to_string(prepared_.size() + 1);
    PGresult* r = PQprepare(conn_, name.c_str(), numbered(sql).c_str(), 0, nullptr);
    if (!r || PQresultStatus(r) != PGRES_COMMAND_OK) return failure(r, "prepare");
    PQclear(r);
    it = prepared_.emplace(sql, std::move(name)).first;
  }
  std::vector<const char*> values(p.size());
  std::vector<int> lengths(p.size());
  std::vector<int> formats(p.size());
  for (std::size_t i = 0; i < p.size(); ++i) {
    values[i] = p[i].null() ? nullptr : p[i].value().data();
    lengths[i] = static_cast<int>(p[i].value().size());
    formats[i] = p[i].binary() ? 1 : 0;
  }
  PGresult* r = PQexecPrepared(conn_, it->second.c_str(), static_cast<int>(p.size()), values.data(),
                               lengths.data(), formats.data(), 0);
  const auto st = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
  if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK) return failure(r, "statement");
  return rows(r);
}

status connection::exec(const std::string& sql, std::string* tag) {
  last_sqlstate_.clear();
  PGresult* r = PQexec(conn_, sql.c_str());
  const auto st = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
  if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK) return failure(r, "command");
  if (tag) *tag = PQcmdStatus(r);
  PQclear(r);
  return ok_status();
}

namespace {
const char* begin_sql(transaction::isolation level) {
  switch (level) {
    case transaction::isolation::serializable: return "BEGIN ISOLATION LEVEL SERIALIZABLE";
    case transaction::isolation::snapshot: return "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY";
    default: return "BEGIN";
  }
}
}  // namespace

transaction::transaction(connection& c, isolation level) : c_(c), begun_(c.exec(begin_sql(level))) {
  open_ = static_cast<bool>(begun_);
}

transaction::~transaction() {
  if (open_) (void)c_.exec("ROLLBACK");
}

status transaction::commit() {
  open_ = false;
  std::string tag;
  if (auto s = c_.exec("COMMIT", &tag); !s) return s;
  if (tag != "COMMIT") return error(errc::db_error, "the transaction was rolled back", "事务已回滚");
  return ok_status();
}

}  // namespace cunzhan::hub::pg
