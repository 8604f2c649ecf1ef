// A rural 2G-class link: 20 kbit/s (2,500 bytes/s) each way and 600 ms round trip
// (300 ms each way). 1,000 ops must sync to completion with no acknowledged op sent
// twice: the engine's count of op transmissions is exactly 1,000, and the bytes the
// proxy carried upward stay within what one transmission of each batch costs.
//
// The link is two fault proxies in a row: one adds the latency, the other caps the rate.
// (One proxy doing both sleeps the latency once per 250-byte chunk, serially, which caps
// throughput at about 830 bytes/s instead of 2,500; see the report on fault_proxy.)
#include <catch2/catch.hpp>

#include "fixture.hpp"

using namespace cunzhan::test;
using namespace cunzhan::test::integration;

namespace {

constexpr int k_ops = 1000;

}  // namespace

TEST_CASE("1,000 ops over a 20 kbit/s, 600 ms link sync once each", "[integration][sync][slow]") {
  hub_fixture hub;
  // The same records on a twin station over plain loopback give the cost of sending
  // each op once (the reference for the byte bound).
  station_fixture twin(hub, k_village_b, "方家坝村服务站");
  station_fixture st(hub, k_village_a, "大成村服务站");
  twin.import_listings(k_ops, "荣昌夏布");
  st.import_listings(k_ops, "荣昌夏布");

  proxy_fixture ref_proxy(hub.port(), {});
  auto ref = twin.sync({"--connect", ref_proxy.connect(), "--no-pull"});
  INFO(ref.run.out << ref.run.err);
  REQUIRE(ref.run.exit_code == 0);
  REQUIRE(ref.num("applied") == k_ops);
  ref_proxy.stop();
  const auto ref_bytes = ref_proxy.sum();

  proxy_fixture rate(hub.port(), {"--rate-bps", "2500"});
  proxy_fixture latency(rate.port(), {"--latency-ms", "300"});
  auto s = st.sync({"--connect", latency.connect(), "--no-pull"});
  INFO(s.run.out << s.run.err);
  REQUIRE(s.run.exit_code == 0);
  CHECK(s.outcome() == "complete");
  CHECK(s.num("applied") == k_ops);
  CHECK(s.num("duplicate") == 0);
  CHECK(s.num("ops_sent") == k_ops);  // each op transmitted exactly once
  CHECK(s.num("retries") == 0);
  latency.stop();
  rate.stop();
  const auto link = rate.sum();

  // Bytes upward: the reference (each op once, in fewer, larger batches) plus, per
  // extra batch, its HTTP headers and the compression lost to a smaller batch
  // (generously 1 KB). Sending even one 100-op batch twice would exceed it.
  const std::int64_t extra_batches = std::max<std::int64_t>(0, s.num("batches") - ref.num("batches"));
  const std::uint64_t bound = ref_bytes.up + static_cast<std::uint64_t>(extra_batches) * 1024 + 2048;
  WARN("sync_slow_link: seconds=" << s.num("duration_ms") / 1000.0 << " up=" << link.up
                                  << " down=" << link.down << " batches=" << s.num("batches")
                                  << " ref_up=" << ref_bytes.up << " ref_batches=" << ref.num("batches")
                                  << " bound=" << bound);
  CHECK(link.up <= bound);
  CHECK(link.up > 0);
  // The rate cap really slows the link: pushing link.up bytes through 2,500 bytes/s
  // takes at least link.up / 2500 seconds (physics, a lower bound; 0.8 for the proxy's
  // scheduling granularity), whatever the machine's speed.
  const double floor_s = 0.8 * static_cast<double>(link.up) / 2500.0;
  CHECK(static_cast<double>(s.num("duration_ms")) / 1000.0 >= floor_s);
  // One connection carried it all, and the station's own byte count agrees with the
  // wire to within the TLS handshake's first flight, which it does not count.
  CHECK(link.conns == 1);
  CHECK(s.num("bytes_sent") <= static_cast<std::int64_t>(link.up));
  CHECK(static_cast<std::int64_t>(link.up) - s.num("bytes_sent") < 2048);

  CHECK(require_exactly_once(hub, st) == static_cast<std::size_t>(k_ops));
  require_integrity(hub, st);
}
