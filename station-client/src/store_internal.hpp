// Helpers shared by the store's translation units: the write scope (a transaction, or
// nothing inside a bulk import) and small JSON/time conversions.
#pragma once
#include <memory>
#include <string>

#include <boost/json.hpp>

#include "cunzhan/station/store.hpp"

namespace cunzhan::station_client {

// Every write goes through one of these: it opens BEGIN IMMEDIATE unless the store is
// inside begin_bulk(), in which case the bulk transaction already covers the write.
class store::write_scope {
 public:
  explicit write_scope(store& s) {
    if (!s.bulk_) txn_ = std::make_unique<sql::transaction>(*s.db_);
  }
  status begun() const { return txn_ ? txn_->begun() : ok_status(); }
  status commit() { return txn_ ? txn_->commit() : ok_status(); }

 private:
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

 private:
  std::string db_file_;
  std::string seal_file_;
  std::int64_t last_check_ = 0;  // from the seal, when it was good
  bool open_ = false;
};

inline std::int64_t to_unix(sys_seconds t) { return t.time_since_epoch().count(); }
inline sys_seconds from_unix(std::int64_t s) { return sys_seconds(std::chrono::seconds(s)); }

// Parses a stored JSON document; the store wrote it, so failure means damage.
result<boost::json::object> parse_doc(const std::string& text);

}  // namespace cunzhan::station_client
