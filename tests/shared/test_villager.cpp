// The villager services in shared/: every validation rule of villager, proxy_buy and
// service with one bad field at a time (field named, both languages), the status steps
// of an order, JSON round trips, and the wire forms that
// carry no name, phone or note (PROTOCOL.md "Villager services").
#include <catch2/catch.hpp>

#include <functional>

#include <boost/json.hpp>

#include "cunzhan/shared/entity_json.hpp"
#include "cunzhan/shared/uuid.hpp"
#include "cunzhan/shared/villager_json.hpp"
#include "cunzhan/shared/villager_validate.hpp"
#include "validation_fixture.hpp"

using namespace cunzhan;
using namespace std::chrono;
using namespace cunzhan::testing;

namespace {

const sys_seconds k_now = k_validation_now;  // 12:00 in Shanghai

validation_context ctx_hub() {
  auto ctx = ctx_station();
  ctx.hub_side = true;
  return ctx;
}

villager good_villager() {
  villager v;
  v.id = uuid_v4();
  v.village_code = "500153102200";
  v.household_size = 4;
  v.name = "王秀英";
  v.phone = "13912345678";
  v.note = "腿脚不便，\n送货上门";
  return v;
}

proxy_buy_order good_order() {
  proxy_buy_order o;
  o.id = uuid_v7();
  o.villager_id = uuid_v4();
  o.category = "farm_input";
  o.platform = "pinduoduo";
  o.item_count = 2;
  o.amount_fen = 15800;
  o.status = proxy_buy_status::handed_over;
  o.ordered_at = k_now - days{5};
  o.arrived_at = k_now - days{2};
  o.handed_over_at = k_now - days{1};
  o.pickup_id = uuid_v7();
  o.note = "化肥两袋";
  return o;
}

villager_service good_service() {
  villager_service s;
  s.id = uuid_v7();
  s.villager_id = uuid_v4();
  s.served_on = year{2026} / 11 / 20;
  s.kind = service_kind::bill_payment;
  s.note = "电费";
  return s;
}

template <class T>
void one_bad(const T& good, const std::function<void(T&)>& bad, const std::string& field,
             const validation_context& ctx = ctx_station()) {
  T x = good;
  bad(x);
  const auto errs = validate(x, ctx);
  INFO("expected only " << field);
  REQUIRE(errs.size() == 1);
  CHECK(has_field(errs, field));
}

}  // namespace

TEST_CASE("villager: rules at the station, and the hub refuses the person") {
  const auto good = good_villager();
  REQUIRE(validate(good, ctx_station()).empty());
  one_bad<villager>(
      good, [](villager& v) { v.id = "x"; }, "id");
  one_bad<villager>(
      good, [](villager& v) { v.village_code = "510824100200"; }, "village_code");
  one_bad<villager>(
      good, [](villager& v) { v.household_size = 0; }, "household_size");
  one_bad<villager>(
      good, [](villager& v) { v.household_size = 100; }, "household_size");
  one_bad<villager>(
      good, [](villager& v) { v.name = " "; }, "name");
  one_bad<villager>(
      good, [](villager& v) { v.name = std::string(33, 'x'); }, "name");
  one_bad<villager>(
      good, [](villager& v) { v.phone = "023-4678123"; }, "phone");
  one_bad<villager>(
      good, [](villager& v) { v.note = std::string(501, 'x'); }, "note");

  // At the hub: name, phone and note are refused, each named; the wire form passes.
  const auto errs = validate(good, ctx_hub());
  CHECK(errs.size() == 3);
  CHECK(has_field(errs, "name"));
  CHECK(has_field(errs, "phone"));
  CHECK(has_field(errs, "note"));
  auto wire = villager_from_json(to_json(good, /*wire=*/true));
  REQUIRE(wire);
  CHECK(validate(*wire, ctx_hub()).empty());
}

