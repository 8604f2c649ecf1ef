// The store's connection: opening it with the store's settings, the bulk transaction,
// and emptying a long WAL when the store closes.
#include "connection.hpp"

#include <system_error>

#include <sqlite3.h>

#include "cunzhan/platform/path.hpp"

namespace cunzhan::station_client {
namespace {

// A long-running process (serve) restarts its WAL after checkpoints: cut the file back to
// 4 MiB then, so it does not stay as big as its largest burst.
constexpr const char* k_wal_settings = "PRAGMA journal_size_limit=4194304";
// Each process's first open reads the whole WAL to rebuild its index, and SQLite restarts
// a WAL only from a connection that saw it checkpointed, which a one-command process
// never does: left alone the WAL grows by every command, and so does every open. Past
// this size (~100 pages, ~9 small commands) the closing store empties it into the file:
// one checkpoint (a file sync) every few commands instead of a longer scan on every one.
constexpr std::uintmax_t k_wal_keep_bytes = 100 * (4096 + 24) + 32;
// The page cache of a bulk write (KiB, negative as SQLite wants): fewer dirty pages
// spilled to the WAL and read back mid-import; the default is 2 MiB.
constexpr const char* k_bulk_cache = "PRAGMA cache_size=-8192";
constexpr const char* k_normal_cache = "PRAGMA cache_size=-2000";

}  // namespace

result<std::unique_ptr<sql::database>> open_connection(const std::string& file, const sql::open_options& so) {
  auto db = sql::database::open(file, so);
  if (!db) return std::move(db).err();
  // Every CLI command is its own process; checkpointing on each close would cost three
  // extra fsyncs per `station listing add`. The WAL is checkpointed once it passes
  // k_wal_keep_bytes instead (~store); durability is the same (a commit is durable once
  // the WAL is synced). The price: a COMMIT whose WAL sync failed leaves its frames in
  // the WAL, and the next process's WAL recovery replays them (SQLite's own close would
  // have checkpointed and deleted the WAL, unless the disk failed that too). So a failed
  // commit is never reported as "not saved" before it is settled (store_outcome.cpp).
  sqlite3_db_config((*db)->handle(), SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);
  if (auto s = (*db)->exec(k_wal_settings); !s) return std::move(s).err();
  return db;
}

result<boost::json::object> parse_doc(const std::string& text) {
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(text, ec);
  if (ec || !v.is_object()) {
    return error(errc::db_corrupt, "a stored record is not a JSON object", "存储的记录不是 JSON 对象");
  }
  return std::move(v.as_object());
}

store_connection::store_connection(std::unique_ptr<sql::database> db, std::unique_ptr<store_seal> seal,
                                   bool fully_checked, const clock_source& clock)
    : seal_(std::move(seal)), db_(std::move(db)), fully_checked_(fully_checked), clock_(clock) {}

store_connection::~store_connection() {
  bulk_.reset();
  std::error_code ec;
  if (db_ &&
      std::filesystem::file_size(platform::path_from_utf8(db_->path() + "-wal"), ec) > k_wal_keep_bytes &&
      !ec)
    db_->try_truncate_wal();
}

status store_connection::begin_bulk() {
  if (bulk_) return error(errc::invalid_argument, "a bulk transaction is already open");
  auto t = std::make_unique<sql::transaction>(*db_);
  if (auto s = t->begun(); !s) return s;
  last_op_id_.clear();
  bulk_ = std::move(t);
  return ok_status();
}

status store_connection::use_bulk_cache() { return db_->exec(k_bulk_cache); }

void store_connection::abandon_bulk() { bulk_.reset(); }

status store_connection::commit_bulk(std::size_t records) {
  if (!bulk_) return error(errc::invalid_argument, "no bulk transaction is open");
  auto s = bulk_->commit();
  const bool unknown = !s && bulk_->outcome_unknown();
  bulk_.reset();  // rolls back if the commit failed
  end_bulk();
  if (unknown) return settle_failed_commit(std::move(s).err(), records);
  if (s) db_->try_truncate_wal();
  return s;
}

void store_connection::rollback_bulk() {
  bulk_.reset();
  end_bulk();
}

void store_connection::end_bulk() {
  bulk_supersedes_ = false;
  (void)db_->exec(k_normal_cache);  // only a cache size: failure is harmless
}

}  // namespace cunzhan::station_client
