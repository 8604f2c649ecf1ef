// The station store's tables, one class each, all over the store's one connection (get
// them from store: s.listings(), s.pickups(), s.points(), s.outbox(), s.meta()).
// Every change writes the entity row and its outbox op in one transaction, so a crash
// can never leave a record the hub will not hear about (README: "One transaction per change").
// The three entity tables share one load/add/mutate path (record_table, src/store/record_table.hpp);
// each adds only its own changes (sell, collect, close...).
#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "cunzhan/shared/enrolment.hpp"
#include "cunzhan/shared/model.hpp"
#include "cunzhan/shared/op.hpp"
#include "cunzhan/shared/result.hpp"
#include "cunzhan/shared/time.hpp"
#include "cunzhan/shared/validate.hpp"
#include "cunzhan/shared/villager.hpp"
#include "cunzhan/station/store_types.hpp"

namespace cunzhan::station_client {

class store_connection;  // the one connection, its transactions and the bulk state (src/store/connection.hpp)
class meta_table;
class outbox_table;

// What every entity table does the same way. T is listing, pickup, courier_point,
// villager, proxy_buy_order or villager_service.
template <class T, class Filter>
class record_table {
 public:
  // Adds a record (or replaces one with the same id, as an import of an export does).
  // Fills the id and the defaults; validates; writes row + op.
  result<T> add(T rec);
  result<T> get(const std::string& id);
  result<std::vector<T>> list(const Filter& f);
  // Streams every record in creation order (export); stops early when fn returns false.
  status for_each(const std::function<bool(const T&)>& fn);
  // Records created on the Asia/Shanghai day d (the home page's counts).
  result<std::int64_t> added_on(date d);
  // Queues one op with the current state of every record: the hub has just announced
  // this entity (X-Hub-Entities), and until then its records were kept unsent. Runs
  // inside the caller's transaction.
  status queue_all_unsent();

 protected:
  record_table(store_connection& c, meta_table& m, outbox_table& o) : conn_(c), meta_(m), outbox_(o) {}
  // Loads the record, applies fn, checks the change is allowed, writes row + op: one transaction.
  result<T> mutate(const std::string& id, const std::function<status(T&)>& fn);
  // A count(*) query of this table with the day's bounds bound as ?1, ?2 (unix) and ?3 (YYYY-MM-DD).
  result<std::int64_t> count_on(const char* sql_text, date d);
  store_connection& connection() { return conn_; }
  meta_table& meta() { return meta_; }
  outbox_table& outbox() { return outbox_; }
  // Validates, writes the row and (once the hub accepts the entity) its op; inside the
  // caller's transaction.
  status write(T& rec);
  const clock_source& clock() const;  // the store's (store_options::clock)

 private:
  result<std::optional<T>> load(const std::string& id);