TEST_CASE("proxy_buy: fields, and each status has exactly its step times") {
  const auto good = good_order();
  REQUIRE(validate(good, ctx_station()).empty());
  using O = proxy_buy_order;
  one_bad<O>(
      good, [](O& o) { o.villager_id.clear(); }, "villager_id");
  one_bad<O>(
      good, [](O& o) { o.category = "日用品"; }, "category");  // codes only; aliases resolve earlier
  one_bad<O>(
      good, [](O& o) { o.platform = "amazon"; }, "platform");
  one_bad<O>(
      good, [](O& o) { o.item_count = 0; }, "item_count");
  one_bad<O>(
      good, [](O& o) { o.item_count = 10001; }, "item_count");
  one_bad<O>(
      good, [](O& o) { o.amount_fen = -1; }, "amount_fen");
  one_bad<O>(
      good, [](O& o) { o.pickup_id = "P1"; }, "pickup_id");
  one_bad<O>(
      good, [](O& o) { o.handed_over_at = *o.arrived_at - seconds{1}; }, "handed_over_at");
  one_bad<O>(
      good, [](O& o) { o.arrived_at = *o.ordered_at - seconds{1}; }, "arrived_at");
  one_bad<O>(
      good, [](O& o) { o.handed_over_at = k_now + hours{1}; }, "handed_over_at");
  one_bad<O>(
      good, [](O& o) { o.handed_over_at.reset(); }, "handed_over_at");

  SECTION("ordered: no step time") {
    O o = good;
    o.status = proxy_buy_status::ordered;
    o.arrived_at.reset();
    o.handed_over_at.reset();
    CHECK(validate(o, ctx_station()).empty());
    o.ordered_at.reset();
    CHECK(has_field(validate(o, ctx_station()), "ordered_at"));
  }
  SECTION("arrived: arrived_at, nothing later") {
    O o = good;
    o.status = proxy_buy_status::arrived;
    CHECK(has_field(validate(o, ctx_station()), "handed_over_at"));
    o.handed_over_at.reset();
    CHECK(validate(o, ctx_station()).empty());
    o.arrived_at.reset();
    CHECK(has_field(validate(o, ctx_station()), "arrived_at"));
  }
  SECTION("returned after arrival, or before; never before it arrived") {
    O o = good;
    o.status = proxy_buy_status::returned;
    o.handed_over_at.reset();
    o.returned_at = k_now;
    CHECK(validate(o, ctx_station()).empty());
    o.arrived_at.reset();
    CHECK(validate(o, ctx_station()).empty());
    o.arrived_at = k_now;
    o.returned_at = k_now - hours{1};
    CHECK(has_field(validate(o, ctx_station()), "returned_at"));
  }
  SECTION("cancelled: cancelled_at and no arrival") {
    O o = good;
    o.status = proxy_buy_status::cancelled;
    o.handed_over_at.reset();
    o.cancelled_at = k_now;
    const auto errs = validate(o, ctx_station());
    REQUIRE(errs.size() == 1);
    CHECK(has_field(errs, "arrived_at"));
    o.arrived_at.reset();
    CHECK(validate(o, ctx_station()).empty());
  }
  SECTION("the hub refuses the note and tolerates the station's clock") {
    CHECK(has_field(validate(good, ctx_hub()), "note"));
    O o = good;
    o.note.clear();
    o.handed_over_at = k_now + hours{30};  // a station clock ahead by less than 36 h
    CHECK(validate(o, ctx_hub()).empty());
  }
}

TEST_CASE("service: fields") {
  const auto good = good_service();
  REQUIRE(validate(good, ctx_station()).empty());
  using S = villager_service;
  one_bad<S>(
      good, [](S& s) { s.villager_id = "v"; }, "villager_id");
  one_bad<S>(
      good, [](S& s) { s.served_on.reset(); }, "served_on");
  one_bad<S>(
      good, [](S& s) { s.served_on = year{2026} / 11 / 21; }, "served_on");
  one_bad<S>(
      good, [](S& s) { s.source_id = "L1"; }, "source_id");
  CHECK(has_field(validate(good, ctx_hub()), "note"));

  const auto implied = implied_service(good_order(), uuid_v7());
  CHECK(implied.kind == service_kind::proxy_buy);
  CHECK(implied.served_on == shanghai_day(*good_order().ordered_at));
  CHECK(implied.source_id.size() == 36);
  CHECK(validate(implied, ctx_station()).empty());
}

TEST_CASE("villager services: JSON round trips and the wire forms") {
  const auto v = good_villager();
  auto v2 = villager_from_json(to_json(v, false));
  REQUIRE(v2);
  CHECK(v2->id == v.id);
  CHECK(v2->name == v.name);
  CHECK(v2->phone == v.phone);
  CHECK(v2->note == v.note);
  CHECK(v2->household_size == 4);
  const auto vw = boost::json::serialize(to_json(v, true));
  for (const auto& secret : {v.name, v.phone, v.note, std::string("name"), std::string("note")})
    CHECK(vw.find(secret) == std::string::npos);

  const auto o = good_order();
  auto o2 = proxy_buy_from_json(to_json(o, false));
  REQUIRE(o2);
  CHECK(to_json(*o2, false) == to_json(o, false));
  CHECK(o2->handed_over_at == o.handed_over_at);
  CHECK(o2->status == proxy_buy_status::handed_over);
  CHECK_FALSE(to_json(o, true).contains("note"));

  const auto s = good_service();
  auto s2 = service_from_json(to_json(s, false));
  REQUIRE(s2);
  CHECK(to_json(*s2, false) == to_json(s, false));
  CHECK_FALSE(to_json(s, true).contains("note"));

  SECTION("wrong types are named, unknown keys kept") {
    boost::json::object bad{
        {"id", 1}, {"household_size", "four"}, {"village_code", "500153102200"}, {"hobby", "唱歌"}};
    boost::json::object unknown;
    auto r = villager_from_json(bad, &unknown);
    REQUIRE_FALSE(r);
    CHECK(r.err().fields.size() == 2);
    CHECK(unknown.contains("hobby"));
    boost::json::object bad_kind{{"id", uuid_v4()}, {"kind", "massage"}};
    CHECK_FALSE(service_from_json(bad_kind));
  }
}

TEST_CASE("villager services: code tables, labels, id_number is personal anywhere") {
  CHECK(is_personal_data_key("id_number"));
  CHECK(canonical_proxy_buy_category("农资") == std::optional<std::string>("farm_input"));
  CHECK(canonical_proxy_buy_platform("拼多多") == std::optional<std::string>("pinduoduo"));
  CHECK(canonical_proxy_buy_platform("Amazon") == std::nullopt);
  CHECK(label_zh(proxy_buy_status::handed_over) == "已交付");
  CHECK(label_zh(service_kind::parcel) == "代收代发");
}
