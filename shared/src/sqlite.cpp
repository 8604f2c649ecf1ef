// The RAII SQLite layer: opening (integrity check before any write, then WAL and
// synchronous=FULL), statements with bound parameters, a statement cache, transactions,
// migrations and online backup. Statements: sqlite_statement.cpp.
#include "cunzhan/shared/sqlite.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <thread>

#include "cunzhan/platform/path.hpp"

namespace cunzhan::sql {

namespace {

// Runs a PRAGMA that answers with rows of text and collects them (at most `max_rows`).
// A corrupt or non-database file fails here with SQLITE_CORRUPT / SQLITE_NOTADB.
result<std::vector<std::string>> pragma_rows(sqlite3* db, const char* sql, std::size_t max_rows) {
  sqlite3_stmt* raw = nullptr;
  int rc = sqlite3_prepare_v2(db, sql, -1, &raw, nullptr);
  if (rc != SQLITE_OK) {
    error e = sqlite_error(db, rc);
    sqlite3_finalize(raw);
    return e;
  }
  statement st(db, raw);
  std::vector<std::string> rows;
  for (;;) {
    auto more = st.step();
    if (!more) return std::move(more).err();
    if (!*more) break;
    if (rows.size() < max_rows) rows.push_back(st.column_text(0));
  }
  return rows;
}

std::string join_lines(const std::vector<std::string>& rows) {
  std::string out;
  for (const auto& r : rows) {
    if (!out.empty()) out += '\n';
    out += r;
  }
  return out;
}

bool only_ok(const std::vector<std::string>& rows) { return rows.size() == 1 && rows[0] == "ok"; }

// Quick-checks the file on a connection that has not written anything yet. The caller
// has switched off checkpoint-on-close, so refusing the file leaves every byte as it was.
status check_before_write(sqlite3* db, const std::string& path) {
  auto rows = pragma_rows(db, "PRAGMA quick_check(20)", 20);
  if (!rows) {
    if (rows.err().code == errc::db_corrupt) {
      return error(errc::db_corrupt, path + ": " + rows.err().detail_en,
                   path + "：无法读取，可能不是数据库（" + rows.err().detail_en + "）");
    }
    return std::move(rows).err();
  }
  if (!only_ok(*rows)) {
    const std::string problems = join_lines(*rows);
    // integrity_check turns a page it could not read (EIO) into a row of its report;
    // that says nothing about the file, only about the disk.
    if (problems.find("unable to get the page") != std::string::npos) {
      return error(errc::db_io_error, path + ": a page could not be read: " + problems,
                   path + "：有页面读不出来（硬盘读错误）：" + problems);
    }
    return error(errc::db_corrupt, path + ": quick_check failed: " + problems,
                 path + "：完整性检查未通过：" + problems);
  }
  return ok_status();
}

// The code's own message already says "damaged"; the detail only says where and how.
error corrupt_file(const std::string& path, const std::string& en, const std::string& zh) {
  return error(errc::db_corrupt, path + ": " + en, path + "：" + zh);
}

std::uint32_t be16(const unsigned char* p) { return (std::uint32_t{p[0]} << 8) | p[1]; }

// What the 100-byte file header says, read with plain I/O before SQLite opens the file.
struct header_info {
  bool exists = false;  // false for a missing or empty file (SQLite creates it)
  bool wal = false;     // read and write format 2: the file is already in WAL mode
};

// The cheap check every open makes: a file that is not SQLite, has an impossible page
// size, or is not a whole number of pages (cut short by a bad copy or a full disk) is
// refused here. SQLite then checks the in-header page count and the schema itself on
// the first read, before anything is written.
//
// The header is read through the connection's own file handle (the VFS), never with a
// separate open()/close() of the file: closing any descriptor of a file drops every POSIX
// lock this process holds on it, so in a process that already has connections to the
// file (the hub opens readers while its writer works) another process could then take
// the locks and checkpoint or reset the WAL underneath it. That corrupted hub.db when
// `hub backup` ran beside `hub serve`.
result<header_info> read_header(sqlite3* db, const std::string& path) {
  sqlite3_file* file = nullptr;
  if (sqlite3_file_control(db, "main", SQLITE_FCNTL_FILE_POINTER, &file) != SQLITE_OK || file == nullptr ||
      file->pMethods == nullptr) {
    return header_info{};  // not opened yet (SQLite reports a missing file itself)
  }
  sqlite3_int64 size = 0;
  if (file->pMethods->xFileSize(file, &size) != SQLITE_OK) {
    return error(errc::io_error, path + ": cannot read the file size", path + "：无法读取文件长度");
  }
  if (size == 0) return header_info{};
  unsigned char h[100] = {};
  errno = 0;
  const int rc = size >= 100 ? file->pMethods->xRead(file, h, sizeof h, 0) : SQLITE_IOERR_SHORT_READ;
  if (rc != SQLITE_OK && rc != SQLITE_IOERR_SHORT_READ) {
    // The disk failed the read: that is not a verdict on the file.
    const std::string os = errno != 0
                               ? std::string(std::strerror(errno)) + " (errno " + std::to_string(errno) + ")"
                               : "SQLite code " + std::to_string(rc);
    return error(errc::db_io_error, path + ": cannot read the file header: " + os,
                 path + "：无法读取文件头（硬盘读错误）：" + os);
  }
  if (rc != SQLITE_OK || std::memcmp(h, "SQLite format 3", 16) != 0) {
    return corrupt_file(path, "file is not a database", "不是 SQLite 数据库文件");
  }
  const std::uint32_t page = be16(h + 16) == 1 ? 65536 : be16(h + 16);
  if (page < 512 || (page & (page - 1)) != 0) {
    return corrupt_file(path, "impossible page size " + std::to_string(page), "页大小无效");
  }
  if (static_cast<std::uint64_t>(size) % page != 0) {
    return corrupt_file(path, "file size " + std::to_string(size) + " is not a whole number of pages",
                        "文件长度不是整页，可能被截断");
  }
  return header_info{true, h[18] == 2 && h[19] == 2};
}

status apply_connection_settings(database& db, bool read_only, bool already_wal) {
  // Switching to WAL is a write on a fresh file; on a file already in WAL mode the
  // pragma would only cost a read, so it is skipped.
  if (!read_only && !already_wal) {
    auto mode = pragma_rows(db.handle(), "PRAGMA journal_mode=WAL", 1);
    if (!mode) return std::move(mode).err();
    if (mode->empty() || (*mode)[0] != "wal") {
      return error(errc::db_error, "could not switch to WAL journal mode", "无法切换到 WAL 日志模式");
    }
  }
  return db.exec("PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON");
}

}  // namespace

// --- database ----------------------------------------------------------------------

result<std::unique_ptr<database>> database::open(const std::string& path, const open_options& o) {
  auto db = open_once(path, o);
  // A damaged-file verdict makes people restore a backup and lose what was saved since:
  // give it only when a second, fresh connection finds the same. A transient read error
  // (a failing disk) reads differently the second time; real damage does not. A read
  // error gets the same second chance, so one bad read does not stop a start-up.
  if (!db && (db.err().code == errc::db_corrupt || db.err().code == errc::db_io_error))
    return open_once(path, o);
  return db;
}

result<std::unique_ptr<database>> database::open_once(const std::string& path, const open_options& o) {
  std::error_code ec;
  if (!o.create && !std::filesystem::exists(platform::path_from_utf8(path), ec)) {
    return error(errc::not_found, "database file not found: " + path, "数据库文件不存在：" + path);
  }
  int flags = o.read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
  if (o.create && !o.read_only) flags |= SQLITE_OPEN_CREATE;
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  if (rc != SQLITE_OK) {
    error e = sqlite_error(raw, rc);
    sqlite3_close_v2(raw);
    return e;
  }
  std::unique_ptr<database> db(new database(raw, path));
  // Opening wrote nothing; the header is judged before any statement runs.
  auto header = read_header(raw, path);
  if (!header) return std::move(header).err();
  // An existing file of zero bytes reads as "no database yet" to SQLite, which would
  // quietly build a new empty one in it. Only a caller that creates (station init, the
  // hub's first start) may do that; for everyone else it is a lost or truncated file.
  if (!o.create && !header->exists) {
    return corrupt_file(path, "file is empty (0 bytes)", "文件为空（0 字节），可能在复制或恢复时丢失了内容");
  }
  db->busy_timeout_ms_ = o.busy_timeout_ms;
  sqlite3_extended_result_codes(raw, 1);
  sqlite3_busy_timeout(raw, o.busy_timeout_ms);
  // Closing the last connection normally checkpoints the WAL into the main file; while
  // the file is unverified that would be a write, so it is off until the check passes.
  sqlite3_db_config(raw, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);
  if (o.check_integrity) {
    if (auto s = check_before_write(raw, path); !s) return std::move(s).err();
  }
  sqlite3_db_config(raw, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 0, nullptr);
  // Defensive mode blocks writable_schema tricks that could corrupt the file.
  sqlite3_db_config(raw, SQLITE_DBCONFIG_DEFENSIVE, 1, nullptr);
  if (auto s = apply_connection_settings(*db, o.read_only, header->wal); !s) {
    error e = std::move(s).err();
    if (e.code == errc::db_corrupt) {
      e.detail_zh = path + "：无法读取，可能不是数据库（" + e.detail_en + "）";
    }
    return e;
  }
  return db;
}

database::~database() {
  cache_.clear();  // statements must be finalized before the connection closes
  sqlite3_close_v2(db_);
}

void database::close(error why) {
  cache_.clear();
  sqlite3_close_v2(db_);
  db_ = nullptr;
  closed_why_ = std::move(why);
}

status database::exec(std::string_view sql) {
  if (!db_) return closed_why_;
  char* msg = nullptr;
  const std::string text(sql);
  const int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &msg);
  sqlite3_free(msg);
  if (rc != SQLITE_OK) return sqlite_error(db_, rc);
  return ok_status();
}

