// `hub nightly --backup-dir` at a county hub that joined a province copies upstream.db
// (the link and every submission id, sent or waiting) beside hub-DAY.db: a county hub
// restored from the two copies sends what was pending under the same ids, and loses
// nothing.
#include <catch2/catch.hpp>

#include "province_world.hpp"

using namespace cunzhan;
using namespace cunzhan::test;
using namespace cunzhan::test::province;

namespace {

std::string mid(const std::string& month, int day) {
  return month + "-" + (day < 10 ? "0" : "") + std::to_string(day) + "T10:00:00+08:00";
}

std::vector<std::vector<std::string>> pending(const fs::path& upstream_db) {
  return integration::query(upstream_db,
                            "SELECT period, submission_id FROM sent WHERE acked = 0 ORDER BY period");
}

}  // namespace

TEST_CASE("hub nightly --backup-dir copies upstream.db, and a county restored from it loses no pending month",
          "[province][integration]") {
  const std::string m2 = month_back(2), m1 = month_back(1);
  province_hub p;
  county rc("500153", integration::k_village_a);
  rc.sell({{mid(m2, 4), 70}, {mid(m1, 6), 30}}, "荣昌");
  rc.join(p, m2);

  // The province is down: the oldest month gets its submission id and waits (the months
  // after it wait their turn).
  p.stop();
  {
    auto r = rc.submit();
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 75);
  }
  const auto waiting = pending(rc.hub->data() / "upstream.db");
  REQUIRE(waiting.size() == 1);
  REQUIRE(waiting[0][0] == m2);

  const fs::path backups = rc.hub->dir() / "backups";
  auto n = rc.hub->hub({"nightly", "--data", rc.hub->data().string(), "--backup-dir", backups.string()});
  INFO(n.out << n.err);
  REQUIRE(n.exit_code == 0);
  fs::path hub_copy, up_copy;
  for (const auto& e : fs::directory_iterator(backups)) {
    const std::string name = e.path().filename().string();
    if (name.ends_with(".upstream.db")) {
      up_copy = e.path();
    } else if (name.ends_with(".db")) {
      hub_copy = e.path();
    }
  }
  REQUIRE(!hub_copy.empty());
  REQUIRE(up_copy == hub_copy.parent_path() / (hub_copy.stem().string() + ".upstream.db"));
  CHECK((fs::status(up_copy).permissions() & (fs::perms::group_all | fs::perms::others_all)) ==
        fs::perms::none);  // it holds the county token
  CHECK(pending(up_copy) == waiting);
  CHECK(n.out.find("backup " + up_copy.string()) != std::string::npos);

  // Restored from the nightly copies, with the province back: both months arrive, once,
  // the waiting one under the id the lost hub had given it.
  const fs::path restored = rc.hub->dir() / "restored";
  fs::create_directories(restored);
  fs::copy_file(hub_copy, restored / "hub.db");
  fs::copy_file(up_copy, restored / "upstream.db");
  p.start();
  auto r = rc.hub->hub({"province", "submit", "--data", restored.string()});
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find(m2 + ": accepted, version 1") != std::string::npos);
  CHECK(r.out.find(m1 + ": accepted, version 1") != std::string::npos);
  const auto stored = p.query(
      "SELECT period, submission_id, version FROM submission WHERE county_code = '500153' ORDER BY period");
  REQUIRE(stored.size() == 2);
  CHECK(stored[0] == std::vector<std::string>{m2, waiting[0][1], "1"});
  CHECK(stored[1][0] == m1);
  CHECK(pending(restored / "upstream.db").empty());
}
