// Hub ingest throughput: 50 concurrent TLS connections (one enrolled station each) push
// 500-op batches to a real `hub serve`; then the same rows go straight into a SQLite file
// with the same schema, for the ratio. Prints hub_ops_per_s, bare_insert_ops_per_s,
// ratio, p50_ms, p99_ms. Sizes: CUNZHAN_BENCH_CONNECTIONS, CUNZHAN_BENCH_BATCHES.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <mutex>
#include <thread>

#include <boost/json.hpp>

#include "../hub/hub_fixture.hpp"
#include "../hub/hub_process.hpp"
#include "cunzhan/hub/entity_store.hpp"
#include "cunzhan/hub/op_log.hpp"
#include "cunzhan/shared/entity_json.hpp"
#include "cunzhan/shared/json_util.hpp"
#include "cunzhan/shared/op.hpp"

using namespace cunzhan;
using namespace cunzhan::hub;
using namespace cunzhan::hub::testing;
using clock_type = std::chrono::steady_clock;

namespace {

int env_int(const char* name, int def) {
  const char* v = std::getenv(name);
  return v != nullptr && *v != '\0' ? std::max(1, std::atoi(v)) : def;
}

// Inserts the same rows the hub wrote, with the hub's schema, in 500-row transactions.
double bare_insert_rate(const std::vector<boost::json::array>& batches) {
  test::temp_dir dir("bare-bench");
  auto store = hub_store::open((dir.path() / "data").string(), true);
  REQUIRE(store);
  auto w = (*store)->writer();
  std::size_t n = 0;
  const auto t0 = clock_type::now();
  for (const auto& ops : batches) {
    sql::transaction t(w.db());
    REQUIRE(t.begun());
    entity_store es(w.db());
    op_log log(w.db());
    for (const auto& v : ops) {
      auto o = decode_op(v);
      REQUIRE(o);
      auto l = listing_from_json(o->data);
      REQUIRE(l);
      owner_fields f{"station", "510824", "510824100", 1, o->seq, canonical_json(o->data)};
      REQUIRE(es.upsert(*l, f));
      op_log_row r;
      r.op_id = o->op_id;
      r.station_id = "station";
      r.seq = o->seq;
      r.entity = "listing";
      r.entity_id = o->entity_id;
      r.content_hash = content_hash(*o);
      r.status = "applied";
      r.batch_id = "b";
      REQUIRE(log.insert(r));
      ++n;
    }
    REQUIRE(t.commit());
  }
  return static_cast<double>(n) / std::chrono::duration<double>(clock_type::now() - t0).count();
}

}  // namespace

TEST_CASE("hub ingest benchmark", "[bench]") {
  const int conns = env_int("CUNZHAN_BENCH_CONNECTIONS", 50);
  const int per_conn = env_int("CUNZHAN_BENCH_BATCHES", 6);
  constexpr int kOps = 500;
  hub_process h;
  std::vector<enrolment> stations;
  for (int i = 0; i < conns; ++i) {
    stations.push_back(h.enroll("510824100205", "站" + std::to_string(i), "s" + std::to_string(i) + ".json"));
  }
  // Bodies are built before the clock starts.
  std::vector<std::vector<boost::json::array>> ops(conns);
  for (int c = 0; c < conns; ++c) {
    std::int64_t seq = 0;
    for (int b = 0; b < per_conn; ++b) {
      boost::json::array a;
      for (int i = 0; i < kOps; ++i) a.push_back(listing_op(++seq, uuid_v4(), "510824100205"));
      ops[c].push_back(std::move(a));
    }
  }
  std::mutex mu;
  std::vector<double> latencies_ms;
  std::atomic<int> failures{0};
  const auto t0 = clock_type::now();
  std::vector<std::thread> threads;
  for (int c = 0; c < conns; ++c) {
    threads.emplace_back([&, c] {
      auto client = h.client();
      for (int b = 0; b < per_conn; ++b) {
        const auto body = boost::json::serialize(boost::json::object{{"batch_id", uuid_v7()}, {"ops", ops[c][b]}});
        const auto s = clock_type::now();
        auto res = client->request("POST", "/v1/sync/push", hub_process::auth(stations[c].token), body);
        const double ms = std::chrono::duration<double, std::milli>(clock_type::now() - s).count();
        if (!res || res->status != 200 || res->body.find("rejected") != std::string::npos) {
          failures.fetch_add(1);
          continue;
        }
        std::lock_guard lk(mu);
        latencies_ms.push_back(ms);
      }
    });
  }
  for (auto& t : threads) t.join();
  const double secs = std::chrono::duration<double>(clock_type::now() - t0).count();
  REQUIRE(failures.load() == 0);
  std::sort(latencies_ms.begin(), latencies_ms.end());
  const auto pct = [&](double p) { return latencies_ms[static_cast<std::size_t>(p * (latencies_ms.size() - 1))]; };
  const double hub_rate = static_cast<double>(conns) * per_conn * kOps / secs;

  std::vector<boost::json::array> all;
  for (auto& c : ops) {
    for (auto& b : c) all.push_back(std::move(b));
  }
  const double bare = bare_insert_rate(all);
  std::cout << "connections=" << conns << " batches=" << conns * per_conn << " ops_per_batch=" << kOps << "\n"
            << "hub_ops_per_s=" << static_cast<long>(hub_rate) << "\n"
            << "bare_insert_ops_per_s=" << static_cast<long>(bare) << "\n"
            << "ratio=" << hub_rate / bare << "\n"
            << "p50_ms=" << pct(0.50) << "\n"
            << "p99_ms=" << pct(0.99) << "\n";
}
