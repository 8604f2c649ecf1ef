// The storage seam is real: the router, authentication and push ingest run over an
// in-memory fake `storage` with no database at all, and the SQLite backend keeps the
// write_sync contract (a failed job leaves nothing; op_id lookups see committed ops).
#include <catch2/catch.hpp>

#include "cunzhan/hub/router.hpp"
#include "cunzhan/hub/storage.hpp"
#include "cunzhan/shared/json_util.hpp"
#include "fake_storage.hpp"
#include "hub_fixture.hpp"

using namespace cunzhan;
using namespace cunzhan::hub;
using namespace cunzhan::hub::testing;

TEST_CASE("storage seam: the router authenticates and answers health over a fake storage", "[storage]") {
  fake_hub h;
  router rt(h.store, {}, nullptr);
  CHECK(rt.handle(make("GET", "/v1/health")).status == 200);
  h.store.readable = false;
  CHECK(rt.handle(make("GET", "/v1/health")).status == 503);

  CHECK(rt.handle(make("GET", "/metrics", h.staff_token)).status == 200);
  CHECK(rt.handle(make("GET", "/metrics", h.station_token)).status == 403);
  CHECK(rt.handle(make("GET", "/metrics", issue_token(token_kind::staff).token)).status == 401);
  h.store.staff.revoked_at = 5;
  CHECK(rt.handle(make("GET", "/metrics", h.staff_token)).status == 401);
}

TEST_CASE("storage seam: push ingest keeps op_id idempotency over a fake storage", "[storage]") {
  fake_hub h;
  router rt(h.store, {}, nullptr);
  const std::string entity = uuid_v7();
  const std::string body = boost::json::serialize(batch({listing_op(1, entity, village_a)}));

  auto first = rt.handle(make("POST", "/v1/sync/push", h.station_token, body));
  REQUIRE(first.status == 200);
  auto v = parse_json(first.body);
  REQUIRE(v);
  CHECK(v->at("results").at(0).at("status").as_string() == "applied");
  CHECK(h.store.data.owners.at(entity).station_id == h.store.station.id);

  auto again = rt.handle(make("POST", "/v1/sync/push", h.station_token, body));
  REQUIRE(again.status == 200);
  CHECK(parse_json(again.body)->at("results").at(0).at("status").as_string() == "duplicate");
  CHECK(h.store.data.ops.size() == 1);
  CHECK(h.store.data.sessions.size() == 2);  // one push session per request
}

TEST_CASE("storage seam: SQLite write_sync keeps a job all or nothing", "[storage]") {
  fixture f;
  const auto sessions = f.count("SELECT count(*) FROM sync_session");
  auto failed = f.backend->write_sync([&](sync_writer& w) -> status {
    sync_session_row s;
    s.station_id = f.a.id;
    if (auto id = w.insert_session(s); !id) return std::move(id).err();
    return error(errc::invalid_argument, "the job fails after writing");
  });
  CHECK_FALSE(failed);
  CHECK(f.count("SELECT count(*) FROM sync_session") == sessions);

  op_log_row op;
  op.op_id = uuid_v7();
  op.station_id = f.a.id;
  op.seq = 7;
  op.entity = "listing";
  op.entity_id = uuid_v7();
  op.content_hash = sha256("x");
  op.status = "rejected";
  REQUIRE(f.backend->write_sync([&](sync_writer& w) { return w.insert_op(op); }));
  std::optional<op_log_row> seen;
  std::int64_t acked = 0;
  REQUIRE(f.backend->write_sync([&](sync_writer& w) -> status {
    auto r = w.find_op(op.op_id);
    if (!r) return std::move(r).err();
    seen = *r;
    auto a = w.acked_through(f.a.id);
    if (!a) return std::move(a).err();
    acked = *a;
    return ok_status();
  }));
  REQUIRE(seen);
  CHECK(seen->seq == 7);
  CHECK(acked == 7);
  CHECK_FALSE(f.backend->write_sync([&](sync_writer& w) { return w.insert_op(op); }));  // op_id is unique
  CHECK(f.backend->check_readable());
}
