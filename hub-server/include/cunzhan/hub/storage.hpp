// The hub's storage seam: everything the hub reads or writes goes through `storage` —
// `hub serve` (router, ingest, pull, KPI routes, dashboard) and every admin command alike —
// so nothing above it sees a database connection or a line of SQL. SQLite implements it
// today (open_sqlite_storage, store/sqlite_storage.cpp); PostgreSQL is to follow
// (STORAGE.md lists what a backend must guarantee). The interface speaks in the plain rows
// of rows.hpp; the KPI engine (kpi/) computes on them.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "cunzhan/hub/rows.hpp"
#include "cunzhan/shared/model.hpp"
#include "cunzhan/shared/op.hpp"
#include "cunzhan/shared/result.hpp"
#include "cunzhan/shared/villager.hpp"

namespace cunzhan::hub {

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

  // A hint before a batch: the op_ids and entities it is about to look up, so a backend a
  // round trip away may read them at once (PostgreSQL). Answers must not change with it.
  virtual status expect(const std::vector<std::string>& op_ids,
                        const std::vector<std::pair<entity_type, std::string>>& entities) {
    (void)op_ids;
    (void)entities;
    return ok_status();
  }

  // Who first wrote this entity, if anyone.
  virtual result<std::optional<entity_owner>> owner(entity_type t, const std::string& id) = 0;
  // Insert or replace; a stored row with a higher last_seq wins. Owner check done by the caller.
  virtual status upsert(const listing& l, const owner_fields& o) = 0;
  virtual status upsert(const pickup& p, const std::string& village_code, const owner_fields& o) = 0;
  virtual status upsert(const courier_point& c, const owner_fields& o) = 0;
  // The villager services (store/villager_store.hpp).
  virtual status upsert(const villager& v, const owner_fields& o) = 0;
  virtual status upsert(const proxy_buy_order& p, const owner_fields& o) = 0;
  virtual status upsert(const villager_service& s, const owner_fields& o) = 0;
  // Brings the people-served summary up to date with the villager and service writes
  // made so far (hub-server/src/store/served_summary.hpp); cheap when there were none.
  virtual status refresh_people_served() = 0;

  // Appends a push/pull session and returns its id; update_session rewrites it by id.
  virtual result<std::int64_t> insert_session(const sync_session_row& s) = 0;
  virtual status update_session(const sync_session_row& s) = 0;
};

using sync_job = std::function<status(sync_writer&)>;

// The writes of the admin commands and the nightly job, valid only inside
// storage::write_admin: one transaction per job, so a command changes all it meant to or
// nothing. Reads a command must make inside that transaction (the row it checks before
// changing it) are here too.
class admin_writer {
 public:
  virtual ~admin_writer() = default;

  // --- registry (import-divisions, enroll); upserts return true when something changed,
  // and then also append the change to the pull feed.
  virtual result<std::optional<village_row>> village(const std::string& code) = 0;
  virtual result<bool> upsert_township(const township_row& t) = 0;
  virtual result<bool> upsert_village(const village_row& v) = 0;
  // --- stations and staff
  virtual result<std::optional<station_row>> station_by_id(const std::string& id) = 0;
  virtual status insert_station(const station_row& s) = 0;
  // Sets revoked_at (once); errc::not_found when no such station / staff member.
  virtual status revoke_station(const std::string& id, std::int64_t at) = 0;
  // closed_on: nullopt clears it (the station reopens).
  virtual status set_station_closed(const std::string& id, const std::optional<std::string>& closed_on) = 0;
  virtual status insert_staff(const staff_row& s) = 0;
  virtual status revoke_staff(const std::string& id, std::int64_t at) = 0;
  // --- KPI settings and rollups
  // Stores a county's target override (checked by the caller) and publishes it on the
  // stations' pull feed.
  virtual status set_target(const std::string& county_code, const std::string& kpi, double value,
                            std::int64_t now_s) = 0;
  // Replaces the county's rollup rows of one day.
  virtual status replace_rollup(const std::string& county_code, const std::string& day,
                                const std::vector<rollup_row>& rows) = 0;
  // --- villager services: population, officer roster, training (rows.hpp)
  // Inserts or replaces the villages' rows.
  virtual status put_population(const std::vector<population_row>& rows, std::int64_t now_s) = 0;
  virtual result<std::optional<officer_row>> officer(const std::string& id) = 0;
  virtual status add_officer(const officer_row& o, std::int64_t now_s) = 0;
  // since "" clears the designation.
  virtual status set_leader(const std::string& officer_id, const std::string& since) = 0;
  virtual status add_assignment(const assignment_row& a) = 0;
  // Ends the officer's open assignment at the station; errc::not_found when there is none.
  virtual status end_assignment(const std::string& officer_id, const std::string& station_id,
                                const std::string& to_on) = 0;
  // The session and its attendees (an attendee listed twice is kept once).
  virtual status add_training(const training_row& t, std::int64_t now_s) = 0;
};

