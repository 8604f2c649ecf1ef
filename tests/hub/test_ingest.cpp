// Ingest without the network: idempotency, conflicts, ownership, validation and the
// hub-owned fields, against a real SQLite store.
#include <catch2/catch.hpp>

#include "cunzhan/hub/ingest.hpp"
#include "ingest_fixture.hpp"
#include "store/op_log.hpp"

using namespace cunzhan;
using namespace cunzhan::hub;
using namespace cunzhan::hub::testing;

TEST_CASE("a new op is applied with hub-owned fields from the station", "[ingest]") {
  fixture f;
  const auto id = uuid_v4();
  auto op = listing_op(1, id, village_b);
  // A client cannot choose the owner: extra fields in data are not trusted.
  auto out = push(f, f.a, batch({op}));
  REQUIRE(out.response.results.size() == 1);
  CHECK(out.response.results[0].status == op_status::applied);
  CHECK(out.response.acked_through == 1);
  CHECK(f.count("SELECT count(*) FROM listing WHERE id = '" + id + "' AND station_id = '" + f.a.id +
                "' AND county_code = '510824' AND township_code = '510824100' AND last_seq = 1") == 1);
  CHECK(f.count("SELECT count(*) FROM op_log WHERE status = 'applied'") == 1);
  CHECK(f.count("SELECT count(*) FROM sync_session WHERE station_id = '" + f.a.id + "' AND applied = 1") ==
        1);
}

TEST_CASE("the same op again is a duplicate and changes nothing", "[ingest]") {
  fixture f;
  auto body = batch({listing_op(1, uuid_v4(), village_a), listing_op(2, uuid_v4(), village_a)});
  push(f, f.a, body);
  const auto before = f.count("SELECT total(received_at) + count(*) FROM listing");
  auto again = push(f, f.a, body);
  for (const auto& r : again.response.results) CHECK(r.status == op_status::duplicate);
  CHECK(again.duplicate == 2);
  CHECK(f.count("SELECT total(received_at) + count(*) FROM listing") == before);
  CHECK(f.count("SELECT count(*) FROM op_log") == 2);
}

TEST_CASE("the same op_id with different content is rejected as op_conflict", "[ingest]") {
  fixture f;
  const auto op_id = uuid_v7();
  const auto id = uuid_v4();
  push(f, f.a, batch({listing_op(1, id, village_a, op_id)}));
  auto changed = make_op(op_id, 1, "listing", id, listing_data(id, village_a, "别的名字"));
  auto out = push(f, f.a, batch({changed}));
  REQUIRE(out.response.results.size() == 1);
  CHECK(out.response.results[0].status == op_status::rejected);
  CHECK(out.response.results[0].error_code == "op_conflict");
  CHECK(f.count("SELECT count(*) FROM listing WHERE product_name = '别的名字'") == 0);
}

TEST_CASE("a bad op among good ones is rejected alone, logged, and answers the same on resend", "[ingest]") {
  fixture f;
  auto bad = listing_op(2, uuid_v4(), village_a);
  bad["data"].as_object()["quantity"] = -5;
  bad["data"].as_object()["product_name"] = "";
  auto undecodable = boost::json::object{{"op_id", uuid_v7()}, {"seq", 4}, {"entity", "spaceship"}};
  auto body =
      batch({listing_op(1, uuid_v4(), village_a), bad, listing_op(3, uuid_v4(), village_a), undecodable});
  auto out = push(f, f.a, body);
  REQUIRE(out.response.results.size() == 4);
  CHECK(out.response.results[0].status == op_status::applied);
  CHECK(out.response.results[1].status == op_status::rejected);
  CHECK(out.response.results[1].error_code == "validation_failed");
  CHECK_FALSE(out.response.results[1].error_message_zh.empty());
  CHECK(out.response.results[2].status == op_status::applied);
  CHECK(out.response.results[3].status == op_status::rejected);
  CHECK(f.count("SELECT count(*) FROM listing") == 2);
  CHECK(f.count("SELECT count(*) FROM op_log WHERE status = 'rejected'") == 2);
  CHECK(out.response.acked_through == 4);

  auto again = push(f, f.a, body);
  CHECK(again.response.results[1].status == op_status::rejected);
  CHECK(again.response.results[1].error_code == out.response.results[1].error_code);
  CHECK(again.response.results[1].error_message_zh == out.response.results[1].error_message_zh);
  CHECK(again.response.results[0].status == op_status::duplicate);
}

