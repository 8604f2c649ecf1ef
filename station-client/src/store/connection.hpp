// The store's one connection and what its table files share: the write scope (a
// transaction, or nothing inside a bulk import), the bulk state, the settling of a
// commit the disk failed, the seal, and small JSON/time conversions. Internal to
// src/store/ (and the store's sync bookkeeping): nothing else sees the SQLite handle.
#pragma once
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "cunzhan/shared/sqlite.hpp"
#include "cunzhan/station/store.hpp"

namespace cunzhan::station_client {

// The seal a clean close leaves next to the file, and the decision it allows on the
// next open (store_seal.cpp). Order of use: full_check_needed, opening (before anything
// is written), opened (after the open and any check passed); the destructor seals.
class store_seal {
 public:
  store_seal(std::string db_file, const clock_source& clock);
  ~store_seal();
  store_seal(const store_seal&) = delete;
  bool full_check_needed();
  void opening();
  void opened(bool full_check_ran);
  // No other store of this process has the file open: a new connection then rebuilds
  // SQLite's WAL index from the file, as the next process will.
  bool sole_in_process() const;

 private:
  std::string db_file_;
  const clock_source& clock_;
  std::string seal_file_;
  std::int64_t last_check_ = 0;  // from the seal, when it was good
  bool open_ = false;
};

class store_connection {
 public:
  store_connection(std::unique_ptr<sql::database> db, std::unique_ptr<store_seal> seal, bool fully_checked,
                   const clock_source& clock);
  ~store_connection();  // empties a long WAL into the file (see k_wal_keep_bytes)
  store_connection(const store_connection&) = delete;

  sql::database& db() { return *db_; }
  bool connected() const { return db_->is_open(); }
  bool fully_checked() const { return fully_checked_; }
  const clock_source& clock() const { return clock_; }
  // Filled by every list/for_each (record_table), read through store::damaged().
  std::vector<damaged_record>& damaged() { return damaged_; }

  // ---- bulk (store::begin_bulk) ----
  bool in_bulk() const { return bulk_ != nullptr; }
  status begin_bulk();      // BEGIN IMMEDIATE, kept until commit_bulk / rollback_bulk
  void abandon_bulk();      // a begin_bulk that could not be finished: rolls back, nothing else
  status use_bulk_cache();  // a larger page cache until the bulk ends
  void set_bulk_supersedes(bool v) { bulk_supersedes_ = v; }
  // The bulk's ops may supersede rejected ones (outbox_table::append checks per op then).
  bool bulk_supersedes() const { return bulk_supersedes_; }
  status commit_bulk(std::size_t records);
  void rollback_bulk();

  // The last op the open transaction wrote (settle_failed_commit looks for it).
  void wrote_op(std::string op_id) { last_op_id_ = std::move(op_id); }
  // After a COMMIT the disk failed (it may still be in the WAL): reopens the connection
  // and finds out whether the last op (and so its whole transaction, `records` records)
  // is in the file, then says so truthfully (store_outcome.cpp).
  status settle_failed_commit(error e, std::size_t records);

 private:
  friend class write_scope;
  void end_bulk();
  status reconnect();  // a new connection to the same file, as a new process would open it

  std::unique_ptr<store_seal> seal_;  // declared first: it seals after the connection closed
  std::unique_ptr<sql::database> db_;
  std::unique_ptr<sql::transaction> bulk_;
  bool bulk_supersedes_ = false;
  std::string last_op_id_;
  bool fully_checked_ = false;
  const clock_source& clock_;
  std::vector<damaged_record> damaged_;
};

// Every write goes through one of these: it opens BEGIN IMMEDIATE unless the store is
// inside begin_bulk(), in which case the bulk transaction already covers the write.
// A commit the disk failed is settled (store_outcome.cpp) before anyone is told.
class write_scope {
 public:
  explicit write_scope(store_connection& c) : conn_(c) {
    if (!c.bulk_) {
      c.last_op_id_.clear();
      txn_ = std::make_unique<sql::transaction>(*c.db_);
    }
  }
  status begun() const { return txn_ ? txn_->begun() : ok_status(); }
  status commit() {
    if (!txn_) return ok_status();
    auto s = txn_->commit();
    if (s || !txn_->outcome_unknown()) return s;
    txn_.reset();  // rolls back what this connection still holds
    return conn_.settle_failed_commit(std::move(s).err(), 1);
  }

 private:
  store_connection& conn_;
  std::unique_ptr<sql::transaction> txn_;
};

// Opens a connection to the station file with the store's settings (connection.cpp).
result<std::unique_ptr<sql::database>> open_connection(const std::string& file, const sql::open_options& so);

// Writes one meta key (meta_table.cpp); also used to settle a failed commit.
status meta_put(sql::database& db, const std::string& key, const std::string& value);

inline std::int64_t to_unix(sys_seconds t) { return t.time_since_epoch().count(); }
inline sys_seconds from_unix(std::int64_t s) { return sys_seconds(std::chrono::seconds(s)); }

// Parses a stored JSON document; the store wrote it, so failure means damage.
result<boost::json::object> parse_doc(const std::string& text);

}  // namespace cunzhan::station_client