result<statement*> database::prepare_cached(std::string_view sql) {
  if (auto it = cache_.find(sql); it != cache_.end()) {
    it->second->reset();
    return it->second.get();
  }
  auto st = prepare(sql);
  if (!st) return std::move(st).err();
  auto owned = std::make_unique<statement>(std::move(*st));
  statement* p = owned.get();
  cache_.emplace(std::string(sql), std::move(owned));
  return p;
}

result<statement> database::prepare(std::string_view sql) {
  if (!db_) return closed_why_;
  sqlite3_stmt* raw = nullptr;
  const int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                                    &raw, nullptr);
  if (rc != SQLITE_OK) {
    sqlite3_finalize(raw);
    return sqlite_error(db_, rc);
  }
  if (raw == nullptr) {
    return error(errc::db_error, "empty SQL statement", "SQL 语句为空");
  }
  return statement(db_, raw);
}

std::int64_t database::last_insert_rowid() const { return db_ ? sqlite3_last_insert_rowid(db_) : 0; }
int database::changes() const { return db_ ? sqlite3_changes(db_) : 0; }

result<std::string> database::integrity_check() {
  if (!db_) return closed_why_;
  auto rows = pragma_rows(db_, "PRAGMA integrity_check(20)", 20);
  if (!rows) {
    // A file too damaged to walk is still an answer to "what is wrong".
    if (rows.err().code == errc::db_corrupt) return rows.err().detail_en;
    return std::move(rows).err();
  }
  const std::string report = join_lines(*rows);
  // A page the disk failed to read is reported as a row; it says nothing about the file.
  if (report.find("unable to get the page") != std::string::npos) {
    return error(errc::db_io_error, path_ + ": a page could not be read (the disk, not the file): " + report,
                 path_ + "：有页面读不出来（是硬盘读错误，不是文件损坏）：" + report);
  }
  return report;
}

