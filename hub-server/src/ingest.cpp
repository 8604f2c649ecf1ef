// The push batch at the writer: idempotency by op_id + content hash, ownership, then the
// upsert and the op_log row, for ops already decoded and validated by prepare_batch.
//
// Group commit: ingest() prepares on the caller's thread, then hands apply_batch to the
// storage's single writer (write_sync). The rules here work on any backend's sync_writer;
// SQLite's group writer applies every batch waiting in one transaction with a savepoint
// per batch. Each batch is answered as if applied alone (it sees the batches before it;
// its failure rolls back only its own savepoint) and only after the group's COMMIT, so
// an acknowledged op is durable and a crash never leaves half a batch.
#include "cunzhan/hub/ingest.hpp"

#include <boost/json.hpp>

#include "cunzhan/shared/compress.hpp"
#include "cunzhan/shared/uuid.hpp"
#include "ingest_batch.hpp"

namespace cunzhan::hub {
namespace detail {
namespace {

std::int64_t to_secs(sys_seconds t) { return t.time_since_epoch().count(); }

// Answers a second sighting of an op_id from what the log holds.
verdict from_log(const op_log_row& row, const std::string& station_id, const std::string& hash) {
  if (row.station_id != station_id || !constant_time_equal(row.content_hash, hash)) {
    return reject(error(errc::op_conflict, "op_id " + row.op_id + " was already used with different content",
                        "操作编号 " + row.op_id + " 已用于不同的内容"));
  }
  if (row.status == "applied") return verdict{op_status::duplicate, {}, {}, {}};
  return verdict{op_status::rejected, row.error_code, row.error_message, row.error_message_zh};
}

status upsert(sync_writer& tx, const prepared_op& p, const owner_fields& f, const station_row& station) {
  if (const auto* l = std::get_if<listing>(&p.row)) return tx.upsert(*l, f);
  if (const auto* k = std::get_if<pickup>(&p.row)) return tx.upsert(*k, station.village_code, f);
  if (const auto* v = std::get_if<villager>(&p.row)) return tx.upsert(*v, f);
  if (const auto* b = std::get_if<proxy_buy_order>(&p.row)) return tx.upsert(*b, f);
  if (const auto* s = std::get_if<villager_service>(&p.row)) return tx.upsert(*s, f);
  return tx.upsert(std::get<courier_point>(p.row), f);
}

struct batch_writer {
  sync_writer& tx;
  const station_row& station;
  const prepared_batch& batch;
  std::int64_t now;
  std::int64_t session_id;

  // A new op: ownership first (another station's entity is refused whatever its data),
  // then the upsert when prepare found it valid.
  result<verdict> apply_new(const prepared_op& p) {
    auto owner = tx.owner(p.type, p.entity_id);
    if (!owner) return std::move(owner).err();
    if (*owner && (*owner)->station_id != station.id) {
      return reject(error(errc::entity_owned_by_other,
                          "entity " + p.entity_id + " belongs to another station",
                          "记录 " + p.entity_id + " 属于其他站点"));
    }
    if (p.checked.status != op_status::applied) return p.checked;
    owner_fields f{station.id, station.county_code, p.township_code, now, p.seq, p.data_json};
    if (auto s = upsert(tx, p, f, station); !s) return std::move(s).err();
    return verdict{};
  }

