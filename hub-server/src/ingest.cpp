// The push batch, op by op: idempotency by op_id + content hash, ownership, shared
// validation with hub-side context, then the upsert and the op_log row.
#include "cunzhan/hub/ingest.hpp"

#include <algorithm>

#include <boost/json.hpp>

#include "cunzhan/hub/entity_store.hpp"
#include "cunzhan/hub/op_log.hpp"
#include "cunzhan/hub/registry.hpp"
#include "cunzhan/shared/entity_json.hpp"
#include "cunzhan/shared/json_util.hpp"
#include "cunzhan/shared/uuid.hpp"
#include "cunzhan/shared/validate.hpp"

namespace cunzhan::hub {
namespace {

std::int64_t to_secs(sys_seconds t) { return t.time_since_epoch().count(); }

// An op's verdict before it is logged.
struct verdict {
  op_status status = op_status::applied;
  std::string code, en, zh;
};

verdict reject(const error& e) {
  verdict v;
  v.status = op_status::rejected;
  v.code = std::string(code_name(e.code));
  v.en = e.describe(lang::en);
  v.zh = e.describe(lang::zh);
  return v;
}

verdict reject(errc c, std::string en, std::string zh) { return reject(error(c, std::move(en), std::move(zh))); }

// Everything one batch needs, built once inside the transaction.
struct batch_context {
  sql::database& db;
  const station_row& station;
  validation_context vctx;
  std::string batch_id;
  std::int64_t now = 0;
  std::int64_t session_id = 0;
};

// Checks ownership and validity, then upserts. Writes nothing unless it returns applied.
result<verdict> apply_new(batch_context& b, const op& o) {
  entity_store entities(b.db);
  auto owner = entities.owner(o.entity, o.entity_id);
  if (!owner) return std::move(owner).err();
  if (*owner && (*owner)->station_id != b.station.id) {
    return reject(errc::entity_owned_by_other, "entity " + o.entity_id + " belongs to another station",
                  "记录 " + o.entity_id + " 属于其他站点");
  }
  owner_fields f;
  f.station_id = b.station.id;
  f.county_code = b.station.county_code;
  f.received_at = b.now;
  f.seq = o.seq;
  f.data_json = canonical_json(o.data);
  const auto id_mismatch = [&](const std::string& id) {
    return reject(errc::invalid_op, "data.id " + id + " differs from entity_id " + o.entity_id,
                  "data.id " + id + " 与 entity_id " + o.entity_id + " 不一致");
  };
  switch (o.entity) {
    case entity_type::listing: {
      auto l = listing_from_json(o.data);
      if (!l) return reject(l.err());
      if (l->id != o.entity_id) return id_mismatch(l->id);
      if (auto errs = validate(*l, b.vctx); !errs.empty()) return reject(to_status(std::move(errs)).err());
      f.township_code = l->village_code.substr(0, 9);
      if (auto s = entities.upsert(*l, f); !s) return std::move(s).err();
      break;
    }
    case entity_type::pickup: {
      auto p = pickup_from_json(o.data);
      if (!p) return reject(p.err());
      if (p->id != o.entity_id) return id_mismatch(p->id);
      if (auto errs = validate(*p, b.vctx); !errs.empty()) return reject(to_status(std::move(errs)).err());
      // A pickup happens at the station: it counts for the station's village.
      f.township_code = b.station.township_code;
      if (auto s = entities.upsert(*p, b.station.village_code, f); !s) return std::move(s).err();
      break;
    }
    case entity_type::courier_point: {
      auto c = courier_point_from_json(o.data);
      if (!c) return reject(c.err());
      if (c->id != o.entity_id) return id_mismatch(c->id);
      if (auto errs = validate(*c, b.vctx); !errs.empty()) return reject(to_status(std::move(errs)).err());
      f.township_code = c->village_code.substr(0, 9);
      if (auto s = entities.upsert(*c, f); !s) return std::move(s).err();
      break;
    }
  }
  return verdict{};
}

// Answers a second sighting of an op_id from what the log holds.
verdict from_log(const op_log_row& row, const std::string& station_id, const std::string& hash) {
  if (row.station_id != station_id || !constant_time_equal(row.content_hash, hash)) {
    return reject(errc::op_conflict, "op_id " + row.op_id + " was already used with different content",
                  "操作编号 " + row.op_id + " 已用于不同的内容");
  }
  if (row.status == "applied") return verdict{op_status::duplicate, {}, {}, {}};
  verdict v;
  v.status = op_status::rejected;
  v.code = row.error_code;
  v.en = row.error_message;
  v.zh = row.error_message_zh;
  return v;
}

// One item of the batch; `raw` is its JSON as sent (for hashing undecodable ops).
result<verdict> process(batch_context& b, const decoded_push::item& item, const boost::json::value* raw) {
  op_log log(b.db);
  std::string hash;
  op_log_row row;
  row.op_id = item.op_id;
  row.station_id = b.station.id;
  row.received_at = b.now;
  row.batch_id = b.batch_id;
  row.session_id = b.session_id;
  if (item.parsed) {
    const op& o = *item.parsed;
    hash = content_hash(o);
    row.seq = o.seq;
    row.entity = std::string(to_string(o.entity));
    row.entity_id = o.entity_id;
  } else {
    // Without an op_id there is nothing to log the rejection under.
    if (!is_uuid(item.op_id)) return reject(item.parsed.err());
    hash = sha256(raw ? canonical_json(*raw) : std::string());
    if (raw && raw->is_object()) {
      const auto& obj = raw->get_object();
      if (auto* e = obj.if_contains("entity"); e && e->is_string()) row.entity = std::string(e->get_string());
      if (auto* e = obj.if_contains("entity_id"); e && e->is_string()) row.entity_id = std::string(e->get_string());
      if (auto* s = obj.if_contains("seq"); s && s->is_int64()) row.seq = s->get_int64();
    }
  }
  row.content_hash = hash;
  auto seen = log.find(item.op_id);
  if (!seen) return std::move(seen).err();
  if (*seen) return from_log(**seen, b.station.id, hash);

  verdict v;
  if (item.parsed) {
    auto r = apply_new(b, *item.parsed);
    if (!r) return std::move(r).err();
    v = std::move(*r);
  } else {
    v = reject(item.parsed.err());
  }
  row.status = v.status == op_status::applied ? "applied" : "rejected";
  row.error_code = v.code;
  row.error_message = v.en;
  row.error_message_zh = v.zh;
  if (auto s = log.insert(row); !s) return std::move(s).err();
  return v;
}

}  // namespace

result<ingest_outcome> ingest(hub_store& store, const station_row& station, const ingest_request& req,
                              const ingest_options& opts) {
  const boost::json::array* raw_ops = nullptr;
  if (req.body.is_object()) {
    if (auto* ops = req.body.get_object().if_contains("ops"); ops && ops->is_array()) raw_ops = &ops->get_array();
  }
  if (raw_ops && raw_ops->size() > opts.max_ops_per_batch) {
    return error(errc::batch_too_large,
                 std::to_string(raw_ops->size()) + " ops; at most " + std::to_string(opts.max_ops_per_batch),
                 "批次含 " + std::to_string(raw_ops->size()) + " 条操作，最多 " +
                     std::to_string(opts.max_ops_per_batch) + " 条");
  }
  auto decoded = decode_push_request(req.body, opts.max_ops_per_batch);
  if (!decoded) return std::move(decoded).err();

  auto w = store.writer();
  sql::transaction t(w.db());
  if (!t.begun()) return t.begun().err();

  registry reg(w.db());
  auto villages = reg.village_codes(station.county_code);
  if (!villages) return std::move(villages).err();
  batch_context b{w.db(), station, {}, decoded->batch_id, to_secs(now_seconds()), 0};
  b.vctx.county_code = station.county_code;
  b.vctx.known_villages = villages->empty() ? nullptr : &*villages;
  b.vctx.hub_side = true;

  std::optional<std::int64_t> offset;
  if (req.station_time) {
    offset = b.now - to_secs(*req.station_time);
  } else {
    // Without the header, the newest op time is the best hint (an upper bound: ops may
    // have waited offline).
    std::optional<std::int64_t> newest;
    for (const auto& it : decoded->items) {
      if (it.parsed) newest = std::max(newest.value_or(to_secs(it.parsed->at)), to_secs(it.parsed->at));
    }
    if (newest) offset = b.now - *newest;
  }
  sync_session_row session;
  session.station_id = station.id;
  session.started_at = b.now;
  session.ended_at = b.now;
  session.bytes_in = static_cast<std::int64_t>(req.bytes_in);
  session.client_offset_s = offset;
  op_log log(w.db());
  auto sid = log.insert_session(session);
  if (!sid) return std::move(sid).err();
  b.session_id = session.id = *sid;

  ingest_outcome out;
  for (std::size_t i = 0; i < decoded->items.size(); ++i) {
    const auto& item = decoded->items[i];
    const boost::json::value* raw = raw_ops && i < raw_ops->size() ? &(*raw_ops)[i] : nullptr;
    auto v = process(b, item, raw);
    if (!v) return std::move(v).err();
    op_result r;
    r.op_id = item.op_id;
    r.status = v->status;
    r.error_code = v->code;
    r.error_message = v->en;
    r.error_message_zh = v->zh;
    (v->status == op_status::applied ? out.applied : v->status == op_status::duplicate ? out.duplicate : out.rejected)++;
    out.response.results.push_back(std::move(r));
  }
  auto acked = log.acked_through(station.id);
  if (!acked) return std::move(acked).err();
  out.response.acked_through = *acked;
  out.response.server_time = sys_seconds(std::chrono::seconds(b.now));
  out.body = boost::json::serialize(encode(out.response));

  session.ended_at = to_secs(now_seconds());
  session.bytes_out = static_cast<std::int64_t>(out.body.size());
  session.applied = static_cast<std::int64_t>(out.applied);
  session.duplicate = static_cast<std::int64_t>(out.duplicate);
  session.rejected = static_cast<std::int64_t>(out.rejected);
  if (auto s = log.update_session(session); !s) return std::move(s).err();
  if (auto s = t.commit(); !s) return std::move(s).err();
  return out;
}

}  // namespace cunzhan::hub
