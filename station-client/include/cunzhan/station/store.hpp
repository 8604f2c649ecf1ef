// The station's offline store: one SQLite file per station holding the enrolment, the
// entities (listing, pickup, courier_point), the reference villages and the outbox.
// Every change writes the entity row and its outbox op in one transaction, so a crash
// can never leave a record the hub will not hear about (README: "One transaction per change").
#pragma once
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cunzhan/shared/enrolment.hpp"
#include "cunzhan/shared/model.hpp"
#include "cunzhan/shared/op.hpp"
#include "cunzhan/shared/result.hpp"
#include "cunzhan/shared/sqlite.hpp"
#include "cunzhan/shared/validate.hpp"

namespace cunzhan::station_client {

inline constexpr const char* db_file_name = "station.db";

struct store_options {
  bool create = true;       // create the directory and file when missing (only `init` wants this)
  bool full_check = false;  // quick_check every page even when the seal says the file is fine
};

class store_seal;  // whether the last close was clean (src/store_seal.cpp)

// ---- filters for list commands; an empty field means "any" ----
struct listing_filter {
  std::optional<listing_status> status;
  std::string village_code;
  std::string category;
  std::size_t limit = 0;  // 0 = no limit
};
struct pickup_filter {
  std::optional<pickup_status> status;
  std::string brand;
  std::size_t limit = 0;
};
struct point_filter {
  bool include_closed = true;
  std::size_t limit = 0;
};

// A stored record the store cannot decode (written by an older program, or changed
// outside it): lists and exports skip it and name it here instead of failing as a whole.
struct damaged_record {
  std::string id;
  error what;
};

// ---- outbox ----
enum class op_state { pending, in_flight, acked, rejected };
std::string_view to_string(op_state s);

struct outbox_op {
  op envelope;  // seq, op_id, entity, entity_id, kind, at; data only from rejected_ops
  op_state state = op_state::pending;
  // The stored data as JSON text. next_batch leaves envelope.data empty: the sync engine
  // puts this text into the batch as it is, instead of parsing and re-serialising it.
  std::string data_text;
  std::size_t data_bytes = 0;  // size of data_text (for batch sizing)
  std::string error_code;      // when rejected
  std::string error_message;
  std::string error_message_zh;
  std::optional<std::int64_t> superseded_by;  // seq of a later op on the same entity
};

struct outbox_counts {
  std::int64_t pending = 0;
  std::int64_t in_flight = 0;
  std::int64_t acked = 0;
  std::int64_t rejected = 0;             // all rejected ops
  std::int64_t rejected_unresolved = 0;  // rejected and not superseded by a later change
};

struct sync_info {
  std::optional<sys_seconds> last_sync_at;
  bool last_ok = false;
  std::string last_message;     // the run's summary in English (as in the log)
  std::string last_message_zh;  // the same in Chinese; empty if recorded by an older version
  // The summary in the officer's language (English when no Chinese one was recorded).
  const std::string& message(lang l) const {
    return l == lang::zh && !last_message_zh.empty() ? last_message_zh : last_message;
  }
  std::optional<std::int64_t> hub_clock_offset_s;  // hub time − station time
};

struct reference_village {
  std::string code;
  std::string name;
  std::string township_code;
  std::string township_name;
};

// One row of GET /v1/sync/pull: kind "village" | "township" | "brand" | ..., its key and data (JSON).
struct reference_change {
  std::string kind;
  std::string key;
  std::string data;
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

  sql::database& db() { return *db_; }
  // False only after a failed commit could not reopen the file (store_outcome.cpp): the
  // store must then be opened again before it is used.
  bool connected() const { return db_->is_open(); }
  // Whether this open ran the full check (tests, and `station check`).
  bool fully_checked_on_open() const { return fully_checked_; }