TEST_CASE("another station's entity is rejected and nothing is written", "[ingest]") {
  fixture f;
  const auto id = uuid_v4();
  push(f, f.a, batch({listing_op(1, id, village_a)}));
  auto hijack = make_op(uuid_v7(), 1, "listing", id, listing_data(id, village_b, "抢注"));
  auto out = push(f, f.b, batch({hijack}));
  CHECK(out.response.results[0].status == op_status::rejected);
  CHECK(out.response.results[0].error_code == "entity_owned_by_other");
  CHECK(f.count("SELECT count(*) FROM listing WHERE station_id = '" + f.a.id +
                "' AND product_name = '红心猕猴桃'") == 1);
  CHECK(f.count("SELECT count(*) FROM listing WHERE product_name = '抢注'") == 0);
}

TEST_CASE("a village outside the station's county is rejected", "[ingest]") {
  fixture f;
  auto out = push(f, f.a, batch({listing_op(1, uuid_v4(), village_other_county)}));
  CHECK(out.response.results[0].status == op_status::rejected);
  CHECK(f.count("SELECT count(*) FROM listing") == 0);
}

TEST_CASE("an older op does not roll an entity back", "[ingest]") {
  fixture f;
  const auto id = uuid_v4();
  push(f, f.a, batch({make_op(uuid_v7(), 5, "listing", id, listing_data(id, village_a, "新"))}));
  auto out = push(f, f.a, batch({make_op(uuid_v7(), 3, "listing", id, listing_data(id, village_a, "旧"))}));
  CHECK(out.response.results[0].status == op_status::applied);
  CHECK(f.count("SELECT count(*) FROM listing WHERE product_name = '新' AND last_seq = 5") == 1);
  CHECK(out.response.acked_through == 5);
}

TEST_CASE("courier points and pickups land with their children and the station's village", "[ingest]") {
  fixture f;
  const auto pid = uuid_v4();
  boost::json::object point{{"id", pid},
                            {"name", "甲村驿站"},
                            {"brands", {"ZTO", "YD"}},
                            {"kind", "village_fixed"},
                            {"village_code", village_a},
                            {"served_villages", {village_b}},
                            {"days_per_week", 5},
                            {"opened_on", "2026-01-05"}};
  const auto kid = uuid_v4();
  boost::json::object pk{{"id", kid},
                         {"brand", "ZTO"},
                         {"direction", "outbound"},
                         {"parcels", 3},
                         {"status", "picked_up"},
                         {"requested_at", "2026-11-20T09:00:00+08:00"},
                         {"picked_up_at", "2026-11-20T15:00:00+08:00"}};
  auto out = push(
      f, f.a,
      batch({make_op(uuid_v7(), 1, "courier_point", pid, point), make_op(uuid_v7(), 2, "pickup", kid, pk)}));
  for (const auto& r : out.response.results) {
    INFO(r.error_message);
    CHECK(r.status == op_status::applied);
  }
  CHECK(f.count("SELECT count(*) FROM courier_point_brand WHERE point_id = '" + pid + "'") == 2);
  CHECK(f.count("SELECT count(*) FROM courier_point_village WHERE point_id = '" + pid + "'") == 1);
  CHECK(f.count("SELECT count(*) FROM pickup WHERE village_code = '" + std::string(village_a) +
                "' AND parcels = 3") == 1);
}

TEST_CASE("too many ops is batch_too_large and writes nothing", "[ingest]") {
  fixture f;
  boost::json::array ops;
  for (int i = 1; i <= 5; ++i) ops.push_back(listing_op(i, uuid_v4(), village_a));
  ingest_request r;
  r.body = batch(ops);
  ingest_options o;
  o.max_ops_per_batch = 4;
  auto out = ingest(*f.backend, f.a, r, o);
  REQUIRE_FALSE(out);
  CHECK(out.err().code == errc::batch_too_large);
  CHECK(f.count("SELECT count(*) FROM op_log") == 0);
}

TEST_CASE("the clock offset comes from X-Station-Time when given", "[ingest]") {
  fixture f;
  ingest_request r;
  r.body = batch({listing_op(1, uuid_v4(), village_a)});
  r.station_time = now_seconds() - std::chrono::seconds(600);
  REQUIRE(ingest(*f.backend, f.a, r, {}));
  CHECK(f.count("SELECT count(*) FROM sync_session WHERE client_offset_s BETWEEN 590 AND 700") == 1);
}

TEST_CASE("control characters in text are refused at the hub and nothing is stored", "[ingest]") {
  fixture f;
  const auto id = uuid_v4();
  auto op = listing_op(1, id, village_a);
  op["data"].as_object()["product_name"] = std::string("ab\0cd", 5);
  auto out = push(f, f.a, batch({op}));
  REQUIRE(out.response.results.size() == 1);
  CHECK(out.response.results[0].status == op_status::rejected);
  CHECK(out.response.results[0].error_code == "validation_failed");
  CHECK(out.response.results[0].error_message.find("control character (U+0000)") != std::string::npos);
  CHECK(out.response.results[0].error_message_zh.find("控制字符（U+0000）") != std::string::npos);
  CHECK(f.count("SELECT count(*) FROM listing") == 0);
}
