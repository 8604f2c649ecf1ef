// Helpers shared by the store's translation units: the write scope (a transaction, or
// nothing inside a bulk import) and small JSON/time conversions.
#pragma once
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "cunzhan/station/store.hpp"

namespace cunzhan::station_client {

// Every write goes through one of these: it opens BEGIN IMMEDIATE unless the store is
// inside begin_bulk(), in which case the bulk transaction already covers the write.
// A commit the disk failed is settled (store_outcome.cpp) before anyone is told.
class store::write_scope {
 public:
  explicit write_scope(store& s) : store_(s) {
    if (!s.bulk_) {
      s.last_op_id_.clear();
      txn_ = std::make_unique<sql::transaction>(*s.db_);
    }
  }
  status begun() const { return txn_ ? txn_->begun() : ok_status(); }
  status commit() {
    if (!txn_) return ok_status();
    auto s = txn_->commit();
    if (s || !txn_->outcome_unknown()) return s;
    txn_.reset();  // rolls back what this connection still holds
    return store_.settle_failed_commit(std::move(s).err(), 1);
  }

 private:
  store& store_;
  std::unique_ptr<sql::transaction> txn_;
};

// The seal a clean close leaves next to the file, and the decision it allows on the
// next open (store_seal.cpp). Order of use: full_check_needed, opening (before anything
// is written), opened (after the open and any check passed); the destructor seals.
class store_seal {
 public:
  explicit store_seal(std::string db_file);
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
  std::string seal_file_;
  std::int64_t last_check_ = 0;  // from the seal, when it was good
  bool open_ = false;
};

// Opens a connection to the station file with the store's settings (store.cpp).
result<std::unique_ptr<sql::database>> open_connection(const std::string& file, const sql::open_options& so);

inline std::int64_t to_unix(sys_seconds t) { return t.time_since_epoch().count(); }
inline sys_seconds from_unix(std::int64_t s) { return sys_seconds(std::chrono::seconds(s)); }

// Parses a stored JSON document; the store wrote it, so failure means damage.
result<boost::json::object> parse_doc(const std::string& text);

// Entity tables keep each record as one JSON document in column 0 of their SELECTs and
// its id in column 1. A row that does not decode goes to `damaged` (id and what is
// wrong) and the rest is still read: one bad record must not hide all the others.
// Decodes every row of a bound, cached statement. The documents are read first and the
// statement reset before decoding, so a decoder may use the store again.
template <class T>
result<std::vector<T>> decode_rows(sql::statement& st, result<T> (*decode)(const std::string&),
                                   std::vector<damaged_record>& damaged) {
  damaged.clear();
  std::vector<std::pair<std::string, std::string>> docs;  // id, doc
  for (;;) {
    auto row = st.step();
    if (!row) return std::move(row).err();
    if (!*row) break;
    docs.emplace_back(st.column_text(1), st.column_text(0));
  }
  st.reset();
  std::vector<T> out;
  out.reserve(docs.size());
  for (const auto& [id, d] : docs) {
    auto v = decode(d);
    if (v) out.push_back(std::move(*v));
    else damaged.push_back({id, std::move(v).err()});
  }
  return out;
}

// Calls fn for each row of `select_sql` until it returns false. A private statement, not
// the cache: fn may call back into the store.
template <class T>
status for_each_row(sql::database& db, std::string_view select_sql,
                    result<T> (*decode)(const std::string&), const std::function<bool(const T&)>& fn,
                    std::vector<damaged_record>& damaged) {
  damaged.clear();
  auto st = db.prepare(select_sql);
  if (!st) return std::move(st).err();
  for (;;) {
    auto row = st->step();
    if (!row) return std::move(row).err();
    if (!*row) break;
    auto v = decode(st->column_text(0));
    if (!v) {
      damaged.push_back({st->column_text(1), std::move(v).err()});
      continue;
    }
    if (!fn(*v)) break;
  }
  return ok_status();
}

}  // namespace cunzhan::station_client
