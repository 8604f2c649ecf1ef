// The outbox: every change appends an op (in the same transaction as the entity row);
// the sync engine takes batches in seq order, marks them in flight, and records the
// hub's per-op answers. Acked ops are kept (they are small) as the station's history.
#include <boost/json.hpp>

#include "connection.hpp"
#include "store_ids.hpp"

namespace cunzhan::station_client {
namespace {

constexpr const char* k_insert =
    "INSERT INTO outbox (op_id, entity, entity_id, kind, at, data, state, updated_at) "
    "VALUES (?, ?, ?, ?, ?, ?, 'pending', ?)";
// A rejected op stays as the hub's verdict; a later change of the same record
// supersedes it (schema v2).
constexpr const char* k_supersede =
    "UPDATE outbox SET superseded_by = ?1 WHERE entity_id = ?2 AND state = 'rejected' "
    "AND superseded_by IS NULL AND seq < ?1";
// in_flight first: those were sent by a run that died before hearing back, and the hub
// must see them again (it answers duplicate if they did arrive). One statement per state,
// each walking outbox_state_seq in order: a single query ordered by "in_flight first"
// cannot use the index for its ORDER BY, and sorted every unsent op (data included) for
// each batch, which made a long outbox quadratic.
constexpr const char* k_next_in_flight =
    "SELECT seq, op_id, entity, entity_id, kind, at, data, state FROM outbox "
    "WHERE state = 'in_flight' AND seq > ? ORDER BY seq LIMIT ?";
constexpr const char* k_next_pending =
    "SELECT seq, op_id, entity, entity_id, kind, at, data, state FROM outbox "
    "WHERE state = 'pending' AND seq > ? ORDER BY seq LIMIT ?";
// The whole batch in one statement (seqs as a JSON array), like the ack below, and with
// `+state` for the same reason: on the primary key, not a scan of the pending ops.
constexpr const char* k_mark_in_flight =
    "UPDATE outbox SET state = 'in_flight', updated_at = ? WHERE seq IN (SELECT value FROM json_each(?)) "
    "AND +state = 'pending'";
// All of a batch's acknowledged ops in one statement (op ids as a JSON array), rather
// than one UPDATE per op. `+state` keeps SQLite on the op_id index: through the state
// index it would scan every unsent op for each batch.
constexpr const char* k_ack =
    "UPDATE outbox SET state = 'acked', updated_at = ? WHERE op_id IN (SELECT value FROM json_each(?)) "
    "AND +state IN ('pending', 'in_flight')";
constexpr const char* k_reject =
    "UPDATE outbox SET state = 'rejected', error_code = ?, error_message = ?, "
    "error_message_zh = ?, updated_at = ? WHERE op_id = ? AND state IN ('pending', 'in_flight')";
constexpr const char* k_counts =
    "SELECT state, count(*), sum(superseded_by IS NULL) FROM outbox GROUP BY state";
constexpr const char* k_last_seq = "SELECT coalesce(max(seq), 0) FROM outbox";
constexpr const char* k_unresolved_rejects =
    "SELECT EXISTS (SELECT 1 FROM outbox WHERE state = 'rejected' AND superseded_by IS NULL)";
constexpr const char* k_rejected =
    "SELECT seq, op_id, entity, entity_id, kind, at, data, state, error_code, error_message, "
    "error_message_zh, superseded_by FROM outbox WHERE state = 'rejected' ORDER BY seq";

op_state parse_state(const std::string& s) {
  if (s == "in_flight") return op_state::in_flight;
  if (s == "acked") return op_state::acked;
  if (s == "rejected") return op_state::rejected;
  return op_state::pending;
}

// Reads columns 0–7 of k_next_* / k_rejected into an outbox_op; the data stays the
// stored JSON text (data_text), parsed into envelope.data only when `parse_data`.
result<outbox_op> read_op(sql::statement& st, bool parse_data) {
  outbox_op o;
  o.envelope.seq = st.column_int(0);
  o.envelope.op_id = st.column_text(1);
  auto e = parse_entity_type(st.column_text(2));
  auto k = parse_op_kind(st.column_text(4));
  if (!e || !k)
    return error(errc::db_corrupt, "unknown entity or kind in the outbox", "发件箱中有未知的记录类型");
  o.envelope.entity = *e;
  o.envelope.entity_id = st.column_text(3);
  o.envelope.kind = *k;
  o.envelope.at = from_unix(st.column_int(5));
  o.data_text = st.column_text(6);
  o.data_bytes = o.data_text.size();
  if (parse_data) {
    auto doc = parse_doc(o.data_text);
    if (!doc) return std::move(doc).err();
    o.envelope.data = std::move(*doc);
  } else if (o.data_text.size() < 2 || o.data_text.front() != '{' || o.data_text.back() != '}') {
    // The text goes into the batch as it is; the hub checks it fully, this catches a
    // damaged row here, where it can be named, instead of as a refused batch.
    return error(errc::db_corrupt, "a stored record is not a JSON object", "存储的记录不是 JSON 对象");
  }
  o.state = parse_state(st.column_text(7));
  return o;
}

}  // namespace

std::string_view to_string(op_state s) {
  switch (s) {
    case op_state::pending: return "pending";
    case op_state::in_flight: return "in_flight";
    case op_state::acked: return "acked";
    case op_state::rejected: return "rejected";
  }
  return "pending";
}

status outbox_table::append(entity_type e, const std::string& entity_id, const std::string& data) {
  const std::int64_t now = to_unix(conn_.clock().now());
  auto st = conn_.db().prepare_cached(k_insert);
  if (!st) return std::move(st).err();
  const std::string op_id = new_record_id();
  conn_.wrote_op(op_id);
  (*st)->bind(1, op_id).bind(2, to_string(e)).bind(3, entity_id).bind(4, to_string(op_kind::upsert));
  (*st)->bind(5, now).bind(6, data).bind(7, now);
  if (auto s = (*st)->run(); !s) return s;
  if (conn_.in_bulk() && !conn_.bulk_supersedes()) return ok_status();  // nothing rejected to supersede
  const std::int64_t seq = conn_.db().last_insert_rowid();
  auto sup = conn_.db().prepare_cached(k_supersede);
  if (!sup) return std::move(sup).err();
  (*sup)->bind(1, seq).bind(2, entity_id);
  return (*sup)->run();
}

result<std::vector<outbox_op>> outbox_table::next_batch(std::size_t max_ops, std::size_t max_bytes,
                                                        std::int64_t after_seq) {
  std::vector<outbox_op> out;
  std::size_t bytes = 0;
  bool full = false;
  for (const char* sql : {k_next_in_flight, k_next_pending}) {
    if (full || out.size() >= max_ops) break;
    auto st = conn_.db().prepare_cached(sql);
    if (!st) return std::move(st).err();
    (*st)->bind(1, after_seq).bind(2, static_cast<std::int64_t>(max_ops - out.size()));
    for (;;) {
      auto row = (*st)->step();
      if (!row) return std::move(row).err();
      if (!*row) break;
      auto o = read_op(**st, /*parse_data=*/false);
      if (!o) return std::move(o).err();
      // The envelope adds about 200 bytes to the data; one op always goes, however big,
      // so an oversized op cannot wedge the outbox (the hub rejects it and we move on).
      const std::size_t size = o->data_bytes + 200;
      if (!out.empty() && bytes + size > max_bytes) {
        full = true;
        break;
      }
      bytes += size;
      out.push_back(std::move(*o));
    }
    (*st)->reset();
  }
  return out;
}

status outbox_table::mark_in_flight(const std::vector<std::int64_t>& seqs) {
  if (seqs.empty()) return ok_status();
  write_scope w(conn_);
  if (auto s = w.begun(); !s) return s;
  boost::json::array list(seqs.begin(), seqs.end());
  auto st = conn_.db().prepare_cached(k_mark_in_flight);
  if (!st) return std::move(st).err();
  if (auto s = (*st)->bind(1, to_unix(conn_.clock().now())).bind(2, boost::json::serialize(list)).run(); !s)
    return s;
  return w.commit();
}

status outbox_table::apply_results(const push_response& r) {
  write_scope w(conn_);
  if (auto s = w.begun(); !s) return s;
  const std::int64_t now = to_unix(conn_.clock().now());
  boost::json::array acked;
  for (const op_result& res : r.results) {
    if (res.status != op_status::rejected) {
      acked.emplace_back(res.op_id);
    } else {
      auto st = conn_.db().prepare_cached(k_reject);
      if (!st) return std::move(st).err();
      (*st)->bind(1, res.error_code).bind(2, res.error_message).bind(3, res.error_message_zh);
      (*st)->bind(4, now).bind(5, res.op_id);
      if (auto s = (*st)->run(); !s) return s;
    }
  }
  if (!acked.empty()) {
    auto st = conn_.db().prepare_cached(k_ack);
    if (!st) return std::move(st).err();
    if (auto s = (*st)->bind(1, now).bind(2, boost::json::serialize(acked)).run(); !s) return s;
  }
  return w.commit();
}

result<outbox_counts> outbox_table::counts() {
  auto st = conn_.db().prepare_cached(k_counts);
  if (!st) return std::move(st).err();
  outbox_counts c;
  for (;;) {
    auto row = (*st)->step();
    if (!row) return std::move(row).err();
    if (!*row) break;
    const std::int64_t n = (*st)->column_int(1);
    switch (parse_state((*st)->column_text(0))) {
      case op_state::pending: c.pending = n; break;
      case op_state::in_flight: c.in_flight = n; break;
      case op_state::acked: c.acked = n; break;
      case op_state::rejected:
        c.rejected = n;
        c.rejected_unresolved = (*st)->column_int(2);
        break;
    }
  }
  (*st)->reset();
  return c;
}

result<std::vector<outbox_op>> outbox_table::rejected_ops() {
  auto st = conn_.db().prepare_cached(k_rejected);
  if (!st) return std::move(st).err();
  std::vector<outbox_op> out;
  for (;;) {
    auto row = (*st)->step();
    if (!row) return std::move(row).err();
    if (!*row) break;
    auto o = read_op(**st, /*parse_data=*/true);
    if (!o) return std::move(o).err();
    o->error_code = (*st)->column_text(8);
    o->error_message = (*st)->column_text(9);
    o->error_message_zh = (*st)->column_text(10);
    if (!(*st)->column_is_null(11)) o->superseded_by = (*st)->column_int(11);
    out.push_back(std::move(*o));
  }
  (*st)->reset();
  return out;
}

result<std::int64_t> outbox_table::last_seq() {
  auto st = conn_.db().prepare_cached(k_last_seq);
  if (!st) return std::move(st).err();
  auto row = (*st)->step();
  if (!row) return std::move(row).err();
  const std::int64_t seq = *row ? (*st)->column_int(0) : 0;
  (*st)->reset();
  return seq;
}

result<bool> outbox_table::has_unresolved_rejects() {
  auto st = conn_.db().prepare_cached(k_unresolved_rejects);
  if (!st) return std::move(st).err();
  auto row = (*st)->step();
  if (!row) return std::move(row).err();
  const bool any = !*row || (*st)->column_int(0) != 0;
  (*st)->reset();
  return any;
}

}  // namespace cunzhan::station_client
