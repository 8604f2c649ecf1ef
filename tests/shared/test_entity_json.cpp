// entity_json: wire form without the farmer's identity, exact round trips, and from_json
// reporting every wrong-typed or unknown field.
#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include "cunzhan/shared/entity_json.hpp"
#include "cunzhan/shared/uuid.hpp"

using namespace cunzhan;
using namespace std::chrono;
namespace json = boost::json;

namespace {

listing full_listing() {
  listing l;
  l.id = uuid_v4();
  l.product_name = "盘龙生姜";
  l.category = "vegetable";
  l.quantity = 12.75;
  l.unit = "斤";
  l.price_fen = 450;
  l.harvest_date = year{2026} / 11 / 2;
  l.village_code = "500153102200";
  l.farmer_name = "李四";
  l.farmer_phone = "13912345678";
  l.farmer_phone_masked = "139****5678";
  l.status = listing_status::sold;
  l.sold_quantity = 10.5;
  l.sold_amount_fen = 4725;
  l.sold_at = *parse_instant("2026-11-20T21:14:03+08:00");
  l.sales_channel = "拼多多";
  l.note = "带泥";
  l.created_at = *parse_instant("2026-11-19T08:00:00+08:00");
  l.updated_at = *parse_instant("2026-11-20T21:14:03+08:00");
  return l;
}

bool same(const listing& a, const listing& b) {
  return a.id == b.id && a.product_name == b.product_name && a.category == b.category &&
         a.quantity == b.quantity && a.unit == b.unit && a.price_fen == b.price_fen &&
         a.harvest_date == b.harvest_date && a.village_code == b.village_code &&
         a.farmer_name == b.farmer_name && a.farmer_phone == b.farmer_phone &&
         a.farmer_phone_masked == b.farmer_phone_masked && a.status == b.status &&
         a.sold_quantity == b.sold_quantity && a.sold_amount_fen == b.sold_amount_fen &&
         a.sold_at == b.sold_at && a.sales_channel == b.sales_channel && a.note == b.note &&
         a.created_at == b.created_at && a.updated_at == b.updated_at;
}

std::vector<std::string> error_fields(const error& e) {
  std::vector<std::string> f;
  for (const auto& x : e.fields) f.push_back(x.field);
  return f;
}

}  // namespace

TEST_CASE("entity_json: listing wire form omits the farmer's name and phone") {
  const listing l = full_listing();
  const json::object wire = to_json(l, true);
  CHECK_FALSE(wire.contains("farmer_name"));
  CHECK_FALSE(wire.contains("farmer_phone"));
  CHECK(wire.at("farmer_phone_masked") == "139****5678");
  CHECK(json::serialize(wire).find("13912345678") == std::string::npos);
  CHECK(wire.at("harvest_date") == "2026-11-02");
  CHECK(wire.at("sold_at") == "2026-11-20T21:14:03+08:00");
  CHECK(wire.at("status") == "sold");
  CHECK(wire.at("price_fen").as_int64() == 450);

  const json::object local = to_json(l, false);
  CHECK(local.at("farmer_name") == "李四");
  CHECK(local.at("farmer_phone") == "13912345678");

  listing unmasked = l;
  unmasked.farmer_phone_masked.clear();
  CHECK(to_json(unmasked, true).at("farmer_phone_masked") == "139****5678");
}

TEST_CASE("entity_json: optional listing fields are omitted when empty") {
  listing l;
  l.id = uuid_v4();
  l.product_name = "大米";
  l.category = "grain";
  l.quantity = 50;
  l.unit = "kg";
  l.village_code = "500153102200";
  const json::object o = to_json(l, false);
  for (const char* k : {"harvest_date", "farmer_name", "farmer_phone", "farmer_phone_masked", "sold_quantity",
                        "sold_amount_fen", "sold_at", "sales_channel", "note", "created_at", "updated_at"})
    CHECK_FALSE(o.contains(k));
  auto back = listing_from_json(o);
  REQUIRE(back.ok());
  CHECK(same(*back, l));
}

TEST_CASE("entity_json: listing round trips exactly, through text too") {
  const listing l = full_listing();
  auto back = listing_from_json(to_json(l, false));
  REQUIRE(back.ok());
  CHECK(same(*back, l));
  const std::string text = json::serialize(to_json(l, true));
  auto wire_back = listing_from_json(json::parse(text).as_object());
  REQUIRE(wire_back.ok());
  CHECK(wire_back->farmer_name.empty());
  CHECK(wire_back->farmer_phone.empty());
  CHECK(json::serialize(to_json(*wire_back, true)) == text);
}