  // ---- enrolment ----
  // Stores the enrolment. An enrolled store refuses (already_initialised) unless force.
  status init(const enrolment& e, bool force);
  // The stored enrolment, or errc::not_initialised.
  result<enrolment> enrolment_info();
  // Context for validate(): the county of the station's village, known villages, and the
  // courier brands (built-in plus those pulled from the hub; ctx.brands stays valid
  // until the next pull or init). The CLI, CSV import and web forms resolve brand names
  // through ctx.brands too, so a brand the county added is known everywhere.
  result<validation_context> validation();

  // ---- listings ----
  // Adds a listing (or replaces one with the same id, as an import of an export does).
  // Fills id, timestamps and the masked phone; validates; writes row + op.
  result<listing> add_listing(listing l);
  // Replaces the editable fields; the status may only move along the allowed transitions.
  result<listing> update_listing(const std::string& id, const std::function<status(listing&)>& edit);
  result<listing> sell_listing(const std::string& id, double quantity, std::int64_t amount_fen,
                               sys_seconds at, const std::string& channel);
  result<listing> withdraw_listing(const std::string& id);
  result<listing> get_listing(const std::string& id);
  result<std::vector<listing>> list_listings(const listing_filter& f);
  // Streams every listing in creation order (export); stops early when fn returns false.
  status for_each_listing(const std::function<bool(const listing&)>& fn);

  // ---- pickups ----
  result<pickup> add_pickup(pickup p);
  result<pickup> collect_pickup(const std::string& id, sys_seconds at, const std::string& tracking_no);
  result<pickup> cancel_pickup(const std::string& id);
  result<pickup> fail_pickup(const std::string& id, const std::string& reason);
  result<pickup> get_pickup(const std::string& id);
  result<std::vector<pickup>> list_pickups(const pickup_filter& f);
  status for_each_pickup(const std::function<bool(const pickup&)>& fn);

  // ---- courier points ----
  result<courier_point> add_point(courier_point c);
  result<courier_point> update_point(const std::string& id,
                                     const std::function<status(courier_point&)>& edit);
  result<courier_point> close_point(const std::string& id, date closed_on);
  result<courier_point> get_point(const std::string& id);
  result<std::vector<courier_point>> list_points(const point_filter& f);
  status for_each_point(const std::function<bool(const courier_point&)>& fn);
  // The records the last list_* or for_each_* call skipped because they could not be
  // decoded; every caller shows them next to what it lists.
  const std::vector<damaged_record>& damaged() const { return damaged_; }

  // ---- bulk writes (import): all changes between begin and commit are one transaction,
  // with a larger page cache; afterwards the WAL is emptied into the file when no one
  // else is reading, so later opens have no long WAL to scan ----
  status begin_bulk();
  // `records`: how many records the bulk holds, for the message when the disk fails the
  // commit (errc::saved_unconfirmed / save_unknown say what is in the file).
  status commit_bulk(std::size_t records = 0);
  void rollback_bulk();

  // Remembers a backup just written (path, time, last outbox seq), so a damaged-file
  // message can say what restoring it would lose (store_damage.cpp).
  status note_backup(const std::string& path);

  // ---- reference data (filled by pull) ----
  status replace_reference_villages(const std::vector<reference_village>& v);
  result<std::vector<reference_village>> reference_villages();

  // ---- outbox, for the sync engine ----
  // Ops to send next: in_flight ones left by an interrupted run first, then pending, in
  // seq order; at most max_ops and about max_bytes of data (always at least one op).
  // The ops carry their data as data_text only (see outbox_op).
  // Only ops with seq > after_seq: a pipelined sync skips the batch it has in flight.
  result<std::vector<outbox_op>> next_batch(std::size_t max_ops, std::size_t max_bytes,
                                            std::int64_t after_seq = 0);
  status mark_in_flight(const std::vector<std::int64_t>& seqs);
  // applied/duplicate → acked; rejected → rejected with the hub's code and messages.
  // One transaction; results for unknown op ids are ignored.
  status apply_results(const push_response& r);
  result<outbox_counts> counts();
  // Rejected ops, oldest first (superseded ones included, marked).
  result<std::vector<outbox_op>> rejected_ops();
  // The run's one-line summary in both languages: the officer reads it in theirs.
  status record_sync(sys_seconds at, bool ok, const std::string& message_en, const std::string& message_zh,
                     std::optional<sys_seconds> server_time);
  result<sync_info> last_sync();

