// SQL for op_log and sync_session.
#include "store/op_log.hpp"

namespace cunzhan::hub {
namespace {

constexpr const char* k_find =
    "SELECT op_id, station_id, seq, entity, entity_id, content_hash, status, error_code, error_message, "
    "error_message_zh, received_at, batch_id, session_id FROM op_log WHERE op_id = ?";
constexpr const char* k_insert =
    "INSERT INTO op_log (op_id, station_id, seq, entity, entity_id, content_hash, status, error_code, "
    "error_message, error_message_zh, received_at, batch_id, session_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, "
    "?, ?, ?, ?)";
constexpr const char* k_acked = "SELECT coalesce(max(seq), 0) FROM op_log WHERE station_id = ?";
constexpr const char* k_for_station =
    "SELECT op_id, station_id, seq, entity, entity_id, content_hash, status, error_code, error_message, "
    "error_message_zh, received_at, batch_id, session_id FROM op_log WHERE station_id = ? ORDER BY seq, "
    "received_at LIMIT ?";
constexpr const char* k_insert_session =
    "INSERT INTO sync_session (station_id, started_at, ended_at, bytes_in, bytes_out, applied, duplicate, "
    "rejected, client_offset_s, ok, station_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr const char* k_update_session =
    "UPDATE sync_session SET ended_at = ?, bytes_out = ?, applied = ?, duplicate = ?, rejected = ?, ok = ? "
    "WHERE id = ?";

op_log_row read_row(sql::statement& q) {
  op_log_row r;
  r.op_id = q.column_text(0);
  r.station_id = q.column_text(1);
  r.seq = q.column_int(2);
  r.entity = q.column_text(3);
  r.entity_id = q.column_text(4);
  r.content_hash = q.column_blob(5);
  r.status = q.column_text(6);
  r.error_code = q.column_text(7);
  r.error_message = q.column_text(8);
  r.error_message_zh = q.column_text(9);
  r.received_at = q.column_int(10);
  r.batch_id = q.column_text(11);
  if (!q.column_is_null(12)) r.session_id = q.column_int(12);
  return r;
}

std::optional<std::string> opt_text(const std::string& s) {
  if (s.empty()) return std::nullopt;
  return s;
}

}  // namespace

result<std::optional<op_log_row>> op_log::find(const std::string& op_id) {
  auto st = db_.prepare_cached(k_find);
  if (!st) return std::move(st).err();
  (*st)->bind(1, op_id);
  auto row = (*st)->step();
  if (!row) return std::move(row).err();
  std::optional<op_log_row> out;
  if (*row) out = read_row(**st);
  (*st)->reset();
  return out;
}

status op_log::insert(const op_log_row& r) {
  auto st = db_.prepare_cached(k_insert);
  if (!st) return std::move(st).err();
  auto& q = **st;
  q.bind(1, r.op_id).bind(2, r.station_id).bind(3, r.seq).bind(4, r.entity).bind(5, r.entity_id);
  q.bind_blob(6, r.content_hash)
      .bind(7, r.status)
      .bind(8, opt_text(r.error_code))
      .bind(9, opt_text(r.error_message));
  q.bind(10, opt_text(r.error_message_zh))
      .bind(11, r.received_at)
      .bind(12, r.batch_id)
      .bind(13, r.session_id);
  return q.run();
}

result<std::int64_t> op_log::acked_through(const std::string& station_id) {
  auto st = db_.prepare_cached(k_acked);
  if (!st) return std::move(st).err();
  (*st)->bind(1, station_id);
  auto row = (*st)->step();
  if (!row) return std::move(row).err();
  const std::int64_t v = *row ? (*st)->column_int(0) : 0;
  (*st)->reset();
  return v;
}

result<std::vector<op_log_row>> op_log::for_station(const std::string& station_id, std::size_t limit) {
  auto st = db_.prepare_cached(k_for_station);
  if (!st) return std::move(st).err();
  (*st)->bind(1, station_id).bind(2, static_cast<std::int64_t>(limit));
  std::vector<op_log_row> out;
  for (;;) {
    auto row = (*st)->step();
    if (!row) return std::move(row).err();
    if (!*row) break;
    out.push_back(read_row(**st));
  }
  (*st)->reset();
  return out;
}

result<std::int64_t> op_log::insert_session(const sync_session_row& s) {
  auto st = db_.prepare_cached(k_insert_session);
  if (!st) return std::move(st).err();
  auto& q = **st;
  q.bind(1, s.station_id).bind(2, s.started_at).bind(3, s.ended_at).bind(4, s.bytes_in).bind(5, s.bytes_out);
  q.bind(6, s.applied)
      .bind(7, s.duplicate)
      .bind(8, s.rejected)
      .bind(9, s.client_offset_s)
      .bind(10, s.ok ? 1 : 0);
  q.bind(11, opt_text(s.station_version));
  if (auto r = q.run(); !r) return std::move(r).err();
  return db_.last_insert_rowid();
}

status op_log::update_session(const sync_session_row& s) {
  auto st = db_.prepare_cached(k_update_session);
  if (!st) return std::move(st).err();
  auto& q = **st;
  q.bind(1, s.ended_at).bind(2, s.bytes_out).bind(3, s.applied).bind(4, s.duplicate).bind(5, s.rejected);
  q.bind(6, s.ok ? 1 : 0).bind(7, s.id);
  return q.run();
}

}  // namespace cunzhan::hub
