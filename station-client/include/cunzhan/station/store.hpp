// The station's offline store: one SQLite file per station holding the enrolment, the
// entities (listing, pickup, courier_point), the reference villages and the outbox.
// The store opens, checks and seals the file and owns the one connection; reads and
// writes go through its tables (store_tables.hpp). No SQL outside src/store/.
#pragma once
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cunzhan/shared/clock.hpp"
#include "cunzhan/shared/result.hpp"
#include "cunzhan/station/store_tables.hpp"
#include "cunzhan/station/store_types.hpp"

namespace cunzhan::station_client {

inline constexpr const char* db_file_name = "station.db";

struct store_options {
  bool create = true;       // create the directory and file when missing (only `init` wants this)
  bool full_check = false;  // quick_check every page even when the seal says the file is fine
  // Where the store reads the time (timestamps, today's counts, the seal's day); a test
  // passes a test_clock. Must outlive the store.
  const clock_source* clock = &real_clock();
};

class store {
 public:
  // Opens <data_dir>/station.db, checks it and migrates it to the current schema. The
  // full check (quick_check of every page) runs when the last close was not clean, the
  // file changed outside this program, the machine restarted, a day has passed, or
  // o.full_check; every open makes the cheap checks (see store_seal.cpp). A damaged file
  // → errc::db_corrupt and the file is not touched. Without o.create a missing file →
  // errc::not_initialised.
  static result<std::unique_ptr<store>> open(const std::filesystem::path& data_dir,
                                             const store_options& o = {});
  ~store();
  store(const store&) = delete;
  store& operator=(const store&) = delete;

  listing_table& listings() { return listings_; }
  pickup_table& pickups() { return pickups_; }
  point_table& points() { return points_; }
  outbox_table& outbox() { return outbox_; }
  meta_table& meta() { return meta_; }
  // The store's clock (store_options::clock): the commands and pages read "now" and
  // "today" from it too, so one test_clock drives them all.
  const clock_source& clock() const;

  // False only after a failed commit could not reopen the file (store_outcome.cpp): the
  // store must then be opened again before it is used.
  bool connected() const;
  // Whether this open ran the full check (tests, and `station check`).
  bool fully_checked_on_open() const;
  // The records the last list or for_each call of any table skipped because they could
  // not be decoded; every caller shows them next to what it lists.
  const std::vector<damaged_record>& damaged() const;

  // ---- bulk writes (import): all changes between begin and commit are one transaction,
  // with a larger page cache; afterwards the WAL is emptied into the file when no one
  // else is reading, so later opens have no long WAL to scan ----
  status begin_bulk();
  // `records`: how many records the bulk holds, for the message when the disk fails the
  // commit (errc::saved_unconfirmed / save_unknown say what is in the file).
  status commit_bulk(std::size_t records = 0);
  void rollback_bulk();

  // ---- the file as a whole ----
  const std::string& file_path() const;
  // PRAGMA integrity_check (full) → "ok" or the first problems.
  result<std::string> integrity_check();
  // A consistent copy of the open file (SQLite's online backup).
  status backup_to(const std::string& dest_path);
  // Remembers a backup just written (path, time, last outbox seq), so a damaged-file
  // message can say what restoring it would lose (store_damage.cpp).
  status note_backup(const std::string& path);

 private:
  explicit store(std::unique_ptr<store_connection> c);

  std::unique_ptr<store_connection> conn_;  // declared first: the tables refer to it
  outbox_table outbox_;
  meta_table meta_;
  listing_table listings_;
  pickup_table pickups_;
  point_table points_;
};

// A db_corrupt error is re-checked with a fresh open and a full check before it is
// given: a file that reads intact the second time turns it into a db_io_error (a failing
// disk, nothing damaged). Other errors come back as they are.
error confirm_damage(const std::filesystem::path& data_dir, error e);
// The same for a verdict SQLite gave while `s` was in use (its error carries SQLite's
// code): the sync engine's, whose run line is logged and kept for `station status`. A
// verdict store::open gave was confirmed there already and comes back as it is.
error confirm_damage_in_use(const store& s, error e);

// Opens a copy of the station file (a backup just written) with the full check of every
// page: errc::db_corrupt when it is damaged.
status check_copy(const std::string& path);

// What restoring the last `station backup` would lose, as far as the damaged file tells.
restore_cost what_restore_loses(const std::filesystem::path& data_dir);

}  // namespace cunzhan::station_client
