// The pull of reference data: page by page (the hub's page limit lowered to 50 here),
// each page stored with its cursor, so a run cut mid-pull resumes where it stopped and
// ends with the same reference set as a clean pull. Only the last page (more = false)
// records an ok session at the hub.
#include <catch2/catch.hpp>

#include <thread>

#include "fixture.hpp"

using namespace cunzhan::test;
using namespace cunzhan::test::integration;

namespace {

const std::vector<std::string> k_small_pages = {"--pull-default-limit", "50", "--pull-max-limit", "50"};

// The reference data a station holds, as comparable text.
std::vector<std::vector<std::string>> reference_set(const station_fixture& st) {
  auto rows =
      query(st.db(), "SELECT code, name, township_code, township_name FROM reference_village ORDER BY code");
  for (auto& r :
       query(st.db(),
             "SELECT key, value FROM meta WHERE key LIKE 'ref:%' OR key LIKE 'township_name:%' ORDER BY key"))
    rows.push_back(r);
  return rows;
}

}  // namespace

TEST_CASE("reference data arrives in pages and a cut pull resumes from its cursor",
          "[integration][sync][pull]") {
  hub_fixture hub(k_small_pages);
  station_fixture twin(hub, k_village_b, "方家坝村服务站");
  station_fixture st(hub, k_village_a, "大成村服务站");

  auto clean = twin.sync();
  INFO(clean.run.out << clean.run.err);
  REQUIRE(clean.run.exit_code == 0);
  const std::int64_t total = clean.num("reference_changes");
  REQUIRE(total > 100);  // several pages of 50
  const auto pages =
      query_int(hub.db(), "SELECT count(*) FROM sync_session WHERE station_id = '" + twin.id() + "'");
  CHECK(pages == (total + 49) / 50);
  CHECK(query_int(hub.db(), "SELECT count(*) FROM sync_session WHERE ok = 1 AND station_id = '" + twin.id() +
                                "'") == 1);
  const auto reference = reference_set(twin);
  REQUIRE(!reference.empty());

  // Cut mid-pull: the station dies once it has stored a page (its cursor moved).
  {
    proxy_fixture slow(hub.port(), {"--latency-ms", "150"});
    process run(st.sync_argv({"--connect", slow.connect()}), {}, (st.dir() / "cut-pull.log").string());
    std::string cursor;
    for (int i = 0; i < 3000 && run.running() && cursor.empty(); ++i) {
      auto rows = query(st.db(), "SELECT value FROM meta WHERE key = 'sync:pull_cursor' AND value <> ''");
      if (!rows.empty())
        cursor = rows[0][0];
      else
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    run.kill_now(9);
    run.wait();
    INFO(read_file(st.dir() / "cut-pull.log"));
    REQUIRE(!cursor.empty());
  }
  const auto part = query_int(st.db(), "SELECT count(*) FROM reference_village");
  CHECK(part < static_cast<std::int64_t>(query(twin.db(), "SELECT code FROM reference_village").size()));

  auto resumed = st.sync();
  INFO(resumed.run.out << resumed.run.err);
  REQUIRE(resumed.run.exit_code == 0);
  // Only what the cut run had not stored came again.
  CHECK(resumed.num("reference_changes") < total);
  CHECK(resumed.num("reference_changes") > 0);
  CHECK(reference_set(st) == reference);
  CHECK(query_int(hub.db(),
                  "SELECT count(*) FROM sync_session WHERE ok = 1 AND station_id = '" + st.id() + "'") == 1);

  // A further run is up to date: one empty page.
  auto again = st.sync();
  CHECK(again.num("reference_changes") == 0);
  CHECK(reference_set(st) == reference);
}
