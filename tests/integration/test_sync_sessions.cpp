// What the hub records per sync request (sync_session), which the online-rate KPIs read:
// ok = 1 only for the pull page that ends a successful run (more = false). A run cut
// after its first push batch leaves pushes recorded with ok = 0 and no ok session; a
// full run leaves exactly one. Bytes are on-the-wire (compressed) sizes; pulls carry
// the clock offset and the hub's time, so a pull-only run records the offset too.
#include <catch2/catch.hpp>

#include <thread>

#include "fixture.hpp"

using namespace cunzhan::test;
using namespace cunzhan::test::integration;

namespace {

std::int64_t sessions(const hub_fixture& hub, const station_fixture& st, const std::string& where) {
  return query_int(hub.db(), "SELECT count(*) FROM sync_session WHERE station_id = '" + st.id() + "'" +
                                 (where.empty() ? "" : " AND " + where));
}

}  // namespace

TEST_CASE("only a sync run that ends with its last pull page counts as ok", "[integration][sync][sessions]") {
  hub_fixture hub;
  station_fixture st(hub, k_village_a, "大成村服务站");
  st.import_listings(120, "会话");
  const std::string sid = "'" + st.id() + "'";

  // A slow link spaces the batches out; the station dies once it has the hub's answer
  // to its first batch (an acked op), long before the pull.
  {
    proxy_fixture p(hub.port(), {"--latency-ms", "300"});
    process run(st.sync_argv({"--batch", "5", "--connect", p.connect()}), {},
                (st.dir() / "cut.log").string());
    std::int64_t acked = 0;
    for (int i = 0; i < 3000 && run.running() && acked == 0; ++i) {
      acked = query_int(st.db(), "SELECT count(*) FROM outbox WHERE state = 'acked'");
      if (acked == 0) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    run.kill_now(9);
    run.wait();
    INFO(read_file(st.dir() / "cut.log"));
    REQUIRE(acked > 0);
    REQUIRE(acked < 120);
  }
  CHECK(sessions(hub, st, "") >= 1);
  CHECK(sessions(hub, st, "ok = 1") == 0);
  CHECK(sessions(hub, st, "started_at > ended_at") == 0);

  // The hub may still be finishing a request of the killed run (it had arrived whole):
  // wait until its last session is recorded, so "this run" below holds the full run only.
  const std::string last_id = "SELECT coalesce(max(id), 0) FROM sync_session WHERE station_id = " + sid;
  std::int64_t before_full = query_int(hub.db(), last_id);
  for (int i = 0; i < 50; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    const std::int64_t now = query_int(hub.db(), last_id);
    if (now == before_full) break;
    before_full = now;
  }
  auto full = st.sync({"--batch", "1000"});
  INFO(full.run.out << full.run.err);
  REQUIRE(full.run.exit_code == 0);
  CHECK(sessions(hub, st, "ok = 1") == 1);
  // The ok session is the run's last pull; every push is recorded with ok = 0 and its counts.
  CHECK(sessions(hub, st, "ok = 1 AND applied + duplicate + rejected > 0") == 0);
  CHECK(sessions(hub, st, "ok = 1 AND client_offset_s IS NULL") == 0);
  CHECK(query_int(hub.db(), "SELECT sum(applied) FROM sync_session WHERE station_id = " + sid) == 120);
  CHECK(require_exactly_once(hub, st) == 120u);

  // Bytes as on the wire: the hub's body counts of this run fit inside what the station
  // counted (bodies plus headers), which plain-JSON counts would not (the push answer of
  // a whole batch compresses well below its JSON).
  const std::string this_run = " AND id > " + std::to_string(before_full);
  const std::int64_t out_bytes =
      query_int(hub.db(), "SELECT sum(bytes_out) FROM sync_session WHERE station_id = " + sid + this_run);
  const std::int64_t in_bytes =
      query_int(hub.db(), "SELECT sum(bytes_in) FROM sync_session WHERE station_id = " + sid + this_run);
  INFO("hub bytes_in=" << in_bytes << " bytes_out=" << out_bytes
                       << "; station sent=" << full.num("bytes_sent")
                       << " received=" << full.num("bytes_received") << " json=" << full.num("json_bytes"));
  CHECK(in_bytes > 0);
  CHECK(in_bytes < full.num("bytes_sent"));
  CHECK(out_bytes > 0);
  CHECK(out_bytes < full.num("bytes_received"));

  // A second full run on the same day: one more ok session.
  st.import_listings(5, "再来");
  REQUIRE(st.sync().run.exit_code == 0);
  CHECK(sessions(hub, st, "ok = 1") == 2);
}

TEST_CASE("a pull-only sync records the hub's clock offset", "[integration][sync][clock]") {
  hub_fixture hub;
  station_fixture st(hub, k_village_b, "方家坝村服务站");
  auto s = st.sync();  // nothing to push: the run is one pull
  INFO(s.run.out << s.run.err);
  REQUIRE(s.run.exit_code == 0);
  CHECK(s.num("batches") == 0);
  REQUIRE(s.json.if_contains("clock_offset_s"));
  CHECK(std::abs(s.num("clock_offset_s")) <= 5);  // both clocks are this machine's
  CHECK(query_int(st.db(), "SELECT count(*) FROM meta WHERE key = 'sync.hub_clock_offset_s'") == 1);
  auto status = st.st({"--json", "status"});
  CHECK(status.out.find("\"hub_clock_offset_s\"") != std::string::npos);
  CHECK(status.out.find("\"clock_warning\":false") != std::string::npos);
}
