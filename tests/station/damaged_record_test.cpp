// A record the store cannot decode (here: a row written past the validator by an older
// program, with an instant that formats outside four digits) is named as damaged, and
// every other record is still listed and exported; the edge-of-range value is refused.
#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include "cunzhan/shared/sqlite.hpp"
#include "station_fixture.hpp"

using namespace cunzhan;
using test::station_env;

namespace {

std::string add_pickup(const station_env& env, const std::string& due) {
  auto r = env.st({"--json", "pickup", "add", "--brand", "ZTO", "--parcels", "2", "--requested-at",
                   "2026-11-20 09:00", "--due", due});
  REQUIRE(r.exit_code == 0);
  return std::string(boost::json::parse(r.out).as_object().at("id").as_string());
}

// What an older station wrote for `--due 9999-12-31T23:59:59Z`: year 10000, unreadable.
void damage(const station_env& env, const std::string& id) {
  auto db = sql::database::open((std::filesystem::path(env.data) / "station.db").string());
  REQUIRE(db.ok());
  auto st = (*db)->prepare(
      "UPDATE pickup SET doc = json_set(doc, '$.due_at', '10000-01-01T07:59:59+08:00') WHERE id = ?");
  REQUIRE(st.ok());
  st->bind(1, id);
  REQUIRE(st->run().ok());
}

}  // namespace

TEST_CASE("an instant at the edge of year 9999 is refused, the store is unchanged") {
  station_env env;
  auto r = env.st({"pickup", "add", "--brand", "ZTO", "--parcels", "1", "--due", "9999-12-31T23:59:59Z"});
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("due_at") != std::string::npos);
  auto list = env.st({"pickup", "list", "--json"});
  REQUIRE(list.exit_code == 0);
  CHECK(boost::json::parse(list.out).as_array().empty());
  test::write_file(
      env.dir / "p.csv",
      "brand,direction,parcels,requested_at,due_at\nZTO,outbound,1,2026-11-20 09:00,9999-12-31T23:59:59Z\n");
  auto imp = env.st({"import", "pickups", (env.dir / "p.csv").string()});
  CHECK(imp.exit_code == 2);
  CHECK(imp.err.find("due_at") != std::string::npos);
}

TEST_CASE("one damaged record is named, every other one is still listed and exported") {
  station_env env;
  const std::string good = add_pickup(env, "2026-11-21 17:00");
  const std::string bad = add_pickup(env, "2026-11-22 17:00");
  const std::string also_good = add_pickup(env, "2026-11-23 17:00");
  damage(env, bad);
  for (const auto& lang : {"zh_CN.UTF-8", "C.UTF-8"}) {
    auto list = env.st({"pickup", "list"}, {{"LANG", lang}});
    CHECK(list.exit_code == 1);  // the officer must act on the damaged one
    CHECK(list.out.find(good) != std::string::npos);
    CHECK(list.out.find(also_good) != std::string::npos);
    CHECK(list.out.find(bad) == std::string::npos);
    CHECK(list.err.find("damaged record " + bad) != std::string::npos);
    CHECK(list.err.find("记录 " + bad + " 已损坏") != std::string::npos);
  }
  auto json = env.st({"pickup", "list", "--json"});
  CHECK(json.exit_code == 1);
  CHECK(boost::json::parse(json.out).as_array().size() == 2);
  auto exp = env.st({"export", "pickups"});
  CHECK(exp.exit_code == 1);
  CHECK(exp.out.find(good) != std::string::npos);
  CHECK(exp.out.find(also_good) != std::string::npos);
  CHECK(exp.err.find(bad) != std::string::npos);
  // The other records can still be changed.
  CHECK(env.st({"pickup", "cancel", good}).exit_code == 0);
}