  // ---- sync bookkeeping (src/sync/store_sync.cpp) ----
  // Small values the sync engine keeps between runs: the TLS session, the pull cursor.
  result<std::string> sync_value(const std::string& key);  // "" when unset
  status set_sync_value(const std::string& key, const std::string& value);
  // Applies pulled reference changes (villages, townships, brands) and stores the new
  // cursor, all in one transaction, so an interrupted pull resumes where it stopped.
  status apply_reference_changes(const std::vector<reference_change>& changes,
                                 const std::string& next_cursor);

 private:
  store(std::unique_ptr<sql::database> db, std::unique_ptr<store_seal> seal, bool fully_checked);
  class write_scope;  // a transaction, or nothing inside a bulk transaction
  void end_bulk();

  result<std::optional<std::string>> meta_get(const std::string& key);
  status meta_set(const std::string& key, const std::string& value);
  status load_brands();  // brands_ = built-in + pulled
  result<std::optional<listing>> load_listing(const std::string& id);
  result<std::optional<pickup>> load_pickup(const std::string& id);
  result<std::optional<courier_point>> load_point(const std::string& id);
  status write_listing(listing& l);  // validates, writes the row and its op
  status write_pickup(const pickup& p);
  status write_point(const courier_point& c);
  status append_op(entity_type e, const std::string& entity_id, const std::string& data);
  // After a COMMIT the disk failed (it may still be in the WAL): reopens the connection
  // and finds out whether the last op (and so its whole transaction, `records` records)
  // is in the file, then says so truthfully (store_outcome.cpp).
  status settle_failed_commit(error e, std::size_t records);
  status reconnect();  // a new connection to the same file, as a new process would open it
  result<listing> mutate_listing(const std::string& id, const std::function<status(listing&)>& fn);
  result<pickup> mutate_pickup(const std::string& id, const std::function<status(pickup&)>& fn);

  std::unique_ptr<store_seal> seal_;  // declared first: it seals after the connection closed
  std::unique_ptr<sql::database> db_;
  std::unique_ptr<sql::transaction> bulk_;
  bool bulk_supersedes_ = false;  // the bulk's ops may supersede rejected ones (append_op)
  std::string last_op_id_;        // the last op the open transaction wrote (settle_failed_commit)
  bool fully_checked_ = false;
  // Cached per process: the enrolment's county and the reference village list.
  std::optional<validation_context> ctx_;
  std::vector<std::string> known_villages_;
  brand_registry brands_;
  std::vector<damaged_record> damaged_;
};

// A db_corrupt error is re-checked with a fresh open and a full check before it is
// given: a file that reads intact the second time turns it into a db_io_error (a failing
// disk, nothing damaged). Other errors come back as they are.
error confirm_damage(const std::filesystem::path& data_dir, error e);

// What restoring the last `station backup` would lose, as far as the damaged file tells.
struct restore_cost {
  bool backup_known = false;                 // the file could say whether a backup was made
  std::optional<std::string> backup_path;    // the last backup, when there was one
  std::optional<std::string> backup_at;      // when (RFC 3339)
  std::optional<std::int64_t> records_since; // changes saved after it (outbox ops)
};
restore_cost what_restore_loses(const std::filesystem::path& data_dir);

// Status transitions of a listing: draft→listed|withdrawn, listed→reserved|sold|withdrawn,
// reserved→listed|sold|withdrawn; sold and withdrawn are final. Same → same is allowed.
bool listing_transition_allowed(listing_status from, listing_status to);
bool pickup_transition_allowed(pickup_status from, pickup_status to);

}  // namespace cunzhan::station_client
