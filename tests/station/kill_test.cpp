// Crash safety: a large `station import` is SIGKILLed at random moments, mixed with small
// successful `listing add`s; afterwards every entity row has its op and vice versa, seq
// has no duplicates, the file passes integrity_check and nothing committed is lost.
#include <catch2/catch.hpp>

#include <random>
#include <set>
#include <thread>

#include "cunzhan/shared/sqlite.hpp"
#include "station_fixture.hpp"

using namespace cunzhan;

namespace {

std::int64_t scalar(sql::database& db, const std::string& q) {
  auto st = db.prepare(q);
  REQUIRE(st.ok());
  auto row = st->step();
  REQUIRE(row.ok());
  return st->column_int(0);
}

}  // namespace

TEST_CASE("kill: SIGKILL during a large import never breaks row/op atomicity") {
  test::station_env env;
  std::string csv = "产品名称,品类,数量,单位,单价(元)\n";
  for (int i = 0; i < 20000; ++i) csv += "产品" + std::to_string(i) + ",vegetable," + std::to_string(i % 900 + 1) + ",斤,2.50\n";
  test::write_file(env.dir / "big.csv", csv);
  std::mt19937 rng(20261122);
  std::uniform_int_distribution<int> delay_ms(5, 400);
  std::set<std::string> committed;
  int imports_finished = 0;
  for (int round = 0; round < 24; ++round) {
    {
      test::process p({test::station_bin(), "--data", env.data, "import", "listings", (env.dir / "big.csv").string()});
      std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms(rng)));
      if (!p.running()) ++imports_finished;
      p.kill_now(9);
    }
    auto add = env.st({"--json", "listing", "add", "--product", "round" + std::to_string(round), "--category",
                       "fruit", "--quantity", "1", "--unit", "斤", "--price", "1"});
    REQUIRE(add.exit_code == 0);
    committed.insert("round" + std::to_string(round));
  }
  auto db = sql::database::open((std::filesystem::path(env.data) / "station.db").string());
  REQUIRE(db.ok());
  auto& d = **db;
  CHECK(*d.integrity_check() == "ok");
  CHECK(scalar(d, "SELECT count(*) FROM listing WHERE id NOT IN (SELECT entity_id FROM outbox)") == 0);
  CHECK(scalar(d, "SELECT count(*) FROM outbox WHERE entity_id NOT IN (SELECT id FROM listing)") == 0);
  CHECK(scalar(d, "SELECT count(*) - count(DISTINCT seq) FROM outbox") == 0);
  CHECK(scalar(d, "SELECT count(*) - count(DISTINCT op_id) FROM outbox") == 0);
  // Each import either committed all 20,000 rows or none.
  const auto imported = scalar(d, "SELECT count(*) FROM listing WHERE product_name LIKE '产品%'");
  CHECK(imported % 20000 == 0);
  for (const auto& name : committed) {
    auto st = d.prepare("SELECT count(*) FROM listing WHERE product_name = ?");
    REQUIRE(st.ok());
    st->bind(1, name);
    REQUIRE(*st->step());
    CHECK(st->column_int(0) == 1);
  }
  INFO("imports that finished before the kill: " << imports_finished);
}
