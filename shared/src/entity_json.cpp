// Entities ⇄ JSON objects. Each entity's fields are listed once, in wire order, and the
// list serves both directions (json_writer.hpp, json_reader.hpp). Optional fields are
// omitted when empty so the wire form stays small and from_json(to_json(x)) gives back x.
#include "cunzhan/shared/entity_json.hpp"

#include <boost/json/object.hpp>

#include "cunzhan/shared/text.hpp"
#include "json_reader.hpp"
#include "json_writer.hpp"

namespace cunzhan {
namespace {
namespace json = boost::json;
using detail::json_reader;
using detail::json_writer;

// L is the entity, const when writing.
template <class V, class L>
void listing_fields(V& v, L& l) {
  v.always("id", l.id);
  v.always("product_name", l.product_name);
  v.always("category", l.category);
  v.always("quantity", l.quantity);
  v.always("unit", l.unit);
  v.always("price_fen", l.price_fen);
  v.if_set("harvest_date", l.harvest_date);
  v.always("village_code", l.village_code);
  v.station_only("farmer_name", l.farmer_name);
  v.station_only("farmer_phone", l.farmer_phone);
  // The mask is derived when missing, so the hub always gets it and never the number.
  v.if_set("farmer_phone_masked", l.farmer_phone_masked, [&] { return mask_phone(l.farmer_phone); });
  v.choice("status", l.status, &parse_listing_status);
  v.if_set("sold_quantity", l.sold_quantity);
  v.if_set("sold_amount_fen", l.sold_amount_fen);
  v.if_set("sold_at", l.sold_at);
  v.if_set("sales_channel", l.sales_channel);
  v.if_set("note", l.note);
  v.if_set("created_at", l.created_at);
  v.if_set("updated_at", l.updated_at);
  // Absent means household, so a listing of an older station reads the same.
  v.choice("seller_kind", l.seller, &parse_seller_kind, seller_kind::household);
  v.if_set("seller_name", l.seller_name);
  v.if_set("villager_id", l.villager_id);
}

template <class V, class P>
void pickup_fields(V& v, P& p) {
  v.always("id", p.id);
  v.always("brand", p.brand);
  v.choice("direction", p.direction, &parse_pickup_direction);
  v.always("parcels", p.parcels);
  v.if_set("weight_kg", p.weight_kg);
  v.if_set("listing_id", p.listing_id);
  v.if_set("requested_at", p.requested_at);
  v.if_set("due_at", p.due_at);
  v.if_set("picked_up_at", p.picked_up_at);
  v.choice("status", p.status, &parse_pickup_status);
  v.if_set("tracking_no", p.tracking_no);
  v.if_set("failure_reason", p.failure_reason);
  v.if_set("note", p.note);
  v.if_set("villager_id", p.villager_id);
}

template <class V, class C>
void courier_point_fields(V& v, C& c) {
  v.always("id", c.id);
  v.always("name", c.name);
  v.always("brands", c.brands);
  v.choice("kind", c.kind, &parse_point_kind);
  v.always("village_code", c.village_code);
  v.if_set("served_villages", c.served_villages);
  v.always("days_per_week", c.days_per_week);
  v.if_set("filing_no", c.filing_no);
  v.if_set("opened_on", c.opened_on);
  v.if_set("closed_on", c.closed_on);
  v.if_set("note", c.note);
}

// Written only: a station's row comes from the registry, never from an op.
void station_fields(json_writer& v, const station& s) {
  v.always("id", s.id);
  v.always("name", s.name);
  v.always("village_code", s.village_code);
  v.choice("kind", s.kind, &parse_station_kind);
  v.if_set("officer", s.officer);
  v.if_set("opened_on", s.opened_on);
  v.if_set("closed_on", s.closed_on);
}

}  // namespace

json::object to_json(const listing& l, bool wire) {
  return detail::write_fields(l, wire, &listing_fields<json_writer, const listing>);
}
json::object to_json(const pickup& p) {
  return detail::write_fields(p, true, &pickup_fields<json_writer, const pickup>);
}
json::object to_json(const courier_point& c) {
  return detail::write_fields(c, true, &courier_point_fields<json_writer, const courier_point>);
}
json::object to_json(const station& s) { return detail::write_fields(s, true, &station_fields); }

result<listing> listing_from_json(const json::object& o, json::object* unknown) {
  return detail::read_fields(o, unknown, &listing_fields<json_reader, listing>);
}
result<pickup> pickup_from_json(const json::object& o, json::object* unknown) {
  return detail::read_fields(o, unknown, &pickup_fields<json_reader, pickup>);
}
result<courier_point> courier_point_from_json(const json::object& o, json::object* unknown) {
  return detail::read_fields(o, unknown, &courier_point_fields<json_reader, courier_point>);
}

bool is_hub_owned_key(std::string_view key) {
  return key == "station_id" || key == "county_code" || key == "township_code" || key == "received_at";
}

bool is_personal_data_key(std::string_view key) {
  return key == "farmer_name" || key == "farmer_phone" || key == "id_number";
}

}  // namespace cunzhan
