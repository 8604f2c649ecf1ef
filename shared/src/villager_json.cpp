// The villager services ⇄ JSON. The wire form (wire=true) carries a villager's random id,
// village and household size only; names, phones and notes stay on the station.
#include "cunzhan/shared/villager_json.hpp"

#include <boost/json/object.hpp>

#include "json_reader.hpp"
#include "json_writer.hpp"

namespace cunzhan {
namespace {
namespace json = boost::json;
using detail::put_day;
using detail::put_instant;
using detail::put_text;
}  // namespace

json::object to_json(const villager& v, bool wire) {
  json::object o;
  o["id"] = v.id;
  o["village_code"] = v.village_code;
  o["household_size"] = v.household_size;
  if (!wire) {
    put_text(o, "name", v.name);
    put_text(o, "phone", v.phone);
    put_text(o, "note", v.note);
  }
  return o;
}

json::object to_json(const proxy_buy_order& p, bool wire) {
  json::object o;
  o["id"] = p.id;
  o["villager_id"] = p.villager_id;
  o["category"] = p.category;
  o["platform"] = p.platform;
  o["item_count"] = p.item_count;
  o["amount_fen"] = p.amount_fen;
  o["status"] = to_string(p.status);
  put_instant(o, "ordered_at", p.ordered_at);
  put_instant(o, "arrived_at", p.arrived_at);
  put_instant(o, "handed_over_at", p.handed_over_at);
  put_instant(o, "returned_at", p.returned_at);
  put_instant(o, "cancelled_at", p.cancelled_at);
  put_text(o, "pickup_id", p.pickup_id);
  if (!wire) put_text(o, "note", p.note);
  return o;
}

json::object to_json(const villager_service& s, bool wire) {
  json::object o;
  o["id"] = s.id;
  o["villager_id"] = s.villager_id;
  put_day(o, "served_on", s.served_on);
  o["kind"] = to_string(s.kind);
  put_text(o, "source_id", s.source_id);
  if (!wire) put_text(o, "note", s.note);
  return o;
}

result<villager> villager_from_json(const json::object& o, json::object* unknown) {
  detail::json_reader r(o);
  villager v;
  r.text("id", v.id);
  r.text("village_code", v.village_code);
  r.integer("household_size", v.household_size);
  r.text("name", v.name);
  r.text("phone", v.phone);
  r.text("note", v.note);
  return r.finish(std::move(v), unknown);
}

result<proxy_buy_order> proxy_buy_from_json(const json::object& o, json::object* unknown) {
  detail::json_reader r(o);
  proxy_buy_order p;
  r.text("id", p.id);
  r.text("villager_id", p.villager_id);
  r.text("category", p.category);
  r.text("platform", p.platform);
  r.integer("item_count", p.item_count);
  r.integer("amount_fen", p.amount_fen);
  r.enumeration("status", p.status, &parse_proxy_buy_status);
  r.instant("ordered_at", p.ordered_at);
  r.instant("arrived_at", p.arrived_at);
  r.instant("handed_over_at", p.handed_over_at);
  r.instant("returned_at", p.returned_at);
  r.instant("cancelled_at", p.cancelled_at);
  r.text("pickup_id", p.pickup_id);
  r.text("note", p.note);
  return r.finish(std::move(p), unknown);
}

result<villager_service> service_from_json(const json::object& o, json::object* unknown) {
  detail::json_reader r(o);
  villager_service s;
  r.text("id", s.id);
  r.text("villager_id", s.villager_id);
  r.day("served_on", s.served_on);
  r.enumeration("kind", s.kind, &parse_service_kind);
  r.text("source_id", s.source_id);
  r.text("note", s.note);
  return r.finish(std::move(s), unknown);
}

}  // namespace cunzhan
