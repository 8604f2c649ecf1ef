// The reply is lost after the hub committed: the downstream is cut inside the push
// response, so the hub has applied the batch but the station never hears it. The
// station must resend (its ops are still in flight) and the hub must answer
// `duplicate` without applying anything twice.
#include <catch2/catch.hpp>

#include "fixture.hpp"

using namespace cunzhan::test;
using namespace cunzhan::test::integration;

namespace {

constexpr int k_ops = 200;

}  // namespace

TEST_CASE("a push whose reply is lost is answered duplicate on retry", "[integration][sync][faults]") {
  hub_fixture hub;
  // A twin station with the same records measures where the push response ends; its
  // first sync has the same shape (full TLS handshake, one batch, no pull).
  station_fixture twin(hub, k_village_b, "方家坝村服务站");
  station_fixture st(hub, k_village_a, "大成村服务站");
  twin.import_listings(k_ops, "同样的货");
  st.import_listings(k_ops, "同样的货");
  const std::vector<std::string> one_batch = {"--batch", "1000", "--no-pull"};

  std::uint64_t twin_down = 0;
  std::int64_t twin_received = 0;
  {
    proxy_fixture p(hub.port(), {});
    auto args = one_batch;
    args.insert(args.end(), {"--connect", p.connect()});
    auto s = twin.sync(args);
    INFO(s.run.out << s.run.err);
    REQUIRE(s.run.exit_code == 0);
    REQUIRE(s.num("batches") == 1);
    REQUIRE(s.num("applied") == k_ops);
    twin_received = s.num("bytes_received");  // the reply (the station counts no handshake)
    p.stop();
    twin_down = p.sum().down;
  }
  // The reply is the last thing down the wire: a third of its length before the end is
  // inside its body, i.e. after the hub's commit (it answers only once committed).
  INFO("twin: down=" << twin_down << " reply=" << twin_received);
  REQUIRE(twin_received > 1500);
  REQUIRE(twin_down > static_cast<std::uint64_t>(twin_received));
  const std::uint64_t cut_at = twin_down - static_cast<std::uint64_t>(twin_received) / 3;

  SECTION("the engine's own retry gets duplicate") {
    proxy_fixture p(hub.port(), {"--cut-down-after", std::to_string(cut_at), "--once"});
    auto args = one_batch;
    args.insert(args.end(), {"--connect", p.connect()});
    auto s = st.sync(args);
    INFO("cut_at=" << cut_at << " " << s.run.out << s.run.err);
    REQUIRE(s.run.exit_code == 0);
    CHECK(s.num("retries") >= 1);
    CHECK(s.num("applied") == 0);           // the only answer heard was the retry's
    CHECK(s.num("duplicate") == k_ops);     // ...and it says: already have them
    CHECK(s.num("ops_sent") == 2 * k_ops);  // every op went twice over the wire
    p.stop();
    const auto conns = p.conns();
    REQUIRE(conns.size() >= 2);
    CHECK(conns[0].down == cut_at);
    // The hub's sync log: one session applied them all, a later one found duplicates.
    const std::string sid = "'" + st.id() + "'";
    CHECK(query_int(hub.db(), "SELECT sum(applied) FROM sync_session WHERE station_id = " + sid) == k_ops);
    CHECK(query_int(hub.db(), "SELECT sum(duplicate) FROM sync_session WHERE station_id = " + sid) == k_ops);
  }

  SECTION("a run that ends unanswered leaves them in flight; the next run gets duplicate") {
    // Without --once every connection is cut at the same byte. The engine halves the
    // batch after each failure, so the smaller batches' replies may end before the cut:
    // those ops hear `duplicate`; the rest stay in flight when the deadline ends the run
    // (exit 75). Either way nothing may be applied twice.
    std::int64_t heard_duplicate = 0;
    {
      proxy_fixture p(hub.port(), {"--cut-down-after", std::to_string(cut_at)});
      auto args = one_batch;
      args.insert(args.end(), {"--connect", p.connect(), "--deadline", "3"});
      auto s = st.sync(args);
      INFO(s.run.out << s.run.err);
      REQUIRE((s.run.exit_code == 75 || s.run.exit_code == 0));
      CHECK(s.num("applied") == 0);
      CHECK(s.num("retries") >= 1);
      heard_duplicate = s.num("duplicate");
      if (s.run.exit_code == 75) CHECK(s.outcome() == "temporary");
      CHECK(query_int(st.db(), "SELECT count(*) FROM outbox WHERE state = 'in_flight'") ==
            k_ops - heard_duplicate);
    }
    CHECK(query_int(hub.db(), "SELECT count(*) FROM op_log WHERE station_id = '" + st.id() + "'") == k_ops);
    auto s = st.sync(one_batch);
    INFO(s.run.out << s.run.err);
    REQUIRE(s.run.exit_code == 0);
    CHECK(s.num("applied") == 0);
    CHECK(heard_duplicate + s.num("duplicate") == k_ops);
  }

  CHECK(require_exactly_once(hub, st) == static_cast<std::size_t>(k_ops));
  CHECK(require_exactly_once(hub, twin) == static_cast<std::size_t>(k_ops));
  CHECK(query_int(hub.db(), "SELECT count(*) FROM listing WHERE station_id = '" + st.id() + "'") == k_ops);
  require_integrity(hub, st);
}
