// The county hub's side of the reporting chain: the province link stored by `hub province
// join`, and every submission made (its id is committed before the first send, so a
// resend after a lost answer carries the same id and the province recognises it). On
// SQLite <data>/upstream.db (0600, it holds the county token), kept apart from hub.db,
// which the stations' routes own; `hub backup --to X.db` copies it to X.upstream.db
// (backup_beside), `hub nightly --backup-dir` beside hub-DAY.db. On PostgreSQL the schema
// `upstream` of the hub's database (store/side_db.hpp), dumped with it by pg_dump.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cunzhan/shared/result.hpp"
#include "province/county_enrolment.hpp"

namespace cunzhan::hub {
class side_db;
}

namespace cunzhan::hub::province {

struct upstream_link {
  county_enrolment enrolment;
  std::string first_period;  // YYYY-MM: the first month to report
  std::int64_t joined_at = 0;
};

struct sent_row {
  std::string county_code, period, submission_id, content_hash;
  bool acked = false;
  int version = 0;     // the province's answer, 0 until acknowledged
  std::string status;  // accepted | duplicate | unchanged, "" until acknowledged
  std::int64_t created_at = 0, acked_at = 0;
};

class upstream_store {
 public:
  // SQLite: DATA/upstream.db.
  static std::string db_path(const std::string& data_dir);
  static bool exists(const std::string& data_dir);
  static result<std::unique_ptr<upstream_store>> open(const std::string& data_dir, bool create);
  // As `hub province join|submit|status` and `hub nightly` open it: PostgreSQL (schema
  // `upstream`) when `storage` is a postgresql:// URL, else SQLite. Without `create`, a hub
  // that never joined is not_initialised.
  static result<std::unique_ptr<upstream_store>> open(const std::string& storage, const std::string& data_dir,
                                                      bool create);
  // Whether this hub joined a province (nothing is created).
  static result<bool> joined(const std::string& storage, const std::string& data_dir);
  explicit upstream_store(std::unique_ptr<side_db> db);
  ~upstream_store();

  // `hub backup`: when DATA/upstream.db exists, a consistent copy (0600) beside the hub's
  // copy: hub-X.db → hub-X.upstream.db. Returns the path written, or "" (never joined).
  static result<std::string> backup_beside(const std::string& data_dir, const std::string& hub_copy);
  // The same copy to `dest` (0600); false when this hub never joined (nothing written).
  static result<bool> backup_file(const std::string& data_dir, const std::string& dest);
  // The name of upstream.db's copy beside a copy of hub.db: X.db → X.upstream.db.
  static std::string beside(const std::string& hub_copy);

  status save_link(const upstream_link& l);  // replaces the county's earlier link
  result<std::vector<upstream_link>> links();
  // The latest submission made for the month, if any.
  result<std::optional<sent_row>> latest(const std::string& county, const std::string& period);
  status insert(const sent_row& r);
  status mark_acked(const std::string& submission_id, int version, const std::string& status,
                    std::int64_t at);
  result<std::vector<sent_row>> history(const std::string& county);

  // `hub migrate`: every link and submission of `from` (the district's upstream.db) into
  // this store in one transaction, each submission as it stands (id, hash, answer), in
  // their order; rerunnable. Then both are read back and compared: db_error if they differ.
  // Returns the number of submissions.
  result<std::size_t> copy_from(upstream_store& from);

 private:
  std::unique_ptr<side_db> db_;
};

}  // namespace cunzhan::hub::province