TEST_CASE("entity_json: pickup and courier point round trip exactly") {
  pickup p;
  p.id = uuid_v7();
  p.brand = "SF";
  p.direction = pickup_direction::inbound;
  p.parcels = 4;
  p.weight_kg = 0.3;
  p.listing_id = uuid_v4();
  p.requested_at = *parse_instant("2026-11-20T09:00:00+08:00");
  p.due_at = *parse_instant("2026-11-20T17:00:00+08:00");
  p.picked_up_at = *parse_instant("2026-11-20T16:30:00+08:00");
  p.status = pickup_status::picked_up;
  p.tracking_no = "SF1234567890";
  p.note = "易碎";
  const json::object po = to_json(p);
  CHECK(po.at("direction") == "inbound");
  CHECK_FALSE(po.contains("failure_reason"));
  auto pb = pickup_from_json(po);
  REQUIRE(pb.ok());
  CHECK(json::serialize(to_json(*pb)) == json::serialize(po));
  CHECK(pb->weight_kg == p.weight_kg);
  CHECK(pb->picked_up_at == p.picked_up_at);

  courier_point c;
  c.id = uuid_v4();
  c.name = "清升镇快递超市";
  c.brands = {"ZTO", "YTO", "JTSD"};
  c.kind = point_kind::served_village;
  c.village_code = "500153102200";
  c.served_villages = {"500153102200", "500153102201"};
  c.days_per_week = 3;
  c.filing_no = "渝邮备2025-001";
  c.opened_on = year{2025} / 3 / 1;
  c.closed_on = year{2026} / 1 / 1;
  const json::object co = to_json(c);
  CHECK(co.at("opened_on") == "2025-03-01");
  CHECK(co.at("brands").as_array().size() == 3);
  auto cb = courier_point_from_json(co);
  REQUIRE(cb.ok());
  CHECK(cb->brands == c.brands);
  CHECK(cb->served_villages == c.served_villages);
  CHECK(cb->opened_on == c.opened_on);
  CHECK(cb->closed_on == c.closed_on);
  CHECK(cb->days_per_week == 3);
  CHECK(json::serialize(to_json(*cb)) == json::serialize(co));
}

TEST_CASE("entity_json: station to_json") {
  station s;
  s.id = uuid_v4();
  s.name = "清江镇河包村服务站";
  s.village_code = "500153102200";
  s.kind = station_kind::village;
  s.opened_on = year{2024} / 5 / 1;
  const json::object o = to_json(s);
  CHECK(o.at("kind") == "village");
  CHECK(o.at("opened_on") == "2024-05-01");
  CHECK_FALSE(o.contains("officer"));
  CHECK_FALSE(o.contains("closed_on"));
}

TEST_CASE(
    "entity_json: from_json reports every wrong type, and hands unknown keys back instead of refusing them") {
  json::object o = to_json(full_listing(), false);
  o["quantity"] = "many";
  o["price_fen"] = 4.5;
  o["harvest_date"] = "2026-02-30";
  o["status"] = "lost";
  o["sold_at"] = 17;
  o["colour"] = "red";
  o["product_name"] = json::array{};
  auto r = listing_from_json(o);
  REQUIRE_FALSE(r.ok());
  CHECK(r.err().code == errc::validation_failed);
  CHECK(error_fields(r.err()) == std::vector<std::string>{"product_name", "quantity", "price_fen",
                                                          "harvest_date", "status", "sold_at"});
  for (const auto& f : r.err().fields) {
    CHECK_FALSE(f.message_en.empty());
    CHECK_FALSE(f.message_zh.empty());
  }

  json::object p = to_json(pickup{});
  p["parcels"] = "3";
  p["weight_kg"] = true;
  p["direction"] = "sideways";
  auto pr = pickup_from_json(p);
  REQUIRE_FALSE(pr.ok());
  CHECK(error_fields(pr.err()) == std::vector<std::string>{"direction", "parcels", "weight_kg"});

  json::object c = to_json(courier_point{});
  c["brands"] = json::array{"ZTO", 5};
  c["days_per_week"] = 1e12;
  c["kind"] = "mobile";
  c["served_villages"] = "500153102200";
  c["extra"] = nullptr;
  auto cr = courier_point_from_json(c);
  REQUIRE_FALSE(cr.ok());
  CHECK(error_fields(cr.err()) ==
        std::vector<std::string>{"brands", "kind", "served_villages", "days_per_week"});
}

TEST_CASE("entity_json: a newer version's fields decode and come back as they were") {
  json::object o = to_json(full_listing(), true);
  o["grade"] = "特级";  // a new optional field
  o["certificates"] = json::array{"绿色食品", json::object{{"no", 12}}};
  json::object unknown;
  auto r = listing_from_json(o, &unknown);
  REQUIRE(r.ok());
  CHECK(unknown ==
        json::object{{"grade", "特级"}, {"certificates", json::array{"绿色食品", json::object{{"no", 12}}}}});
  CHECK(to_json(*r, true).size() + unknown.size() == o.size());
  CHECK(listing_from_json(o).ok());  // without a place for them: dropped, still no error
  CHECK(is_hub_owned_key("station_id"));
  CHECK(is_hub_owned_key("received_at"));
  CHECK_FALSE(is_hub_owned_key("grade"));
  CHECK(is_personal_data_key("farmer_phone"));
  CHECK_FALSE(is_personal_data_key("farmer_phone_masked"));
}

TEST_CASE("entity_json: integers written as 12.0 and nulls for optional fields are accepted") {
  json::object o = to_json(full_listing(), true);
  o["price_fen"] = 450.0;
  o["harvest_date"] = nullptr;
  auto r = listing_from_json(o);
  REQUIRE(r.ok());
  CHECK(r->price_fen == 450);
  CHECK_FALSE(r->harvest_date);
}