using admin_job = std::function<status(admin_writer&)>;

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
  virtual result<std::vector<ref_change_row>> changes_since(const std::string& county_code,
                                                            std::int64_t since, std::size_t limit) = 0;
  // Runs `job` on the single writer and returns only once its writes are durable: ok when
  // committed; the job's own error (its writes undone); or the commit's error (nothing
  // kept). This is what makes a push batch atomic and its answer safe to send.
  virtual status write_sync(const sync_job& job) = 0;

  // --- KPI reads (on a reader, never queued behind the writer)
  // What the KPI engine joins for one county and period (kpi::compute); `townships` and
  // `villages` empty when the registry does not know the county.
  virtual result<kpi_rows> kpi_inputs(const kpi_query& q) = 0;
  // The county's target overrides (kpi, value), defaults not included.
  virtual result<std::vector<std::pair<std::string, double>>> target_overrides(
      const std::string& county_code) = 0;
  // Stored rollup rows of the county for days first..last ('YYYY-MM-DD', inclusive), by day.
  virtual result<std::vector<rollup_row>> rollups(const std::string& county_code, const std::string& first,
                                                  const std::string& last) = 0;
  // Counties the registry knows (each has villages), sorted.
  virtual result<std::vector<std::string>> registry_counties() = 0;
  // A number that changes whenever anything commits to the store, from this process or
  // another (an admin command beside `hub serve`): caches of derived figures compare it.
  virtual result<std::int64_t> data_version() = 0;

  // --- dashboard sign-in sessions, keyed by the sha256 of the cookie value (the value
  // itself is never stored; http/dashboard_session makes and checks it)
  // Stores a session until expires_s; drops the expired ones.
  virtual status create_session(const std::string& id_hash, const std::string& staff_id, std::int64_t now_s,
                                std::int64_t expires_s) = 0;
  // The staff member behind a live session (revoked or not); nullopt when unknown or expired.
  virtual result<std::optional<staff_row>> session_staff(const std::string& id_hash, std::int64_t now_s) = 0;
  virtual status delete_session(const std::string& id_hash) = 0;

  // --- admin commands
  // Runs `job` in one write transaction and returns once it is committed (or undone).
  virtual status write_admin(const admin_job& job) = 0;
  virtual result<std::optional<station_row>> station_by_id(const std::string& id) = 0;
  // Every station (of one county, or all when county_code is ""), by county, village, name.
  virtual result<std::vector<station_list_row>> station_list(const std::string& county_code) = 0;
  // The station's ops, oldest seq first, at most `limit` (`hub audit`).
  virtual result<std::vector<op_log_row>> ops_of_station(const std::string& station_id,
                                                         std::size_t limit) = 0;
  // The county's officer roster (`hub officer list`).
  virtual result<roster_rows> roster(const std::string& county_code) = 0;
  // Where the data lives, for messages ("initialised /var/lib/cunzhan-hub/hub.db").
  virtual std::string location() const = 0;

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

// Refreshes the villagers still marked in the people-served summary, in a sync job (the
// writers' turn); both backends' open calls it, so the first open after the schema step
// that adds the summary fills it, and later opens find nothing to do.
status refresh_people_served(storage& s);

}  // namespace cunzhan::hub