status database::backup_to(const std::string& dest_path) {
  if (!db_) return closed_why_;
  sqlite3* dest = nullptr;
  int rc = sqlite3_open_v2(dest_path.c_str(), &dest, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  if (rc != SQLITE_OK) {
    error e = sqlite_error(dest, rc);
    sqlite3_close_v2(dest);
    return e;
  }
  sqlite3_backup* b = sqlite3_backup_init(dest, "main", db_, "main");
  if (b == nullptr) {
    error e = sqlite_error(dest, sqlite3_errcode(dest));
    sqlite3_close_v2(dest);
    return e;
  }
  // One step copies every page under a single read lock, so the copy is a consistent
  // snapshot even while other connections write.
  for (;;) {
    rc = sqlite3_backup_step(b, -1);
    if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      continue;
    }
    break;
  }
  sqlite3_backup_finish(b);
  status out = ok_status();
  if (rc != SQLITE_DONE) out = sqlite_error(dest, rc);
  sqlite3_close_v2(dest);
  return out;
}

void database::finish_statements() {
  if (!db_) return;
  for (sqlite3_stmt* st = sqlite3_next_stmt(db_, nullptr); st != nullptr; st = sqlite3_next_stmt(db_, st)) {
    if (sqlite3_stmt_busy(st) != 0) sqlite3_reset(st);
  }
}

bool database::try_truncate_wal() {
  if (!db_) return false;
  // No waiting: a reader elsewhere only means the WAL stays as it is until later.
  sqlite3_busy_timeout(db_, 0);
  const int rc = sqlite3_wal_checkpoint_v2(db_, nullptr, SQLITE_CHECKPOINT_TRUNCATE, nullptr, nullptr);
  sqlite3_busy_timeout(db_, busy_timeout_ms_);
  return rc == SQLITE_OK;
}

