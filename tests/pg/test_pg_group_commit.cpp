// Group commit on PostgreSQL (store/postgres/pg_sync_group.cpp): push jobs waiting in one
// process at the same moment share one transaction. The test holds the push turn (the
// advisory lock) from a connection of its own, so a first "gate" job waits at the lock
// while the jobs under test queue behind it; releasing the turn then lets them run as
// one group, which the backend's counters show. Each reply is compared with the reply
// the same batch gets alone on a second database.
#include <catch2/catch.hpp>

#include <chrono>
#include <thread>

#include "cunzhan/hub/ingest.hpp"
#include "hub_fixture.hpp"
#include "store/postgres/pg_storage.hpp"

using namespace cunzhan;
using namespace cunzhan::hub;
using namespace cunzhan::hub::testing;

namespace {

constexpr const char* k_lock_waiters =
    "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted "
    "AND database = (SELECT oid FROM pg_database WHERE datname = current_database())";

pg::pg_storage& pg_backend(fixture& f) { return dynamic_cast<pg::pg_storage&>(*f.backend); }

void must(const status& s) {
  if (!s) FAIL(s.err().describe(lang::en));
}

void pause() { std::this_thread::sleep_for(std::chrono::milliseconds(5)); }

// A database with stations s[0..n) of 510824 and the test's poison: a listing named "毒"
// breaks a CHECK constraint, so the job writing it fails inside its savepoint.
struct world {
  fixture f;
  std::vector<station_row> s;
  explicit world(int n) {
    for (int i = 0; i < n; ++i) {
      std::string token;
      s.push_back(new_station("S" + std::to_string(i), i % 2 ? village_b : village_a, "510824", token));
      must(f.backend->write_admin([&](admin_writer& w) { return w.insert_station(s.back()); }));
    }
    must(f.sql->exec("ALTER TABLE listing ADD CONSTRAINT test_no_poison CHECK (product_name <> '毒')"));
  }
};

// Runs `jobs` as one group: a gate job takes the queue's first group and waits at the push
// turn (held here); the jobs queue behind it and, once the turn is released, run together.
void run_as_one_group(fixture& f, const std::vector<std::function<void()>>& jobs) {
  auto& pg = pg_backend(f);
  must(f.sql->exec("BEGIN"));
  if (auto r = f.sql->run("SELECT pg_advisory_xact_lock(7433110561)"); !r) FAIL(r.err().describe(lang::en));
  std::thread gate([&] { must(f.backend->write_sync([](sync_writer&) { return ok_status(); })); });
  while (f.count(k_lock_waiters) < 1) pause();
  std::vector<std::thread> threads;
  for (const auto& j : jobs) threads.emplace_back(j);
  while (pg.sync_waiting() < jobs.size()) pause();
  must(f.sql->exec("COMMIT"));
  gate.join();
  for (auto& t : threads) t.join();
}

struct pushes {
  std::vector<boost::json::value> bodies;
  std::vector<int> station;  // index into world::s
};

result<ingest_outcome> push(world& w, const test_clock& clock, int station, const boost::json::value& body) {
  ingest_request r;
  r.body = body;
  return ingest(*w.f.backend, w.s[station], r, {}, clock);
}

}  // namespace

