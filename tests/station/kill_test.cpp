// Crash safety: `station import` of 20,000 rows and single `station listing add`s are
// SIGKILLed at moments spread over their own measured run time, so some kills land
// before the commit and some after; afterwards every listing row has exactly its one op
// and every op its row, each import went in whole or not at all, every command that
// finished is kept, the store stays writable, and PRAGMA integrity_check is ok.
#include <catch2/catch.hpp>

#include <chrono>
#include <random>
#include <thread>

#include "cunzhan/shared/sqlite.hpp"
#include "station_fixture.hpp"

using namespace cunzhan;
using clock_type = std::chrono::steady_clock;

namespace {

constexpr int k_import_rows = 20000;

std::int64_t scalar(const test::station_env& env, const std::string& q, const std::string& arg = "") {
  auto db = sql::database::open((std::filesystem::path(env.data) / "station.db").string(),
                                {false, false, false, 5000});
  REQUIRE(db.ok());
  auto st = (*db)->prepare(q);
  REQUIRE(st.ok());
  if (!arg.empty()) st->bind(1, arg);
  auto row = st->step();
  REQUIRE(row.ok());
  REQUIRE(*row);
  return st->column_int(0);
}

std::int64_t imported(const test::station_env& env) {
  return scalar(env, "SELECT count(*) FROM listing WHERE product_name LIKE '产品%'");
}

std::vector<std::string> add_args(const test::station_env& env, const std::string& name) {
  return {
      test::station_bin(), "--data", env.data, "listing", "add",     "--product", name, "--category", "fruit",
      "--quantity",        "1",      "--unit", "斤",      "--price", "1"};
}

// Starts argv, kills it after `delay`; true when it had already finished (exit 0) by then.
bool run_and_kill(const std::vector<std::string>& argv, clock_type::duration delay) {
  test::process p(argv);
  std::this_thread::sleep_for(delay);
  if (!p.running()) return p.wait() == 0;
  p.kill_now(9);
  return false;
}

}  // namespace

TEST_CASE("kill: SIGKILL during imports and single adds never breaks row/op atomicity") {
  test::station_env env;
  std::string csv = "产品名称,品类,数量,单位,单价(元)\n";
  for (int i = 0; i < k_import_rows; ++i) {
    csv += "产品" + std::to_string(i) + ",vegetable," + std::to_string(i % 900 + 1) + ",斤,2.50\n";
  }
  test::write_file(env.dir / "big.csv", csv);
  const std::vector<std::string> import = {
      test::station_bin(), "--data", env.data, "import", "listings", (env.dir / "big.csv").string()};

  // How long one import and one add take here, now: kill moments are fractions of these.
  auto t0 = clock_type::now();
  REQUIRE(test::run(import).exit_code == 0);
  const auto import_time = clock_type::now() - t0;
  t0 = clock_type::now();
  REQUIRE(test::run(add_args(env, "measure")).exit_code == 0);
  const auto add_time = clock_type::now() - t0;
  std::int64_t expected_imported = k_import_rows;
  std::int64_t expected_adds = 1;

  std::mt19937 rng(20261122);
  std::uniform_real_distribution<double> fraction(0.05, 1.4);
  int kills = 0, committed = 0, lost = 0;
  // 16 imports at first; more (at most 40) until some committed and some did not.
  for (int round = 0; round < 40 && (round < 16 || committed == 0 || lost == 0); ++round) {
    double f = fraction(rng);
    if (round >= 16) f = committed == 0 ? 2.5 : 0.2;  // push towards what is missing
    const auto delay = std::chrono::duration_cast<clock_type::duration>(import_time * f);
    const bool finished = run_and_kill(import, delay);
    kills += finished ? 0 : 1;
    const std::int64_t now_imported = imported(env);
    INFO("round " << round << " at " << f << " of an import");
    REQUIRE((now_imported == expected_imported || now_imported == expected_imported + k_import_rows));
    if (finished) REQUIRE(now_imported == expected_imported + k_import_rows);  // a finished import is kept
    if (now_imported > expected_imported)
      ++committed;
    else
      ++lost;
    expected_imported = now_imported;
    // The next write after a kill works (and is the one that runs the full check).
    REQUIRE(test::run(add_args(env, "after-" + std::to_string(round))).exit_code == 0);
    ++expected_adds;
  }
  CHECK(committed > 0);
  CHECK(lost > 0);

  // Single commands: one row or none, and a command that returned is kept.
  std::uniform_real_distribution<double> add_fraction(0.2, 1.5);
  // At least 12, and more until the kills (runs stopped before they ended) reach 20.
  for (int i = 0; i < 60 && (i < 12 || kills < 20); ++i) {
    const std::string name = "killed-add-" + std::to_string(i);
    const auto delay = std::chrono::duration_cast<clock_type::duration>(add_time * add_fraction(rng));
    const bool finished = run_and_kill(add_args(env, name), delay);
    kills += finished ? 0 : 1;
    const auto rows = scalar(env, "SELECT count(*) FROM listing WHERE product_name = ?", name);
    INFO(name);
    REQUIRE(rows <= 1);
    if (finished) REQUIRE(rows == 1);
    expected_adds += rows;
  }
  INFO("kills " << kills << ", imports committed " << committed << ", lost " << lost);
  CHECK(kills >= 20);

  // The whole file: each listing has exactly its one op (only adds happened) and no op
  // lacks its listing; everything that returned is there; the file is sound.
  CHECK(scalar(env,
               "SELECT count(*) FROM listing l WHERE (SELECT count(*) FROM outbox o "
               "WHERE o.entity = 'listing' AND o.entity_id = l.id) != 1") == 0);
  CHECK(scalar(env,
               "SELECT count(*) FROM outbox o WHERE NOT EXISTS "
               "(SELECT 1 FROM listing l WHERE l.id = o.entity_id)") == 0);
  CHECK(scalar(env, "SELECT count(*) FROM outbox WHERE state != 'pending'") == 0);
  CHECK(imported(env) == expected_imported);
  CHECK(scalar(env, "SELECT count(*) FROM listing WHERE product_name NOT LIKE '产品%'") == expected_adds);
  auto db = sql::database::open((std::filesystem::path(env.data) / "station.db").string());
  REQUIRE(db.ok());
  CHECK(*(*db)->integrity_check() == "ok");
}
