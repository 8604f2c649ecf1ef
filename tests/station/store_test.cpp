// Store unit tests: every change writes its row and its op atomically, seq strictly
// increases, transitions are enforced, the op never carries the farmer's name or phone,
// the outbox API, and schema migration v1 → v3.
#include <catch2/catch.hpp>

#include <set>

#include <boost/json.hpp>

#include "cunzhan/shared/enrolment.hpp"
#include "cunzhan/station/schema.hpp"
#include "cunzhan/station/store.hpp"
#include "station_fixture.hpp"
#include "store_peek.hpp"

using namespace cunzhan;
using namespace cunzhan::station_client;
using cunzhan::test::enrolled_store;
using cunzhan::test::peek;
using cunzhan::test::sample_listing;
using cunzhan::test::scalar;

namespace {}  // namespace

TEST_CASE("every change writes its entity row and one op, seq strictly increasing") {
  test::temp_dir d;
  auto s = enrolled_store(d);
  auto l = s->listings().add(sample_listing());
  REQUIRE(l.ok());
  REQUIRE(s->listings()
              .update(l->id,
                      [](listing& x) {
                        x.price_fen = 300;
                        return ok_status();
                      })
              .ok());
  REQUIRE(s->listings().sell(l->id, 500, 150000, now_seconds(), "拼多多").ok());
  pickup p;
  p.brand = "ZTO";
  auto pk = s->pickups().add(p);
  REQUIRE(pk.ok());
  REQUIRE(s->pickups().collect(pk->id, now_seconds(), "ZT1").ok());
  courier_point c;
  c.name = "村口驿站";
  c.brands = {"ZTO", "YTO"};
  c.village_code = test::k_village;
  c.days_per_week = 6;
  auto cp = s->points().add(c);
  REQUIRE(cp.ok());
  auto& db = *s;
  CHECK(scalar(db, "SELECT count(*) FROM outbox") == 6);
  CHECK(scalar(db, "SELECT count(DISTINCT op_id) FROM outbox") == 6);
  CHECK(scalar(db, "SELECT count(*) FROM listing WHERE id NOT IN (SELECT entity_id FROM outbox)") == 0);
  auto batch = s->outbox().next_batch(100, 1 << 20);
  REQUIRE(batch.ok());
  REQUIRE(batch->size() == 6);
  for (std::size_t i = 1; i < batch->size(); ++i)
    CHECK((*batch)[i].envelope.seq > (*batch)[i - 1].envelope.seq);
}

TEST_CASE("op data is the wire form: masked phone, no farmer name or phone") {
  test::temp_dir d;
  auto s = enrolled_store(d);
  REQUIRE(s->listings().add(sample_listing()).ok());
  auto batch = s->outbox().next_batch(10, 1 << 20);
  REQUIRE(batch.ok());
  REQUIRE(batch->size() == 1);
  const std::string& text = (*batch)[0].data_text;
  CHECK(text.find("138****5678") != std::string::npos);
  CHECK(text.find("13812345678") == std::string::npos);
  CHECK(text.find("张三") == std::string::npos);
  // The local record keeps both.
  auto all = s->listings().list({});
  REQUIRE(all.ok());
  CHECK(all->at(0).farmer_name == "张三");
  CHECK(all->at(0).farmer_phone == "13812345678");
}

TEST_CASE("listing transitions: selling a withdrawn listing is invalid_transition") {
  test::temp_dir d;
  auto s = enrolled_store(d);
  auto l = s->listings().add(sample_listing());
  REQUIRE(l.ok());
  REQUIRE(s->listings().withdraw(l->id).ok());
  auto sold = s->listings().sell(l->id, 1, 100, now_seconds(), "");
  REQUIRE_FALSE(sold.ok());
  CHECK(sold.err().code == errc::invalid_transition);
  CHECK(scalar(*s, "SELECT count(*) FROM outbox") == 2);  // nothing written by the failure
  CHECK(listing_transition_allowed(listing_status::draft, listing_status::listed));
  CHECK_FALSE(listing_transition_allowed(listing_status::sold, listing_status::listed));
  CHECK_FALSE(listing_transition_allowed(listing_status::draft, listing_status::sold));
}

TEST_CASE("invalid listing is refused with field errors and writes nothing") {
  test::temp_dir d;
  auto s = enrolled_store(d);
  auto l = sample_listing();
  l.product_name = "";
  l.village_code = "510824100200";  // another county
  auto r = s->listings().add(l);
  REQUIRE_FALSE(r.ok());
  CHECK(r.err().code == errc::validation_failed);
  CHECK(r.err().fields.size() >= 2);
  CHECK(scalar(*s, "SELECT count(*) FROM listing") == 0);
  CHECK(scalar(*s, "SELECT count(*) FROM outbox") == 0);
}

