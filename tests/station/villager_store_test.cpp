// The villager services in the station store (issue 18): the register, 代买 orders and
// services each write row + op in one transaction; their ops wait until the hub announces
// the entity and then go out once with the current state; the op never carries a name,
// phone or note; an implied service is recorded once per record; order steps are enforced.
#include <catch2/catch.hpp>

#include "cunzhan/shared/uuid.hpp"
#include "store_peek.hpp"

using namespace cunzhan;
using namespace cunzhan::station_client;
using cunzhan::test::enrolled_store;
using cunzhan::test::scalar;

namespace {

constexpr const char* k_all_entities = "listing,pickup,courier_point,villager,proxy_buy,service";

villager sample_villager(const std::string& name = "张三") {
  villager v;
  v.name = name;
  v.phone = "13812345678";
  v.village_code = test::k_village;
  v.household_size = 4;
  v.note = "腿脚不便，送货上门";
  return v;
}

proxy_buy_order sample_order(const std::string& villager_id, sys_seconds at) {
  proxy_buy_order o;
  o.villager_id = villager_id;
  o.category = "farm_input";
  o.platform = "pinduoduo";
  o.item_count = 2;
  o.amount_fen = 8650;
  o.ordered_at = at;
  o.note = "复合肥两袋";
  return o;
}

std::int64_t ops_of(store& s, const std::string& entity) {
  return scalar(s, "SELECT count(*) FROM outbox WHERE entity = '" + entity + "'");
}

}  // namespace

TEST_CASE("villager ops wait for the hub's announcement, then go out once, without the person") {
  test::temp_dir d;
  auto s = enrolled_store(d);
  auto v = s->villagers().add(sample_villager());
  REQUIRE(v.ok());
  CHECK(is_uuid(v->id));
  CHECK(v->id[14] == '4');  // random (v4): nothing of the person or the time in it
  CHECK(scalar(*s, "SELECT count(*) FROM villager") == 1);
  CHECK(scalar(*s, "SELECT count(*) FROM outbox") == 0);  // a v1 hub would refuse it

  // A hub of the v1 set (no header) changes nothing; one that announces them queues them.
  auto none = s->note_hub_entities(std::nullopt);
  REQUIRE(none.ok());
  CHECK(*none == 0);
  auto queued = s->note_hub_entities(std::string(k_all_entities));
  REQUIRE(queued.ok());
  CHECK(*queued == 1);
  auto again = s->note_hub_entities(std::string(k_all_entities));
  REQUIRE(again.ok());
  CHECK(*again == 0);  // announced before: nothing queued twice

  auto v2 = s->villagers().add(sample_villager("李四"));
  REQUIRE(v2.ok());
  CHECK(ops_of(*s, "villager") == 2);  // from now on with the record
  auto batch = s->outbox().next_batch(10, 1 << 20);
  REQUIRE(batch.ok());
  REQUIRE(batch->size() == 2);
  for (const auto& op : *batch) {
    for (const char* secret :
         {"张三", "李四", "13812345678", "138****5678", "腿脚不便", "\"name\"", "\"phone\"", "\"note\""})
      CHECK(op.data_text.find(secret) == std::string::npos);
    CHECK(op.data_text.find(test::k_village) != std::string::npos);
    CHECK(op.data_text.find("\"household_size\":4") != std::string::npos);
  }
  // The register keeps everything.
  auto found = s->villagers().find("张三");
  REQUIRE(found.ok());
  CHECK(found->phone == "13812345678");
  CHECK(found->note == "腿脚不便，送货上门");
}

TEST_CASE("an order records its 代买 service once, and moves only along its steps") {
  test::temp_dir d;
  auto s = enrolled_store(d);
  REQUIRE(s->note_hub_entities(std::string(k_all_entities)).ok());
  auto v = s->villagers().add(sample_villager());
  REQUIRE(v.ok());
  const sys_seconds t0 = now_seconds() - std::chrono::hours(72);
  auto o = s->orders().add(sample_order(v->id, t0));
  REQUIRE(o.ok());
  CHECK(scalar(*s, "SELECT count(*) FROM service WHERE kind = 'proxy_buy' AND source_id = '" + o->id + "'") ==
        1);
  CHECK(ops_of(*s, "proxy_buy") == 1);
  CHECK(ops_of(*s, "service") == 1);

  // Handing over before arrival is refused and changes nothing.
  auto early = s->orders().hand_over(o->id, t0 + std::chrono::hours(1));
  REQUIRE_FALSE(early.ok());
  CHECK(early.err().code == errc::invalid_transition);
  CHECK(ops_of(*s, "proxy_buy") == 1);

  REQUIRE(s->orders().arrive(o->id, t0 + std::chrono::hours(24), "").ok());
  auto done = s->orders().hand_over(o->id, t0 + std::chrono::hours(30));
  REQUIRE(done.ok());
  CHECK(done->status == proxy_buy_status::handed_over);
  CHECK(*done->arrived_at == t0 + std::chrono::hours(24));
  CHECK(*done->handed_over_at == t0 + std::chrono::hours(30));
  CHECK(ops_of(*s, "proxy_buy") == 3);
  CHECK(scalar(*s, "SELECT count(*) FROM service") == 1);      // the steps add no service
  CHECK_FALSE(s->orders().cancel(o->id, now_seconds()).ok());  // handed over is final

  // The op carries no note.
  auto batch = s->outbox().next_batch(100, 1 << 20);
  REQUIRE(batch.ok());
  for (const auto& op : *batch) CHECK(op.data_text.find("复合肥") == std::string::npos);

  CHECK(order_transition_allowed(proxy_buy_status::arrived, proxy_buy_status::returned));
  CHECK_FALSE(order_transition_allowed(proxy_buy_status::arrived, proxy_buy_status::cancelled));
}

