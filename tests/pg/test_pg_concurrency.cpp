// Exactly once across hub processes on one database: each pg backend below stands for a
// process of its own (its own pool and connections). The same op pushed through several
// at the same moment is applied once and answered duplicate elsewhere; many stations
// pushing at once all land, with acked_through right whichever process answered.
#include <catch2/catch.hpp>

#include <thread>

#include "cunzhan/hub/ingest.hpp"
#include "hub_fixture.hpp"

using namespace cunzhan;
using namespace cunzhan::hub;
using namespace cunzhan::hub::testing;

namespace {

std::vector<std::unique_ptr<storage>> processes(const pg_fixture& f, int n) {
  std::vector<std::unique_ptr<storage>> out;
  for (int i = 0; i < n; ++i) {
    auto s = open_postgres_storage({f.db.url(), 4});
    if (!s) FAIL(s.err().describe(lang::en));
    out.push_back(std::move(*s));
  }
  return out;
}

}  // namespace

TEST_CASE("concurrency: one op sent to three processes at once is applied once", "[pg]") {
  fixture f;
  auto procs = processes(f, 3);
  constexpr int k_senders = 9;
  for (int round = 0; round < 5; ++round) {
    const auto body = batch({listing_op(round * 3 + 1, uuid_v4(), village_a),
                             listing_op(round * 3 + 2, uuid_v4(), village_a),
                             listing_op(round * 3 + 3, uuid_v4(), village_b)});
    std::vector<result<ingest_outcome>> outs(k_senders, error(errc::server_error));
    std::vector<std::thread> threads;
    for (int i = 0; i < k_senders; ++i) {
      threads.emplace_back([&, i] {
        ingest_request r;
        r.body = body;
        outs[i] = ingest(*procs[i % 3], f.a, r, {});
      });
    }
    for (auto& t : threads) t.join();
    std::vector<int> applied(3, 0);
    for (const auto& o : outs) {
      if (!o) FAIL(o.err().describe(lang::en));  // never an error: a conflict is retried inside the backend
      CHECK(o->response.acked_through == round * 3 + 3);
      for (std::size_t k = 0; k < 3; ++k) {
        const auto st = o->response.results[k].status;
        CHECK((st == op_status::applied || st == op_status::duplicate));
        if (st == op_status::applied) ++applied[k];
      }
    }
    CHECK(applied == std::vector<int>{1, 1, 1});
  }
  CHECK(f.count("SELECT count(*) FROM op_log") == 15);
  CHECK(f.count("SELECT count(*) FROM listing") == 15);
  CHECK(f.count("SELECT count(*) FROM sync_session") == 5 * k_senders);
  CHECK(f.count("SELECT sum(applied) FROM sync_session") == 15);
}

TEST_CASE("concurrency: stations pushing to random processes all land once", "[pg]") {
  fixture f;
  auto procs = processes(f, 3);
  const station_row* stations[] = {&f.a, &f.b};
  const char* villages[] = {village_a, village_b};
  constexpr int k_batches = 20;
  std::vector<std::thread> threads;
  std::vector<int> failures(2, 0);
  for (int s = 0; s < 2; ++s) {
    threads.emplace_back([&, s] {
      std::minstd_rand pick(s + 1);
      for (int i = 0; i < k_batches; ++i) {
        ingest_request r;
        r.body = batch(
            {listing_op(2 * i + 1, uuid_v4(), villages[s]), listing_op(2 * i + 2, uuid_v4(), villages[s])});
        auto out = ingest(*procs[pick() % 3], *stations[s], r, {});
        if (!out || out->applied != 2 || out->response.acked_through != 2 * i + 2) ++failures[s];
      }
    });
  }
  for (auto& t : threads) t.join();
  CHECK(failures == std::vector<int>{0, 0});
  CHECK(f.count("SELECT count(*) FROM op_log") == 4 * k_batches);
  CHECK(f.count("SELECT count(DISTINCT op_id) FROM op_log") == 4 * k_batches);
  CHECK(f.count("SELECT max(seq) FROM op_log WHERE station_id = '" + f.b.id + "'") == 2 * k_batches);
}