  result<verdict> process(const prepared_op& p) {
    if (!p.loggable) return p.checked;  // without an op_id there is nothing to log it under
    auto seen = tx.find_op(p.op_id);
    if (!seen) return std::move(seen).err();
    if (*seen) return from_log(**seen, station.id, p.hash);
    verdict v = p.checked;
    if (p.decoded) {
      auto r = apply_new(p);
      if (!r) return std::move(r).err();
      v = std::move(*r);
    }
    op_log_row row;
    row.op_id = p.op_id;
    row.station_id = station.id;
    row.seq = p.seq;
    row.entity = p.entity;
    row.entity_id = p.entity_id;
    row.content_hash = p.hash;
    row.status = v.status == op_status::applied ? "applied" : "rejected";
    row.error_code = v.code;
    row.error_message = v.en;
    row.error_message_zh = v.zh;
    row.received_at = now;
    row.batch_id = batch.batch_id;
    row.session_id = session_id;
    if (auto s = tx.insert_op(row); !s) return std::move(s).err();
    return v;
  }
};

}  // namespace

status apply_batch(sync_writer& tx, const station_row& station, const ingest_request& req,
                   const prepared_batch& batch, ingest_outcome& out, const clock_source& clock) {
  out = ingest_outcome{};
  const std::int64_t now = to_secs(clock.now());
  // A push session is never ok: only the pull that ends a run says the run succeeded
  // (see op_log.hpp). Its counts stay for the audit.
  sync_session_row session;
  session.station_id = station.id;
  session.started_at = req.started_at != 0 ? req.started_at : now;
  session.ended_at = now;
  session.ok = false;
  session.bytes_in = static_cast<std::int64_t>(req.bytes_in);
  // Without the header, the newest op time is the best hint (an upper bound: ops may
  // have waited offline).
  session.station_version = req.station_version;
  if (req.station_time)
    session.client_offset_s = now - to_secs(*req.station_time);
  else if (batch.newest_at)
    session.client_offset_s = now - *batch.newest_at;
  auto sid = tx.insert_session(session);
  if (!sid) return std::move(sid).err();
  session.id = *sid;

  std::vector<std::string> op_ids;
  std::vector<std::pair<entity_type, std::string>> entities;
  for (const auto& p : batch.ops) {
    if (p.loggable) op_ids.push_back(p.op_id);
    if (p.loggable && p.decoded) entities.emplace_back(p.type, p.entity_id);
  }
  if (auto s = tx.expect(op_ids, entities); !s) return s;

  batch_writer w{tx, station, batch, now, session.id};
  out.response.results.reserve(batch.ops.size());
  for (const auto& p : batch.ops) {
    auto v = w.process(p);
    if (!v) return std::move(v).err();
    (v->status == op_status::applied     ? out.applied
     : v->status == op_status::duplicate ? out.duplicate
                                         : out.rejected)++;
    out.response.results.push_back(
        op_result{p.op_id, v->status, std::move(v->code), std::move(v->en), std::move(v->zh)});
  }
  if (auto s = tx.refresh_people_served(); !s) return s;
  auto acked = tx.acked_through(station.id);
  if (!acked) return std::move(acked).err();
  out.response.acked_through = *acked;
  out.response.server_time = sys_seconds(std::chrono::seconds(now));
  out.body = boost::json::serialize(encode(out.response));
  // Compressed here rather than by the server layer so that bytes_out is what went on
  // the wire (the same size rule as the server's own compression).
  if (req.accepts_zstd && out.body.size() >= k_min_compress_bytes) {
    out.body = zstd_compress(out.body);
    out.zstd = true;
  }

  session.ended_at = to_secs(clock.now());
  session.bytes_out = static_cast<std::int64_t>(out.body.size());
  session.applied = static_cast<std::int64_t>(out.applied);
  session.duplicate = static_cast<std::int64_t>(out.duplicate);
  session.rejected = static_cast<std::int64_t>(out.rejected);
  return tx.update_session(session);
}

}  // namespace detail

result<ingest_outcome> ingest(storage& store, const station_row& station, const ingest_request& req,
                              const ingest_options& opts, const clock_source& clock) {
  auto batch = detail::prepare_batch(store, station, req, opts);
  if (!batch) return std::move(batch).err();
  ingest_outcome out;
  auto s = store.write_sync(
      [&](sync_writer& tx) { return detail::apply_batch(tx, station, req, *batch, out, clock); });
  if (!s) return std::move(s).err();
  return out;
}

}  // namespace cunzhan::hub
