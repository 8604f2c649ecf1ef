// How the engine uses the link: batch sizes adapt (down to the hub's limit after 413,
// up while exchanges are quick), push bodies are zstd-compressed, the TLS session is
// resumed by the next run, and a refused token is not retried.
#include <catch2/catch.hpp>

#include "fixture.hpp"

using namespace cunzhan::test;
using namespace cunzhan::test::integration;

TEST_CASE("batches shrink to the hub's batch limit after 413 and the sync completes",
          "[integration][sync][link]") {
  hub_fixture hub({"--max-ops-per-batch", "20"});
  station_fixture st(hub, k_village_a, "大成村服务站");
  st.import_listings(100, "限额");
  auto s = st.sync({"--batch", "200", "--no-pull"});
  INFO(s.run.out << s.run.err);
  REQUIRE(s.run.exit_code == 0);
  // Pipelined batches behind a refused one are sent again: some duplicates are fine.
  CHECK(s.num("applied") + s.num("duplicate") >= 100);
  CHECK(s.num("batches") >= 5);  // no accepted batch can hold more than 20
  CHECK(query_int(hub.db(), "SELECT max(applied + duplicate + rejected) FROM sync_session") <= 20);
  CHECK(require_exactly_once(hub, st) == 100u);
}

TEST_CASE("batches grow while the link is fast", "[integration][sync][link]") {
  hub_fixture hub;
  station_fixture st(hub, k_village_a, "大成村服务站");
  st.import_listings(500, "增长");
  auto s = st.sync({"--batch", "4", "--no-pull"});
  INFO(s.run.out << s.run.err);
  REQUIRE(s.run.exit_code == 0);
  // At a fixed 4 ops per batch this would be 125 batches; doubling gives 4+8+...+256.
  CHECK(s.num("batches") <= 12);
  CHECK(query_int(hub.db(), "SELECT max(applied) FROM sync_session") > 4);
  CHECK(require_exactly_once(hub, st) == 500u);
}

TEST_CASE("push bodies are zstd-compressed and the next run resumes the TLS session",
          "[integration][sync][link]") {
  hub_fixture hub;
  station_fixture st(hub, k_village_a, "大成村服务站");
  st.import_listings(1000, "压缩");
  auto first = st.sync({"--no-pull"});
  INFO(first.run.out << first.run.err);
  REQUIRE(first.run.exit_code == 0);
  WARN("sync_link: bytes_sent=" << first.num("bytes_sent") << " json_bytes=" << first.num("json_bytes"));
  CHECK(first.num("json_bytes") > 0);
  CHECK(first.num("bytes_sent") < first.num("json_bytes") / 2);
  CHECK(first.json.at("tls_resumed").as_bool() == false);  // nothing to resume yet

  st.import_listings(3, "再来");
  auto second = st.sync();
  INFO(second.run.out << second.run.err);
  REQUIRE(second.run.exit_code == 0);
  CHECK(second.json.at("tls_resumed").as_bool() == true);
}

TEST_CASE("a revoked token stops the sync after one attempt", "[integration][sync][link]") {
  hub_fixture hub;
  station_fixture st(hub, k_village_a, "大成村服务站");
  st.import_listings(10, "吊销");
  REQUIRE(hub.hub({"revoke", "--data", hub.data().string(), st.id()}).exit_code == 0);
  proxy_fixture p(hub.port(), {});
  auto s = st.sync({"--connect", p.connect(), "--deadline", "60"});
  INFO(s.run.out << s.run.err);
  CHECK(s.run.exit_code == 1);
  CHECK(s.outcome() == "needs_action");
  CHECK(s.num("retries") == 0);
  CHECK(s.num("batches") == 1);
  p.stop();
  CHECK(p.conns().size() == 1);  // one connection, one refused request, no loop
  CHECK(query_int(st.db(), "SELECT count(*) FROM outbox WHERE state = 'acked'") == 0);
  CHECK(s.run.out.find("token") != std::string::npos);
}
