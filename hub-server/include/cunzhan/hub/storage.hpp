// The hub's storage seam: everything `hub serve` reads or writes goes through `storage`,
// so the server (router, ingest, pull, KPI routes, dashboard) never sees a database
// connection. SQLite implements it today (open_sqlite_storage, store/sqlite_storage.cpp);
// PostgreSQL is to follow (STORAGE.md lists what a backend must guarantee).
//
// Not behind the seam: the admin CLI (setup, enrol, staff, divisions, targets, backup,
// check, nightly rollups) works on the SQLite file directly through hub_store, because it
// is run by an operator on the hub machine against that file, and the backup is a copy of it.
//
// The row structs come from the per-table headers (accounts, registry, op_log, entity_store,
// kpi); those headers also declare the SQLite classes, but the interface uses only the rows.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cunzhan/hub/accounts.hpp"
#include "cunzhan/hub/entity_store.hpp"
#include "cunzhan/hub/kpi_rollup.hpp"
#include "cunzhan/hub/kpi_targets.hpp"
#include "cunzhan/hub/op_log.hpp"
#include "cunzhan/hub/registry.hpp"
#include "cunzhan/hub/villager_store.hpp"
#include "cunzhan/shared/result.hpp"

namespace cunzhan::hub {

class hub_store;

// The writes a sync request may make, valid only inside storage::write_sync. A backend
// gives each job its own savepoint (or transaction): the job sees earlier jobs' writes and
// its error undoes only its own.
class sync_writer {
 public:
  virtual ~sync_writer() = default;

  // The op-log row of this op_id, if it was ever seen (applied or rejected).
  virtual result<std::optional<op_log_row>> find_op(const std::string& op_id) = 0;
  // Records an op's verdict under its op_id; a second insert of one op_id is an error.
  virtual status insert_op(const op_log_row& row) = 0;
  // The station's highest logged seq (0 when none): everything up to it is durable.
  virtual result<std::int64_t> acked_through(const std::string& station_id) = 0;

  // Who first wrote this entity, if anyone.
  virtual result<std::optional<entity_owner>> owner(entity_type t, const std::string& id) = 0;
  // Insert or replace; a stored row with a higher last_seq wins. Owner check done by the caller.
  virtual status upsert(const listing& l, const owner_fields& o) = 0;
  virtual status upsert(const pickup& p, const std::string& village_code, const owner_fields& o) = 0;
  virtual status upsert(const courier_point& c, const owner_fields& o) = 0;
  // The villager services (villager_store.hpp).
  virtual status upsert(const villager& v, const owner_fields& o) = 0;
  virtual status upsert(const proxy_buy_order& p, const owner_fields& o) = 0;
  virtual status upsert(const villager_service& s, const owner_fields& o) = 0;

  // Appends a push/pull session and returns its id; update_session rewrites it by id.
  virtual result<std::int64_t> insert_session(const sync_session_row& s) = 0;
  virtual status update_session(const sync_session_row& s) = 0;
};

using sync_job = std::function<status(sync_writer&)>;

class storage {
 public:
  virtual ~storage() = default;

  // --- identity (authenticate() verifies the secret; these only look rows up)
  // The station / staff member holding this token id, revoked or not; nullopt when unknown.
  virtual result<std::optional<station_row>> station_by_token_id(const std::string& token_id) = 0;
  virtual result<std::optional<staff_row>> staff_by_token_id(const std::string& token_id) = 0;

  // --- sync
  // The county's village codes, sorted (the validator's reference list).
  virtual result<std::vector<std::string>> village_codes(const std::string& county_code) = 0;
  // Pull feed: the county's (and global) changes with id > since, oldest first, at most limit.
  virtual result<std::vector<ref_change_row>> changes_since(const std::string& county_code, std::int64_t since,
                                                            std::size_t limit) = 0;
  // Runs `job` on the single writer and returns only once its writes are durable: ok when
  // committed; the job's own error (its writes undone); or the commit's error (nothing
  // kept). This is what makes a push batch atomic and its answer safe to send.
  virtual status write_sync(const sync_job& job) = 0;

  // --- KPI reads (on a reader, never queued behind the writer)
  // The county's report for the period with its targets (kpi_targets.hpp).
  virtual result<kpi::loaded_report> load_report(const std::string& county_code, const kpi::period& p) = 0;
  // The dashboard's monthly trend (kpi_rollup.hpp, monthly_trend).
  virtual result<std::vector<kpi::trend_point>> monthly_trend(const std::string& county_code, date last, int months,
                                                              int deadline_hour, date today,
                                                              const kpi::county_report* known) = 0;
  // A number that changes whenever anything commits to the store, from this process or
  // another (an admin command beside `hub serve`): caches of derived figures compare it.
  virtual result<std::int64_t> data_version() = 0;

  // --- dashboard sign-in sessions (only a hash of the cookie value is kept)
  // A new session for the staff member; returns the cookie value. Drops expired ones.
  virtual result<std::string> create_session(const std::string& staff_id, std::int64_t now_s) = 0;
  // The staff member behind a live session; nullopt when unknown, expired or revoked.
  virtual result<std::optional<staff_row>> session_staff(const std::string& cookie_value, std::int64_t now_s) = 0;
  virtual status delete_session(const std::string& cookie_value) = 0;

  // --- service
  // Ok when a reader can answer a trivial query (GET /v1/health).
  virtual status check_readable() = 0;
  // Seeds the reference rows every server expects (built-in courier brands); idempotent.
  virtual status ensure_reference_data() = 0;
  // "ok" or the problems found by the backend's own consistency check.
  virtual result<std::string> integrity_check() = 0;
  // A consistent copy of the whole store at `dest`, in the backend's own format.
  virtual status backup_to(const std::string& dest) = 0;
};

// Opens <data_dir>/hub.db (creating it when `create`), migrated to the current schema.
result<std::unique_ptr<storage>> open_sqlite_storage(const std::string& data_dir, bool create = false);
// The SQLite storage over a store the caller keeps open (tests seed it directly).
std::unique_ptr<storage> sqlite_storage_over(hub_store& store);

}  // namespace cunzhan::hub
