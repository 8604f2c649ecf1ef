// Crashes: kill -9 of the station in the middle of a sync, and kill -9 of the hub while
// it applies a batch (restarted on the same port and data), at random moments over 20 +
// 20 rounds. The sync runs through the fault proxy with added latency, so it lasts long
// enough for the moments to land mid-transfer and mid-apply; each round records whether
// it really interrupted something (ops left in flight at the station, or held by the hub
// without the station's ack). Afterwards one clean sync must leave every op at the hub
// exactly once, nothing the officer saved lost, and both databases intact.
#include <catch2/catch.hpp>

#include <random>
#include <thread>

#include "fixture.hpp"

using namespace cunzhan::test;
using namespace cunzhan::test::integration;

namespace {

constexpr int k_station_kills = 20;
constexpr int k_hub_kills = 20;
constexpr int k_ops_per_round = 40;

// Waits (bounded) for a background station run to end; kills it if it hangs.
int finish(process& p) {
  for (int i = 0; i < 1200 && p.running(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  if (p.running()) p.kill_now(9);
  return p.wait();
}

// Something was cut short: the station has ops in flight (sent, answer not recorded), or
// the hub holds ops of the station that the station has not recorded as acknowledged.
bool interrupted(const hub_fixture& hub, const station_fixture& st) {
  const auto in_flight = query_int(st.db(), "SELECT count(*) FROM outbox WHERE state = 'in_flight'");
  const auto acked = query_int(st.db(), "SELECT count(*) FROM outbox WHERE state IN ('acked', 'rejected')");
  const auto held = query_int(hub.db(), "SELECT count(*) FROM op_log WHERE station_id = '" + st.id() + "'");
  return in_flight > 0 || held > acked;
}

}  // namespace

TEST_CASE("kill -9 of station or hub during sync loses and duplicates nothing",
          "[integration][sync][faults]") {
  hub_fixture hub;
  station_fixture st(hub, k_village_a, "大成村服务站");
  // 40 ms each way: a batch's round trip is ~80 ms, so a round's sync spans a few
  // hundred milliseconds of transfers and applies for the kill moments to fall in.
  proxy_fixture link(hub.port(), {"--latency-ms", "40"});
  const std::vector<std::string> k_small_batches = {"--batch", "4",         "--no-pull",   "--deadline",
                                                    "60",      "--connect", link.connect()};
  std::mt19937 rng(std::random_device{}());
  int rounds = 0, imported = 0;

  // One clean round of the same shape gives the span the random moments are drawn from.
  st.import_listings(k_ops_per_round, "measure");
  imported += k_ops_per_round;
  const auto t0 = std::chrono::steady_clock::now();
  auto first = st.sync(k_small_batches);
  const auto span_ms = std::max<long>(
      50,
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count());
  INFO(first.run.out << first.run.err);
  REQUIRE(first.run.exit_code == 0);
  std::uniform_int_distribution<long> moment(0, span_ms);

  int station_killed_mid_run = 0, station_interrupted = 0;
  for (int i = 0; i < k_station_kills; ++i, ++rounds) {
    st.import_listings(k_ops_per_round, "s" + std::to_string(i));
    imported += k_ops_per_round;
    process sync(st.sync_argv(k_small_batches), {}, (st.dir() / "background-sync.log").string());
    std::this_thread::sleep_for(std::chrono::milliseconds(moment(rng)));
    if (sync.running()) ++station_killed_mid_run;
    sync.kill_now(9);
    sync.wait();
    station_interrupted += interrupted(hub, st);
  }

  int hub_killed_mid_run = 0, hub_interrupted = 0, runs_temporary = 0;
  for (int i = 0; i < k_hub_kills; ++i, ++rounds) {
    st.import_listings(k_ops_per_round, "h" + std::to_string(i));
    imported += k_ops_per_round;
    process sync(st.sync_argv(k_small_batches), {}, (st.dir() / "background-sync.log").string());
    std::this_thread::sleep_for(std::chrono::milliseconds(moment(rng)));
    if (sync.running()) ++hub_killed_mid_run;
    hub.kill9();
    hub_interrupted += interrupted(hub, st);
    // Every other round the station also dies while the hub is down.
    if (i % 2 == 1) {
      sync.kill_now(9);
      sync.wait();
    }
    hub.start();
    const int code = i % 2 == 1 ? 0 : finish(sync);
    // The surviving run either finished after the restart or gave up for now.
    CHECK((code == 0 || code == 75));
    runs_temporary += code == 75;
    REQUIRE(integrity(hub.db()) == "ok");
  }
  WARN("sync_kill: rounds=" << rounds << " station kills mid-run=" << station_killed_mid_run
                            << " (interrupting " << station_interrupted
                            << ") hub kills mid-run=" << hub_killed_mid_run << " (interrupting "
                            << hub_interrupted << ") temporary=" << runs_temporary << " span_ms=" << span_ms);
  CHECK(rounds >= 40);
  CHECK(station_killed_mid_run + hub_killed_mid_run >= rounds / 2);
  // The kills landed inside transfers and applies, not only before or after them.
  CHECK(station_interrupted >= 1);
  CHECK(hub_interrupted >= 1);
  CHECK(station_interrupted + hub_interrupted >= rounds / 4);

  // Nothing the officer saved was lost by the crashes.
  CHECK(query_int(st.db(), "SELECT count(*) FROM listing") == imported);
  CHECK(query_int(st.db(), "SELECT count(*) FROM outbox") == imported);

  link.stop();
  auto last = st.sync();
  INFO(last.run.out << last.run.err);
  REQUIRE(last.run.exit_code == 0);
  CHECK(query_int(st.db(), "SELECT count(*) FROM outbox WHERE state <> 'acked'") == 0);
  CHECK(require_exactly_once(hub, st) == static_cast<std::size_t>(imported));
  CHECK(query_int(hub.db(), "SELECT count(*) FROM listing WHERE station_id = '" + st.id() + "'") == imported);
  // A further run finds nothing to send.
  CHECK(st.sync().num("ops_sent") == 0);
  require_integrity(hub, st);
}