TEST_CASE("arrived and not handed over: oldest arrival first") {
  test::temp_dir d;
  auto s = enrolled_store(d);
  auto v = s->villagers().add(sample_villager());
  REQUIRE(v.ok());
  const sys_seconds t0 = now_seconds() - std::chrono::hours(100);
  std::vector<std::string> ids;
  for (int i = 0; i < 4; ++i) {
    auto o = s->orders().add(sample_order(v->id, t0));
    REQUIRE(o.ok());
    ids.push_back(o->id);
  }
  // Arrivals out of creation order; the last one is handed over, one stays ordered.
  REQUIRE(s->orders().arrive(ids[0], t0 + std::chrono::hours(30), "").ok());
  REQUIRE(s->orders().arrive(ids[1], t0 + std::chrono::hours(10), "").ok());
  REQUIRE(s->orders().arrive(ids[3], t0 + std::chrono::hours(5), "").ok());
  REQUIRE(s->orders().hand_over(ids[3], t0 + std::chrono::hours(6)).ok());
  order_filter f;
  f.waiting_handover = true;
  auto waiting = s->orders().list(f);
  REQUIRE(waiting.ok());
  REQUIRE(waiting->size() == 2);
  CHECK(waiting->at(0).id == ids[1]);
  CHECK(waiting->at(1).id == ids[0]);
  // Nothing was sent while the hub had not announced the entities: every op waits.
  CHECK(scalar(*s, "SELECT count(*) FROM outbox") == 0);
  auto queued = s->note_hub_entities(std::string(k_all_entities));
  REQUIRE(queued.ok());
  CHECK(*queued == 1 + 4 + 4);  // each record once, with its current state
}

TEST_CASE("a listing or a pickup for a villager records its service once, and edits add none") {
  test::temp_dir d;
  auto s = enrolled_store(d);
  auto v = s->villagers().add(sample_villager());
  REQUIRE(v.ok());
  listing l = test::sample_listing();
  l.villager_id = v->id;
  auto added = s->listings().add(l);
  REQUIRE(added.ok());
  REQUIRE(s->listings()
              .update(added->id,
                      [](listing& x) {
                        x.price_fen = 300;
                        return ok_status();
                      })
              .ok());
  CHECK(scalar(*s, "SELECT count(*) FROM service WHERE kind = 'proxy_sell'") == 1);
  pickup p;
  p.brand = "ZTO";
  p.direction = pickup_direction::inbound;
  p.villager_id = v->id;
  auto pk = s->pickups().add(p);
  REQUIRE(pk.ok());
  REQUIRE(s->pickups().collect(pk->id, now_seconds(), "ZT1").ok());
  CHECK(scalar(*s, "SELECT count(*) FROM service WHERE kind = 'parcel' AND source_id = '" + pk->id + "'") ==
        1);
  CHECK(scalar(*s, "SELECT count(*) FROM service") == 2);
  CHECK(ops_of(*s, "listing") == 2);  // listings go out as always
  CHECK(ops_of(*s, "service") == 0);  // services wait for the announcement
}

TEST_CASE("an unknown villager or a bad seller is refused, nothing written") {
  test::temp_dir d;
  auto s = enrolled_store(d);
  auto o = s->orders().add(sample_order(uuid_v4(), now_seconds()));
  REQUIRE_FALSE(o.ok());
  CHECK(o.err().describe(lang::zh).find("没有登记的村民") != std::string::npos);
  CHECK(o.err().describe(lang::en).find("no registered villager") != std::string::npos);
  auto bad = sample_villager();
  bad.household_size = 0;
  bad.village_code = "510824100200";  // another county
  auto r = s->villagers().add(bad);
  REQUIRE_FALSE(r.ok());
  CHECK(r.err().fields.size() >= 2);
  listing l = test::sample_listing();
  l.seller = seller_kind::cooperative;  // without its name
  auto coop = s->listings().add(l);
  REQUIRE_FALSE(coop.ok());
  CHECK(coop.err().fields.at(0).field == "seller_name");
  l.seller_name = "荣昌区清江镇粮油专业合作社";
  REQUIRE(s->listings().add(l).ok());
  CHECK(scalar(*s, "SELECT count(*) FROM listing WHERE seller_kind = 'cooperative'") == 1);
  CHECK(scalar(*s, "SELECT count(*) FROM villager") + scalar(*s, "SELECT count(*) FROM proxy_buy") == 0);
  CHECK(scalar(*s, "SELECT count(*) FROM outbox") == 1);
}