TEST_CASE("outbox: in flight first, results applied, rejected kept and superseded") {
  test::temp_dir d;
  auto s = enrolled_store(d);
  auto a = s->listings().add(sample_listing());
  auto b = s->listings().add(sample_listing());
  auto c = s->listings().add(sample_listing());
  REQUIRE((a.ok() && b.ok() && c.ok()));
  auto first = s->outbox().next_batch(2, 1 << 20);
  REQUIRE(first.ok());
  REQUIRE(first->size() == 2);
  REQUIRE(s->outbox().mark_in_flight({(*first)[1].envelope.seq}).ok());
  auto again = s->outbox().next_batch(10, 1 << 20);
  REQUIRE(again->size() == 3);
  CHECK((*again)[0].envelope.seq == (*first)[1].envelope.seq);  // interrupted run's op first
  CHECK(s->outbox().next_batch(10, 1)->size() == 1);            // at least one op always
  push_response resp;
  resp.results.push_back({(*again)[0].envelope.op_id, op_status::applied, "", "", ""});
  resp.results.push_back({(*again)[1].envelope.op_id, op_status::duplicate, "", "", ""});
  resp.results.push_back(
      {(*again)[2].envelope.op_id, op_status::rejected, "unknown_division", "Unknown", "未知"});
  REQUIRE(s->outbox().apply_results(resp).ok());
  auto n = s->outbox().counts();
  REQUIRE(n.ok());
  CHECK(n->acked == 2);
  CHECK(n->rejected == 1);
  CHECK(n->rejected_unresolved == 1);
  auto rej = s->outbox().rejected_ops();
  REQUIRE(rej->size() == 1);
  CHECK(rej->at(0).error_message_zh == "未知");
  REQUIRE(s->listings()
              .update((*again)[2].envelope.entity_id,
                      [](listing& x) {
                        x.note = "fixed";
                        return ok_status();
                      })
              .ok());
  CHECK(s->outbox().counts()->rejected_unresolved == 0);
  CHECK(s->outbox().rejected_ops()->at(0).superseded_by.has_value());
  REQUIRE(s->meta()
              .record_sync(now_seconds(), true, "ok", "成功", now_seconds() + std::chrono::seconds(600))
              .ok());
  CHECK(s->meta().last_sync()->hub_clock_offset_s == 600);
}

TEST_CASE("re-init of an enrolled store needs force") {
  test::temp_dir d;
  auto s = enrolled_store(d);
  auto e = parse_enrolment(test::enrolment_json());
  auto again = s->meta().init(*e, false);
  REQUIRE_FALSE(again.ok());
  CHECK(again.err().code == errc::already_initialised);
  CHECK(s->meta().init(*e, true).ok());
}

TEST_CASE("a v1 database upgrades to v3 keeping its data") {
  test::temp_dir d;
  std::filesystem::create_directories(d.path() / "data");
  const std::string file = (d.path() / "data" / db_file_name).string();
  {
    auto db = sql::database::open(file);
    REQUIRE(db.ok());
    auto steps = migrations();
    REQUIRE(steps.size() == 3);
    REQUIRE(sql::migrate(**db, steps.data(), 1).ok());
    REQUIRE(
        (*db)->exec("INSERT INTO meta (key, value) VALUES ('enrolment.village_code', '500153001200')").ok());
    REQUIRE((*db)
                ->exec("INSERT INTO outbox (op_id, entity, entity_id, kind, at, data, state, updated_at) "
                       "VALUES ('op-1', 'listing', 'l-1', 'upsert', 1, '{}', 'rejected', 1)")
                .ok());
    REQUIRE((*db)
                ->exec("INSERT INTO listing (id, product_name, category, village_code, status, created_at, "
                       "updated_at, doc) VALUES ('l-1', 'x', 'grain', '500153001200', 'listed', 1, 1, '{}')")
                .ok());
    CHECK(*(*db)->schema_version() == 1);
  }
  auto s = store::open(d.path() / "data");
  REQUIRE(s.ok());
  CHECK(*peek(**s)->schema_version() == 3);
  // v3: a listing of an older version is a household's; the villager tables are there, empty.
  CHECK(scalar(**s, "SELECT count(*) FROM listing WHERE seller_kind = 'household' AND seller_name = ''") ==
        1);
  CHECK(scalar(**s, "SELECT count(*) FROM villager") + scalar(**s, "SELECT count(*) FROM proxy_buy") +
            scalar(**s, "SELECT count(*) FROM service") ==
        0);
  CHECK(scalar(**s, "SELECT count(*) FROM outbox WHERE op_id = 'op-1' AND superseded_by IS NULL") == 1);
  CHECK(scalar(**s, "SELECT count(*) FROM meta") == 1);
  CHECK((*s)->outbox().counts()->rejected_unresolved == 1);
}
