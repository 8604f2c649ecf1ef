// The province role's database <data>/province.db: the province's division registry (its
// counties), the county hubs' tokens, province staff and every version of every county's
// monthly report. All SQL of the province role's own data lives in province_store.cpp; it
// runs on SQLite (DATA/province.db) or in the schema `province` of a PostgreSQL database
// (store/side_db.hpp), chosen like the hub's storage (--storage, CUNZHAN_HUB_STORAGE).
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cunzhan/shared/result.hpp"

namespace cunzhan::hub {
class side_db;
}

namespace cunzhan::hub::province {

struct county_row {
  std::string code;           // 6 digits
  std::string city_code;      // 4 digits
  std::string province_code;  // 2 digits
  int townships = 0;
  int villages = 0;       // administrative villages
  std::string name;       // 苍溪县; empty until areas-51.csv is imported
  std::string city_name;  // 广元市; empty until cities-51.csv is imported
};

struct county_token_row {
  std::string token_id;
  std::string county_code;
  std::string token_hash;  // sha256(secret), raw
  std::int64_t issued_at = 0;
  std::optional<std::int64_t> revoked_at;
};

struct staff_row {
  std::string id, name;
  std::vector<std::string> cities;  // empty: the whole province
  std::string token_id, token_hash;
  std::optional<std::int64_t> revoked_at;
  bool may_see(const std::string& county_code) const;
};

// One stored version of a county's month.
struct submission_row {
  std::string county_code;
  std::string period;  // YYYY-MM
  int version = 0;
  std::string submission_id;
  std::int64_t received_at = 0;
  std::string report;   // the report object as JSON text (as received, re-serialised)
  std::string changes;  // JSON array of {path, from, to} against the previous version
  std::string program_version;
};

struct settings {
  int deadline_day = 10;                            // of the month after the period, end of day Shanghai
  double excellent = 0.9, good = 0.75, fair = 0.6;  // grade thresholds (share of targets met)
};

class province_store {
 public:
  // SQLite: DATA/province.db.
  static std::string db_path(const std::string& data_dir);
  static bool exists(const std::string& data_dir);
  // SQLite: opens (or with `create`, creates: then `province_code` is recorded) and migrates.
  static result<std::unique_ptr<province_store>> open(const std::string& data_dir, bool create,
                                                      const std::string& province_code = "");
  ~province_store();

  result<std::string> province_code();
  result<settings> load_settings();
  status save_settings(const settings& s);

  // Registry: replaces the counts of the given counties.
  status upsert_counties(const std::vector<county_row>& rows);
  result<std::vector<county_row>> counties();
  result<std::optional<county_row>> county(const std::string& code);
  // Counties ever enrolled (a token issued, live or revoked), by code.
  result<std::vector<county_row>> enrolled();

  // A new token for the county; every earlier one of it is revoked in the same transaction.
  status issue_county_token(const county_token_row& t);
  status revoke_county(const std::string& code, std::int64_t at);  // not_found when it has no live token
  result<std::optional<county_token_row>> county_token(const std::string& token_id);

  status insert_staff(const staff_row& s, std::int64_t now_s);
  status revoke_staff(const std::string& id, std::int64_t at);
  result<std::optional<staff_row>> staff_by_token(const std::string& token_id);

  // Dashboard sign-in sessions: the browser holds a random id, the store its sha256.
  status insert_session(const std::string& id_hash, const std::string& staff_id, std::int64_t expires_at);
  result<std::optional<staff_row>> session(const std::string& id_hash, std::int64_t now_s);
  status delete_session(const std::string& id_hash);

  // Versions of a county's month, oldest first (empty when none).
  result<std::vector<submission_row>> versions(const std::string& county, const std::string& period);
  result<std::optional<submission_row>> by_submission_id(const std::string& id);
  // Stores `s` as the next version unless another writer got there first (then db_busy).
  status insert_version(const submission_row& s);
  // The latest version of every county's months in [first, last] (YYYY-MM, inclusive),
  // plus the first version's receive time (to judge lateness) and the number of versions.
  struct latest_row {
    submission_row latest;
    std::int64_t first_received_at = 0;
  };
  result<std::vector<latest_row>> latest_in(const std::string& first, const std::string& last);

  // SQLite: a consistent copy of province.db (while `hub serve` writes); PostgreSQL:
  // refused, saying how (pg_dump). The backend's integrity check, then the versions' own
  // (every month's versions are 1..n).
  status backup_to(const std::string& dest);
  result<std::string> integrity_check();

  // Runs fn in one write transaction, so a read-then-write (the next version number) is
  // atomic; fn's error rolls back. Jobs behave as if run one at a time (SQLite: the
  // store's lock; PostgreSQL: SERIALIZABLE, fn run again from the start on a conflict with
  // another hub process, so fn must start from nothing).
  status in_transaction(const std::function<status()>& fn);

  // `hub migrate` of a province: every table of `from` (SQLite's province.db) into this
  // store in one transaction (its rows replaced), then both sides counted and digested.
  struct copy_check {
    std::string table;
    std::int64_t source_rows = 0, target_rows = 0;
    bool equal = false;  // same rows and digest
  };
  result<std::vector<copy_check>> copy_from(province_store& from);

  // The store on a database already opened and migrated (open_province_store).
  explicit province_store(std::unique_ptr<side_db> db);

 private:
  friend result<std::unique_ptr<province_store>> open_province_store(const std::string&, const std::string&,
                                                                     bool, const std::string&);
  result<std::optional<std::string>> meta(const std::string& key);
  status set_meta(const std::string& key, const std::string& value);
  std::unique_ptr<side_db> db_;
};

// The province's store as `hub province ...` and `hub serve` open it: in the schema
// `province` of PostgreSQL when `storage` is a postgresql:// URL, else SQLite's
// DATA/province.db. create: `hub province init` (already_initialised when there is one).
result<std::unique_ptr<province_store>> open_province_store(const std::string& storage,
                                                            const std::string& data_dir, bool create,
                                                            const std::string& province_code = "");
// True when that storage holds a province (`hub serve` then runs the province role).
result<bool> has_province(const std::string& storage, const std::string& data_dir);

}  // namespace cunzhan::hub::province
