// The first half of ingest, off the writer: envelope decoding, idempotency hashes,
// entity decoding and the shared validator with the hub-side context. Runs on the
// request's handler thread, so many batches are checked in parallel while the writer
// applies others.
#include <algorithm>

#include <boost/json.hpp>

#include "cunzhan/shared/entity_json.hpp"
#include "cunzhan/shared/json_util.hpp"
#include "cunzhan/shared/uuid.hpp"
#include "cunzhan/shared/validate.hpp"
#include "cunzhan/shared/villager_json.hpp"
#include "cunzhan/shared/villager_validate.hpp"
#include "ingest_batch.hpp"

namespace cunzhan::hub::detail {
namespace {

std::int64_t to_secs(sys_seconds t) { return t.time_since_epoch().count(); }

verdict id_mismatch(const std::string& id, const std::string& entity_id) {
  return reject(error(errc::invalid_op, "data.id " + id + " differs from entity_id " + entity_id,
                      "data.id " + id + " 与 entity_id " + entity_id + " 不一致"));
}

// Keys this hub does not know are a newer station's fields: kept, except the ones no
// version may send (hub-owned, the farmer's identity), which are refused by name.
void check_unknown(std::vector<field_error>& errs, const boost::json::object& unknown) {
  for (const auto& kv : unknown) {
    const std::string key(kv.key());
    if (is_hub_owned_key(key))
      errs.push_back({key, errc::invalid_field, key + " is set by the hub, never by the station",
                      key + " 由区县中心填写，站点不得上传"});
    else if (is_personal_data_key(key))
      errs.push_back(
          {key, errc::invalid_field, key + " must not be sent to the hub", key + " 不得上传到区县中心"});
  }
}

// Decodes data as the op's entity, checks the id and validates; keeps the row (and the
// keys this hub does not know) when valid.
template <class Decode>
void check_entity(prepared_op& p, const op& o, const validation_context& vctx, Decode decode) {
  boost::json::object unknown;
  auto e = decode(o.data, &unknown);
  if (!e) {
    p.checked = reject(e.err());
    return;
  }
  if (e->id != o.entity_id) {
    p.checked = id_mismatch(e->id, o.entity_id);
    return;
  }
  auto errs = validate(*e, vctx);
  check_unknown(errs, unknown);
  if (!errs.empty()) {
    p.checked = reject(to_status(std::move(errs)).err());
    return;
  }
  p.row = std::move(*e);
  p.unknown = std::move(unknown);
}

// The entity row's `data`: the decoded entity re-encoded in its wire form, so the fields
// the hub validated are stored as it spells them (never number spellings the client
// chose) and no farmer identity, whatever was sent; plus a newer station's fields this
// hub does not know, as sent, so a later hub version finds them with the entity.
std::string stored_data(const prepared_op& p) {
  boost::json::object o;
  if (const auto* l = std::get_if<listing>(&p.row))
    o = to_json(*l, true);
  else if (const auto* pk = std::get_if<pickup>(&p.row))
    o = to_json(*pk);
  else if (const auto* c = std::get_if<courier_point>(&p.row))
    o = to_json(*c);
  else if (const auto* v = std::get_if<villager>(&p.row))
    o = to_json(*v, true);
  else if (const auto* b = std::get_if<proxy_buy_order>(&p.row))
    o = to_json(*b, true);
  else if (const auto* s = std::get_if<villager_service>(&p.row))
    o = to_json(*s, true);
  else
    return "null";
  for (const auto& kv : p.unknown) o.emplace(kv.key(), kv.value());
  return canonical_json(o);
}

void prepare_decoded(prepared_op& p, const op& o, const station_row& station,
                     const validation_context& vctx) {
  p.decoded = true;
  p.hash = content_hash(o);
  p.seq = o.seq;
  p.type = o.entity;
  p.entity = std::string(to_string(o.entity));
  p.entity_id = o.entity_id;
  switch (o.entity) {
    case entity_type::listing:
      check_entity(p, o, vctx, listing_from_json);
      if (auto* l = std::get_if<listing>(&p.row)) p.township_code = l->village_code.substr(0, 9);
      break;
    case entity_type::pickup:
      check_entity(p, o, vctx, pickup_from_json);
      // A pickup happens at the station: it counts for the station's township.
      p.township_code = station.township_code;
      break;
    case entity_type::courier_point:
      check_entity(p, o, vctx, courier_point_from_json);
      if (auto* c = std::get_if<courier_point>(&p.row)) p.township_code = c->village_code.substr(0, 9);
      break;
    case entity_type::villager:
      check_entity(p, o, vctx, villager_from_json);
      if (auto* v = std::get_if<villager>(&p.row)) p.township_code = v->village_code.substr(0, 9);
      break;
    case entity_type::proxy_buy:  // orders and services happen at the station, like pickups
      check_entity(p, o, vctx, proxy_buy_from_json);
      p.township_code = station.township_code;
      break;
    case entity_type::service:
      check_entity(p, o, vctx, service_from_json);
      p.township_code = station.township_code;
      break;
  }
  if (p.checked.status == op_status::applied) p.data_json = stored_data(p);
}

// An op whose envelope did not decode: logged under its op_id (if that is a UUID) with a
// hash of the JSON as sent, so a resend gets the same answer.
void prepare_undecodable(prepared_op& p, const error& why, const boost::json::value* raw) {
  p.checked = reject(why);
  if (!is_uuid(p.op_id)) {
    p.loggable = false;
    return;
  }
  p.hash = sha256(raw ? canonical_json(*raw) : std::string());
  if (raw && raw->is_object()) {
    const auto& obj = raw->get_object();
    if (auto* e = obj.if_contains("entity"); e && e->is_string()) p.entity = std::string(e->get_string());
    if (auto* e = obj.if_contains("entity_id"); e && e->is_string())
      p.entity_id = std::string(e->get_string());
    if (auto* s = obj.if_contains("seq"); s && s->is_int64()) p.seq = s->get_int64();
  }
}

}  // namespace

verdict reject(const error& e) {
  verdict v;
  v.status = op_status::rejected;
  v.code = std::string(code_name(e.code));
  v.en = e.describe(lang::en);
  v.zh = e.describe(lang::zh);
  return v;
}

result<prepared_batch> prepare_batch(storage& store, const station_row& station, const ingest_request& req,
                                     const ingest_options& opts) {
  const boost::json::array* raw_ops = nullptr;
  if (req.body.is_object()) {
    if (auto* ops = req.body.get_object().if_contains("ops"); ops && ops->is_array())
      raw_ops = &ops->get_array();
  }
  if (raw_ops && raw_ops->size() > opts.max_ops_per_batch) {
    return error(errc::batch_too_large,
                 std::to_string(raw_ops->size()) + " ops; at most " + std::to_string(opts.max_ops_per_batch),
                 "批次含 " + std::to_string(raw_ops->size()) + " 条操作，最多 " +
                     std::to_string(opts.max_ops_per_batch) + " 条");
  }
  auto decoded = decode_push_request(req.body, opts.max_ops_per_batch);
  if (!decoded) return std::move(decoded).err();

  std::vector<std::string> villages;
  {
    auto v = store.village_codes(station.county_code);
    if (!v) return std::move(v).err();
    villages = std::move(*v);
  }
  validation_context vctx;
  vctx.county_code = station.county_code;
  vctx.known_villages = villages.empty() ? nullptr : &villages;
  vctx.hub_side = true;

  prepared_batch out;
  out.batch_id = std::move(decoded->batch_id);
  out.ops.resize(decoded->items.size());
  for (std::size_t i = 0; i < decoded->items.size(); ++i) {
    const auto& item = decoded->items[i];
    prepared_op& p = out.ops[i];
    p.op_id = item.op_id;
    if (item.parsed) {
      prepare_decoded(p, *item.parsed, station, vctx);
      const auto at = to_secs(item.parsed->at);
      out.newest_at = std::max(out.newest_at.value_or(at), at);
    } else {
      const boost::json::value* raw = raw_ops && i < raw_ops->size() ? &(*raw_ops)[i] : nullptr;
      prepare_undecodable(p, item.parsed.err(), raw);
    }
  }
  return out;
}

}  // namespace cunzhan::hub::detail
