// Entities ⇄ JSON objects. Optional fields are omitted when empty so the wire form stays
// small and from_json(to_json(x)) gives back x exactly.
#include "cunzhan/shared/entity_json.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "cunzhan/shared/text.hpp"
#include "json_reader.hpp"
#include "json_writer.hpp"

namespace cunzhan {
namespace {
namespace json = boost::json;
using detail::put_day;
using detail::put_instant;
using detail::put_text;
using detail::to_array;
}  // namespace

json::object to_json(const listing& l, bool wire) {
  json::object o;
  o["id"] = l.id;
  o["product_name"] = l.product_name;
  o["category"] = l.category;
  o["quantity"] = l.quantity;
  o["unit"] = l.unit;
  o["price_fen"] = l.price_fen;
  put_day(o, "harvest_date", l.harvest_date);
  o["village_code"] = l.village_code;
  if (!wire) {
    put_text(o, "farmer_name", l.farmer_name);
    put_text(o, "farmer_phone", l.farmer_phone);
  }
  // The mask is derived when missing, so the hub always gets it and never the number.
  put_text(o, "farmer_phone_masked",
           l.farmer_phone_masked.empty() ? mask_phone(l.farmer_phone) : l.farmer_phone_masked);
  o["status"] = to_string(l.status);
  if (l.sold_quantity != 0) o["sold_quantity"] = l.sold_quantity;
  if (l.sold_amount_fen != 0) o["sold_amount_fen"] = l.sold_amount_fen;
  put_instant(o, "sold_at", l.sold_at);
  put_text(o, "sales_channel", l.sales_channel);
  put_text(o, "note", l.note);
  put_instant(o, "created_at", l.created_at);
  put_instant(o, "updated_at", l.updated_at);
  return o;
}

json::object to_json(const pickup& p) {
  json::object o;
  o["id"] = p.id;
  o["brand"] = p.brand;
  o["direction"] = to_string(p.direction);
  o["parcels"] = p.parcels;
  if (p.weight_kg) o["weight_kg"] = *p.weight_kg;
  put_text(o, "listing_id", p.listing_id);
  put_instant(o, "requested_at", p.requested_at);
  put_instant(o, "due_at", p.due_at);
  put_instant(o, "picked_up_at", p.picked_up_at);
  o["status"] = to_string(p.status);
  put_text(o, "tracking_no", p.tracking_no);
  put_text(o, "failure_reason", p.failure_reason);
  put_text(o, "note", p.note);
  return o;
}

json::object to_json(const courier_point& c) {
  json::object o;
  o["id"] = c.id;
  o["name"] = c.name;
  o["brands"] = to_array(c.brands);
  o["kind"] = to_string(c.kind);
  o["village_code"] = c.village_code;
  if (!c.served_villages.empty()) o["served_villages"] = to_array(c.served_villages);
  o["days_per_week"] = c.days_per_week;
  put_text(o, "filing_no", c.filing_no);
  put_day(o, "opened_on", c.opened_on);
  put_day(o, "closed_on", c.closed_on);
  put_text(o, "note", c.note);
  return o;
}

json::object to_json(const station& s) {
  json::object o;
  o["id"] = s.id;
  o["name"] = s.name;
  o["village_code"] = s.village_code;
  o["kind"] = to_string(s.kind);
  put_text(o, "officer", s.officer);
  put_day(o, "opened_on", s.opened_on);
  put_day(o, "closed_on", s.closed_on);
  return o;
}

result<listing> listing_from_json(const json::object& o, json::object* unknown) {
  detail::json_reader r(o);
  listing l;
  r.text("id", l.id);
  r.text("product_name", l.product_name);
  r.text("category", l.category);
  r.number("quantity", l.quantity);
  r.text("unit", l.unit);
  r.integer("price_fen", l.price_fen);
  r.day("harvest_date", l.harvest_date);
  r.text("village_code", l.village_code);
  r.text("farmer_name", l.farmer_name);
  r.text("farmer_phone", l.farmer_phone);
  r.text("farmer_phone_masked", l.farmer_phone_masked);
  r.enumeration("status", l.status, &parse_listing_status);
  r.number("sold_quantity", l.sold_quantity);
  r.integer("sold_amount_fen", l.sold_amount_fen);
  r.instant("sold_at", l.sold_at);
  r.text("sales_channel", l.sales_channel);
  r.text("note", l.note);
  r.instant("created_at", l.created_at);
  r.instant("updated_at", l.updated_at);
  return r.finish(std::move(l), unknown);
}

result<pickup> pickup_from_json(const json::object& o, json::object* unknown) {
  detail::json_reader r(o);
  pickup p;
  r.text("id", p.id);
  r.text("brand", p.brand);
  r.enumeration("direction", p.direction, &parse_pickup_direction);
  r.integer("parcels", p.parcels);
  r.number("weight_kg", p.weight_kg);
  r.text("listing_id", p.listing_id);
  r.instant("requested_at", p.requested_at);
  r.instant("due_at", p.due_at);
  r.instant("picked_up_at", p.picked_up_at);
  r.enumeration("status", p.status, &parse_pickup_status);
  r.text("tracking_no", p.tracking_no);
  r.text("failure_reason", p.failure_reason);
  r.text("note", p.note);
  return r.finish(std::move(p), unknown);
}

result<courier_point> courier_point_from_json(const json::object& o, json::object* unknown) {
  detail::json_reader r(o);
  courier_point c;
  r.text("id", c.id);
  r.text("name", c.name);
  r.texts("brands", c.brands);
  r.enumeration("kind", c.kind, &parse_point_kind);
  r.text("village_code", c.village_code);
  r.texts("served_villages", c.served_villages);
  r.integer("days_per_week", c.days_per_week);
  r.text("filing_no", c.filing_no);
  r.day("opened_on", c.opened_on);
  r.day("closed_on", c.closed_on);
  r.text("note", c.note);
  return r.finish(std::move(c), unknown);
}

bool is_hub_owned_key(std::string_view key) {
  return key == "station_id" || key == "county_code" || key == "township_code" || key == "received_at";
}

bool is_personal_data_key(std::string_view key) {
  return key == "farmer_name" || key == "farmer_phone" || key == "id_number";
}

}  // namespace cunzhan
