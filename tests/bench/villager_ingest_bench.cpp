// What keeping the people-served summary costs a push (hub-server/src/store/served_summary.hpp):
// 500-op batches of villagers and services beside 500-op batches of listings, interleaved in
// one SQLite store, through ingest() (the writer's work, durable commits; no TLS or network,
// which hub_ingest_bench measures). Each service names a villager the job then refreshes.
// Size: CUNZHAN_BENCH_BATCHES batches of each kind (default 24).
#include <catch2/catch.hpp>

#include <chrono>
#include <cstdlib>
#include <iostream>
#include <random>

#include "../hub/ingest_fixture.hpp"

using namespace cunzhan;
using namespace cunzhan::hub;
using namespace cunzhan::hub::testing;

namespace {

constexpr int k_ops = 500;

int batches_wanted() {
  const char* v = std::getenv("CUNZHAN_BENCH_BATCHES");
  return v != nullptr && *v != '\0' ? std::max(1, std::atoi(v)) : 24;
}

// A station's evening of villager records: 100 new villagers of its village, and 400
// services on days of 2025 and 2026 to villagers old and new.
boost::json::array services_batch(std::int64_t& seq, std::vector<std::string>& villagers, std::mt19937& rng) {
  boost::json::array ops;
  for (int i = 0; i < k_ops / 5; ++i) {
    villagers.push_back(uuid_v4());
    boost::json::object d{{"id", villagers.back()}, {"village_code", village_a}, {"household_size", 3}};
    ops.push_back(make_op(uuid_v7(), ++seq, "villager", villagers.back(), d));
  }
  std::uniform_int_distribution<std::size_t> who(0, villagers.size() - 1);
  std::uniform_int_distribution<int> month(1, 22), day(1, 28);
  for (int i = k_ops / 5; i < k_ops; ++i) {
    const int m = month(rng);
    char served[16];
    std::snprintf(served, sizeof served, "%04d-%02d-%02d", m > 12 ? 2026 : 2025, (m - 1) % 12 + 1, day(rng));
    const std::string id = uuid_v4();
    boost::json::object d{
        {"id", id}, {"villager_id", villagers[who(rng)]}, {"served_on", served}, {"kind", "information"}};
    ops.push_back(make_op(uuid_v7(), ++seq, "service", id, d));
  }
  return ops;
}

}  // namespace

TEST_CASE("hub ingest: villager services with the people-served summary beside listings",
          "[bench][villager]") {
  fixture f;
  const int n = batches_wanted();
  std::mt19937 rng(7);
  std::vector<boost::json::value> listings, services;
  std::vector<std::string> villagers;
  std::int64_t seq_a = 0, seq_b = 0;
  for (int b = 0; b < n; ++b) {
    boost::json::array ops;
    for (int i = 0; i < k_ops; ++i) ops.push_back(listing_op(++seq_a, uuid_v4(), village_a));
    listings.push_back(batch(std::move(ops)));
    services.push_back(batch(services_batch(seq_b, villagers, rng)));
  }
  using clock_type = std::chrono::steady_clock;
  clock_type::duration listing_time{}, service_time{};
  for (int b = 0; b < n; ++b) {  // interleaved, so both kinds see the same machine
    auto t0 = clock_type::now();
    auto l = push(f, f.a, listings[static_cast<std::size_t>(b)]);
    auto t1 = clock_type::now();
    auto s = push(f, f.b, services[static_cast<std::size_t>(b)]);
    auto t2 = clock_type::now();
    REQUIRE(l.applied == k_ops);
    REQUIRE(s.applied == k_ops);
    listing_time += t1 - t0;
    service_time += t2 - t1;
  }
  const auto rate = [&](clock_type::duration d) {
    return static_cast<long>(n * k_ops / std::chrono::duration<double>(d).count());
  };
  std::cout
      << "villager_ingest: batches=" << n << " x " << k_ops << " ops each kind\n"
      << "listing_ops_per_s=" << rate(listing_time) << "  villager_service_ops_per_s=" << rate(service_time)
      << "  ratio="
      << std::chrono::duration<double>(listing_time) / std::chrono::duration<double>(service_time)
      << " (services: 100 villagers + 400 services a batch, each refreshed in the people-served summary)\n"
      << "summary_rows=" << f.count("SELECT count(*) FROM served_window")
      << " villagers_counted=" << f.count("SELECT count(*) FROM served_state") << "\n";
}
