// The villager services ⇄ JSON, one field list per entity for both directions (as in
// entity_json.cpp). The wire form (wire=true) carries a villager's random id, village and
// household size only; names, phones and notes stay on the station.
#include "cunzhan/shared/villager_json.hpp"

#include <boost/json/object.hpp>

#include "json_reader.hpp"
#include "json_writer.hpp"

namespace cunzhan {
namespace {
namespace json = boost::json;
using detail::json_reader;
using detail::json_writer;

// T is the entity, const when writing.
template <class V, class T>
void villager_fields(V& v, T& x) {
  v.always("id", x.id);
  v.always("village_code", x.village_code);
  v.always("household_size", x.household_size);
  v.station_only("name", x.name);
  v.station_only("phone", x.phone);
  v.station_only("note", x.note);
}

template <class V, class T>
void proxy_buy_fields(V& v, T& p) {
  v.always("id", p.id);
  v.always("villager_id", p.villager_id);
  v.always("category", p.category);
  v.always("platform", p.platform);
  v.always("item_count", p.item_count);
  v.always("amount_fen", p.amount_fen);
  v.choice("status", p.status, &parse_proxy_buy_status);
  v.if_set("ordered_at", p.ordered_at);
  v.if_set("arrived_at", p.arrived_at);
  v.if_set("handed_over_at", p.handed_over_at);
  v.if_set("returned_at", p.returned_at);
  v.if_set("cancelled_at", p.cancelled_at);
  v.if_set("pickup_id", p.pickup_id);
  v.station_only("note", p.note);
}

template <class V, class T>
void service_fields(V& v, T& s) {
  v.always("id", s.id);
  v.always("villager_id", s.villager_id);
  v.if_set("served_on", s.served_on);
  v.choice("kind", s.kind, &parse_service_kind);
  v.if_set("source_id", s.source_id);
  v.station_only("note", s.note);
}

}  // namespace

json::object to_json(const villager& v, bool wire) {
  return detail::write_fields(v, wire, &villager_fields<json_writer, const villager>);
}
json::object to_json(const proxy_buy_order& p, bool wire) {
  return detail::write_fields(p, wire, &proxy_buy_fields<json_writer, const proxy_buy_order>);
}
json::object to_json(const villager_service& s, bool wire) {
  return detail::write_fields(s, wire, &service_fields<json_writer, const villager_service>);
}

result<villager> villager_from_json(const json::object& o, json::object* unknown) {
  return detail::read_fields(o, unknown, &villager_fields<json_reader, villager>);
}
result<proxy_buy_order> proxy_buy_from_json(const json::object& o, json::object* unknown) {
  return detail::read_fields(o, unknown, &proxy_buy_fields<json_reader, proxy_buy_order>);
}
result<villager_service> service_from_json(const json::object& o, json::object* unknown) {
  return detail::read_fields(o, unknown, &service_fields<json_reader, villager_service>);
}

}  // namespace cunzhan