status database::map_into_memory(std::int64_t limit) {
  std::int64_t bytes = 0;
  for (const char* q : {"PRAGMA page_count", "PRAGMA page_size"}) {
    auto st = prepare_cached(q);
    if (!st) return std::move(st).err();
    auto row = (*st)->step();
    if (!row) return std::move(row).err();
    const std::int64_t v = *row ? (*st)->column_int(0) : 0;
    (*st)->reset();
    bytes = bytes == 0 ? v : bytes * v;
  }
  const std::int64_t want = std::min(bytes, limit);
  if (mapped_bytes_ > 0 && want <= mapped_bytes_ + mapped_bytes_ / 8) return ok_status();
  // SQLite remaps only when the limit changes: 0 drops the old map, the next read maps anew.
  if (mapped_bytes_ > 0) {
    if (auto s = exec("PRAGMA mmap_size = 0"); !s) return s;
  }
  if (auto s = exec("PRAGMA mmap_size = " + std::to_string(limit)); !s) return s;
  mapped_bytes_ = want;
  return ok_status();
}

result<int> database::schema_version() {
  auto exists =
      prepare_cached("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'");
  if (!exists) return std::move(exists).err();
  auto row = (*exists)->step();
  if (!row) return std::move(row).err();
  const bool has_table = *row && (*exists)->column_int(0) > 0;
  (*exists)->reset();
  if (!has_table) return 0;
  auto st = prepare_cached("SELECT max(version) FROM schema_version");
  if (!st) return std::move(st).err();
  auto vrow = (*st)->step();
  if (!vrow) return std::move(vrow).err();
  const int v = *vrow ? static_cast<int>((*st)->column_int(0)) : 0;
  (*st)->reset();
  return v;
}

status database::set_schema_version(int v) {
  if (auto s = exec("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)"); !s) {
    return s;
  }
  if (auto s = exec("DELETE FROM schema_version"); !s) return s;
  auto st = prepare_cached("INSERT INTO schema_version (version) VALUES (?)");
  if (!st) return std::move(st).err();
  return (*st)->bind(1, v).run();
}

// --- transaction -------------------------------------------------------------------

transaction::transaction(database& db) : db_(db), begun_(ok_status()) {
  // The busy timeout already waits for the write lock; a few more rounds cover a
  // writer that holds it longer than one timeout (a big sync batch at the hub).
  for (int attempt = 0;; ++attempt) {
    begun_ = db_.exec("BEGIN IMMEDIATE");
    if (begun_ || begun_.err().code != errc::db_busy || attempt >= 3) break;
  }
}

transaction::~transaction() {
  if (begun_ && !done_) (void)db_.exec("ROLLBACK");
}

status transaction::commit() {
  if (!begun_) return begun_;
  if (done_) return error(errc::db_error, "transaction already committed", "事务已提交");
  auto s = db_.exec("COMMIT");
  if (s) {
    done_ = true;
  } else {
    // A COMMIT that failed on the disk (a write or a sync) may have left the whole
    // transaction in the WAL, where the next open's recovery finds it: undecided.
    const int primary = sqlite3_extended_errcode(db_.handle()) & 0xff;
    outcome_unknown_ = primary == SQLITE_IOERR || primary == SQLITE_FULL;
  }
  return s;
}

// --- migrations --------------------------------------------------------------------

status migrate(database& db, const migration* steps, std::size_t count) {
  // Up to date (every open but the first after an upgrade): a plain read, so opening
  // never waits for the write lock another process holds.
  if (auto v = db.schema_version(); !v) {
    return std::move(v).err();
  } else if (*v >= 0 && static_cast<std::size_t>(*v) == count) {
    return ok_status();
  }
  // The version is read again inside each write transaction, so two processes migrating
  // the same file at once apply every step exactly once.
  for (;;) {
    transaction t(db);
    if (!t.begun()) return t.begun();
    auto v = db.schema_version();
    if (!v) return std::move(v).err();
    const auto have = static_cast<std::size_t>(*v < 0 ? 0 : *v);
    if (have > count) {
      return error(errc::db_schema_too_new,
                   "database schema version " + std::to_string(*v) + " is newer than this program (" +
                       std::to_string(count) + ")",
                   "数据库结构版本 " + std::to_string(*v) + " 比本程序支持的版本（" + std::to_string(count) +
                       "）新，请升级程序");
    }
    if (have == count) return ok_status();
    if (auto s = db.exec(steps[have]); !s) return s;
    if (auto s = db.set_schema_version(static_cast<int>(have + 1)); !s) return s;
    if (auto s = t.commit(); !s) return s;
  }
}

}  // namespace cunzhan::sql