TEST_CASE("group commit: jobs waiting together share one transaction, each answered as alone", "[pg]") {
  test_clock clock;
  world solo(5), grouped(5);
  // Seeded alone in both: station 0 owns `owned`; station 3 pushed `resent` once.
  const std::string owned = uuid_v4();
  const auto resent = batch({listing_op(1, uuid_v4(), village_b), listing_op(2, uuid_v4(), village_b)});
  for (world* w : {&solo, &grouped}) {
    REQUIRE(push(*w, clock, 0, batch({listing_op(1, owned, village_a)})));
    REQUIRE(push(*w, clock, 3, resent));
  }
  auto poison = listing_op(3, uuid_v4(), village_a);
  poison["data"].as_object()["product_name"] = "毒";
  auto bad_data = listing_op(2, uuid_v4(), village_b);
  bad_data["data"].as_object()["quantity"] = -5;
  pushes p;
  // 0: new ops; 1: an op refused (another station's entity) and one invalid beside a good
  // one; 2: a job that fails (its first op must not stay); 3: a resend, all duplicate.
  p.bodies = {batch({listing_op(2, uuid_v4(), village_a), listing_op(3, uuid_v4(), village_a)}),
              batch({listing_op(1, owned, village_b), bad_data, listing_op(3, uuid_v4(), village_b)}),
              batch({listing_op(1, uuid_v4(), village_a), listing_op(2, uuid_v4(), village_a), poison}),
              resent};
  p.station = {0, 1, 2, 3};

  std::vector<result<ingest_outcome>> alone, together;
  for (std::size_t i = 0; i < p.bodies.size(); ++i)
    alone.push_back(push(solo, clock, p.station[i], p.bodies[i]));
  together.assign(p.bodies.size(), error(errc::server_error));
  std::vector<std::function<void()>> jobs;
  for (std::size_t i = 0; i < p.bodies.size(); ++i)
    jobs.emplace_back([&, i] { together[i] = push(grouped, clock, p.station[i], p.bodies[i]); });
  auto& pg = pg_backend(grouped.f);
  const auto groups_before = pg.sync_groups(), jobs_before = pg.sync_jobs();
  run_as_one_group(grouped.f, jobs);

  // The gate's group and ONE group for the four pushes (one job per transaction: five).
  CHECK(pg.sync_groups() - groups_before == 2);
  CHECK(pg.sync_jobs() - jobs_before == 5);
  for (std::size_t i = 0; i < p.bodies.size(); ++i) {
    INFO("push " << i);
    REQUIRE(static_cast<bool>(alone[i]) == static_cast<bool>(together[i]));
    if (alone[i]) {
      CHECK(together[i]->body == alone[i]->body);  // statuses, refusals, acked_through, time
    } else {
      CHECK(together[i].err().code == alone[i].err().code);
    }
  }
  CHECK(alone[0]->applied == 2);
  CHECK(alone[1]->applied == 1);
  CHECK(alone[1]->response.results[0].error_code == "entity_owned_by_other");
  CHECK(alone[1]->rejected == 2);
  CHECK(alone[2].err().code == errc::db_error);  // the constraint: the job failed alone
  CHECK(alone[3]->duplicate == 2);
  // The same rows on both databases: nothing of the failed job, nothing twice.
  for (const char* q : {"SELECT count(*) FROM op_log", "SELECT count(*) FROM listing",
                        "SELECT count(*) FROM sync_session", "SELECT sum(applied) FROM sync_session"}) {
    INFO(q);
    CHECK(grouped.f.count(q) == solo.f.count(q));
  }
  CHECK(grouped.f.count("SELECT count(*) FROM op_log WHERE station_id = '" + grouped.s[2].id + "'") == 0);
  CHECK(grouped.f.count("SELECT count(*) FROM op_log") == 1 + 2 + 2 + 3);
}

TEST_CASE("group commit: a COMMIT that fails fails every job of the group, nothing acknowledged", "[pg]") {
  test_clock clock;
  world w(3);
  // A deferred check refuses one op only at COMMIT, as a failing commit would.
  const std::string poison_op = uuid_v7();
  must(
      w.f.sql->exec("CREATE FUNCTION test_refuse_at_commit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                    "IF NEW.op_id = '" +
                    poison_op + "' THEN RAISE EXCEPTION 'refused at commit'; END IF; RETURN NULL; END $$"));
  must(w.f.sql->exec(
      "CREATE CONSTRAINT TRIGGER test_refuse_at_commit AFTER INSERT ON op_log DEFERRABLE INITIALLY "
      "DEFERRED FOR EACH ROW EXECUTE FUNCTION test_refuse_at_commit()"));
  const std::vector<boost::json::value> bodies = {
      batch({listing_op(1, uuid_v4(), village_a), listing_op(2, uuid_v4(), village_a)}),
      batch({listing_op(1, uuid_v4(), village_b, poison_op)}), batch({listing_op(1, uuid_v4(), village_a)})};
  std::vector<result<ingest_outcome>> outs(bodies.size(), error(errc::server_error));
  std::vector<std::function<void()>> jobs;
  for (std::size_t i = 0; i < bodies.size(); ++i)
    jobs.emplace_back([&, i] { outs[i] = push(w, clock, static_cast<int>(i), bodies[i]); });
  const auto groups_before = pg_backend(w.f).sync_groups();
  run_as_one_group(w.f, jobs);
  CHECK(pg_backend(w.f).sync_groups() - groups_before == 2);
  for (const auto& o : outs) {
    REQUIRE_FALSE(o);  // an error: the station keeps its ops and sends them again
    CHECK(o.err().code == errc::db_error);
    CHECK_THAT(o.err().detail_en, Catch::Contains("refused at commit"));
  }
  CHECK(w.f.count("SELECT count(*) FROM op_log") == 0);
  CHECK(w.f.count("SELECT count(*) FROM listing") == 0);
  CHECK(w.f.count("SELECT count(*) FROM sync_session") == 0);
  // Sent again without the poison in their group, the neighbours' ops are new: applied.
  for (int i : {0, 2}) {
    auto again = push(w, clock, i, bodies[i]);
    REQUIRE(again);
    CHECK(again->applied == static_cast<std::size_t>(again->response.results.size()));
  }
}
