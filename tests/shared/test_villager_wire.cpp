// The wire side of the villager services beyond shared/'s villager tests: the listing's
// seller kind (validation and JSON), X-Hub-Entities (what a station may send to which hub)
// and the new entity names of the op envelope.
#include <catch2/catch.hpp>

#include "cunzhan/shared/entity_json.hpp"
#include "cunzhan/shared/op.hpp"
#include "cunzhan/shared/uuid.hpp"
#include "cunzhan/shared/validate.hpp"
#include "validation_fixture.hpp"

using namespace cunzhan;
using namespace std::chrono;
using namespace cunzhan::testing;

TEST_CASE("listing: seller kind and name") {
  listing l;
  l.id = uuid_v4();
  l.product_name = "盘龙生姜";
  l.category = "vegetable";
  l.quantity = 10;
  l.unit = "kg";
  l.village_code = "500153102200";
  REQUIRE(validate(l, ctx_station()).empty());
  l.seller = seller_kind::cooperative;
  CHECK(has_field(validate(l, ctx_station()), "seller_name"));
  l.seller_name = "荣昌区盘龙生姜专业合作社";
  CHECK(validate(l, ctx_station()).empty());
  l.seller = seller_kind::household;
  CHECK(has_field(validate(l, ctx_station()), "seller_name"));
  l.seller_name.clear();
  l.villager_id = "abc";
  CHECK(has_field(validate(l, ctx_station()), "villager_id"));
}

TEST_CASE("listing: seller kind, name and villager round-trip, a household listing's wire form unchanged") {
  listing l;
  l.id = uuid_v4();
  l.seller = seller_kind::enterprise;
  l.seller_name = "重庆荣昌某食品有限公司";
  l.villager_id = uuid_v4();
  auto l2 = listing_from_json(to_json(l, true));
  REQUIRE(l2);
  CHECK(l2->seller == seller_kind::enterprise);
  CHECK(l2->seller_name == l.seller_name);
  CHECK(l2->villager_id == l.villager_id);
  // A household listing's wire form is the one an older station wrote: no new keys.
  l.seller = seller_kind::household;
  l.seller_name.clear();
  l.villager_id.clear();
  CHECK_FALSE(to_json(l, true).contains("seller_kind"));
}

TEST_CASE("X-Hub-Entities: what a station may send to a hub") {
  // A hub that says nothing is a v1 hub: the three v1 entities only.
  CHECK(hub_accepts(entity_type::listing, std::nullopt));
  CHECK(hub_accepts(entity_type::courier_point, std::nullopt));
  CHECK_FALSE(hub_accepts(entity_type::villager, std::nullopt));
  CHECK_FALSE(hub_accepts(entity_type::service, std::nullopt));
  const std::optional<std::string> announced = known_entity_names();
  CHECK(*announced == "listing,pickup,courier_point,villager,proxy_buy,service");
  for (auto e : {entity_type::villager, entity_type::proxy_buy, entity_type::service})
    CHECK(hub_accepts(e, announced));
  CHECK(hub_accepts(entity_type::proxy_buy, std::string("listing, proxy_buy ,pickup")));
  CHECK_FALSE(hub_accepts(entity_type::proxy_buy, std::string("listing,proxy_buy_v2")));
  CHECK_FALSE(hub_accepts(entity_type::service, std::string("")));
}

TEST_CASE("op: the new entity names round-trip") {
  for (auto e : {entity_type::villager, entity_type::proxy_buy, entity_type::service}) {
    auto back = parse_entity_type(to_string(e));
    REQUIRE(back);
    CHECK(*back == e);
  }
  CHECK(to_string(entity_type::proxy_buy) == "proxy_buy");
}