  store_connection& conn_;
  meta_table& meta_;
  outbox_table& outbox_;
};

// Status transitions of a listing: draft→listed|withdrawn, listed→reserved|sold|withdrawn,
// reserved→listed|sold|withdrawn; sold and withdrawn are final. Same → same is allowed.
bool listing_transition_allowed(listing_status from, listing_status to);
bool pickup_transition_allowed(pickup_status from, pickup_status to);

class listing_table : public record_table<listing, listing_filter> {
 public:
  listing_table(store_connection& c, meta_table& m, outbox_table& o) : record_table(c, m, o) {}
  // Replaces the editable fields; the status may only move along the allowed transitions.
  result<listing> update(const std::string& id, const std::function<status(listing&)>& edit);
  result<listing> sell(const std::string& id, double quantity, std::int64_t amount_fen, sys_seconds at,
                       const std::string& channel);
  result<listing> withdraw(const std::string& id);
  result<std::int64_t> sold_on(date d);
};

class pickup_table : public record_table<pickup, pickup_filter> {
 public:
  pickup_table(store_connection& c, meta_table& m, outbox_table& o) : record_table(c, m, o) {}
  result<pickup> collect(const std::string& id, sys_seconds at, const std::string& tracking_no);
  result<pickup> cancel(const std::string& id);
  result<pickup> fail(const std::string& id, const std::string& reason);
  result<std::int64_t> collected_on(date d);
  result<std::int64_t> due_open_by(date d);  // due on d or earlier and still waiting
};

class point_table : public record_table<courier_point, point_filter> {
 public:
  point_table(store_connection& c, meta_table& m, outbox_table& o) : record_table(c, m, o) {}
  result<courier_point> update(const std::string& id, const std::function<status(courier_point&)>& edit);
  result<courier_point> close(const std::string& id, date closed_on);
  result<std::int64_t> open_count();  // points not closed
};

// The villager register (村民登记). Everything stays here; the op carries only the
// random id, the village and the household size (PROTOCOL.md "Villager services").
class villager_table : public record_table<villager, villager_filter> {
 public:
  villager_table(store_connection& c, meta_table& m, outbox_table& o) : record_table(c, m, o) {}
  result<villager> update(const std::string& id, const std::function<status(villager&)>& edit);
  // By id, or by name when exactly one registered villager has it (the officer knows
  // names, not ids). errc::not_found / errc::invalid_field (ambiguous) otherwise.
  result<villager> find(const std::string& id_or_name);
};

// 代买 orders: ordered → arrived → handed_over | returned | cancelled, each step timed.
// Adding an order records its 代买 service in the same transaction.
bool order_transition_allowed(proxy_buy_status from, proxy_buy_status to);

class order_table : public record_table<proxy_buy_order, order_filter> {
 public:
  order_table(store_connection& c, meta_table& m, outbox_table& o) : record_table(c, m, o) {}
  // pickup_id: the inbound parcel the goods came with (optional; must be a recorded pickup).
  result<proxy_buy_order> arrive(const std::string& id, sys_seconds at, const std::string& pickup_id);
  result<proxy_buy_order> hand_over(const std::string& id, sys_seconds at);
  result<proxy_buy_order> give_back(const std::string& id, sys_seconds at);  // returned
  result<proxy_buy_order> cancel(const std::string& id, sys_seconds at);
};

// Services given to villagers. Those a record implies (an order, a listing or a pickup
// for a villager) are written with that record, once per record (source_id).
class service_table : public record_table<villager_service, service_filter> {
 public:
  service_table(store_connection& c, meta_table& m, outbox_table& o) : record_table(c, m, o) {}
  // Inside the caller's transaction: writes s unless a service of s.source_id exists.
  status record_implied(villager_service s);
};

// The outbox, for the sync engine. Ops are appended only by the entity tables, with their row.
class outbox_table {
 public:
  explicit outbox_table(store_connection& c) : conn_(c) {}
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
  // The highest seq written so far (0 when none).
  result<std::int64_t> last_seq();
  // Whether a rejected op not yet superseded exists (a bulk write then checks supersession per op).
  result<bool> has_unresolved_rejects();

 private:
  template <class T, class F>
  friend class record_table;
  status append(entity_type e, const std::string& entity_id, const std::string& data);

  store_connection& conn_;
};

// The meta table: the enrolment, the sync bookkeeping and the reference data pulled from
// the hub (villages, townships, brands), and the validation context built from them.
class meta_table {
 public:
  explicit meta_table(store_connection& c) : conn_(c) {}
  // Stores the enrolment. An enrolled store refuses (already_initialised) unless force.
  status init(const enrolment& e, bool force);
  // The stored enrolment, or errc::not_initialised.
  result<enrolment> enrolment_info();
  // Context for validate(): the county of the station's village, known villages, and the
  // courier brands (built-in plus those pulled from the hub; ctx.brands stays valid
  // until the next pull or init). The CLI, CSV import and web forms resolve brand names
  // through ctx.brands too, so a brand the county added is known everywhere.
  result<validation_context> validation();

  // The entities the hub last announced (X-Hub-Entities); nullopt until a hub answered
  // (the v1 set is assumed then). accepts(): whether ops of e may go to the outbox.
  result<std::optional<std::string>> hub_entities();
  status set_hub_entities(const std::string& header);
  void forget_hub_entities() { hub_entities_.reset(); }  // after a rolled-back set
  result<bool> accepts(entity_type e);

  // Remembers a backup just written (path, time, last outbox seq), so a damaged-file
  // message can say what restoring it would lose (store_damage.cpp).
  status note_backup(const std::string& path, std::int64_t last_seq);

  // ---- reference data (filled by pull) ----
  status replace_reference_villages(const std::vector<reference_village>& v);
  result<std::vector<reference_village>> reference_villages();

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
  result<std::optional<std::string>> get(const std::string& key);
  status set(const std::string& key, const std::string& value);
  status load_brands();  // brands_ = built-in + pulled

  store_connection& conn_;
  // Cached per process: the enrolment's county and the reference village list.
  std::optional<validation_context> ctx_;
  std::vector<std::string> known_villages_;
  brand_registry brands_;
  std::optional<std::optional<std::string>> hub_entities_;  // cached
};

}  // namespace cunzhan::station_client
