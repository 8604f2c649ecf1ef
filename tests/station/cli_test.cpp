// CLI tests through the real `station` binary: happy paths, bad input (exit 2, messages in
// both languages), --help with an example everywhere, damaged database refused untouched.
#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include "cunzhan/shared/sqlite.hpp"
#include "station_fixture.hpp"

using namespace cunzhan;
using test::station_env;

namespace {

std::string json_id(const test::run_result& r) {
  auto v = boost::json::parse(r.out);
  return std::string(v.as_object().at("id").as_string());
}

const std::map<std::string, std::string> k_zh = {{"LANG", "zh_CN.UTF-8"}};

}  // namespace

TEST_CASE("cli: listing add, update, sell, list, show") {
  station_env env;
  auto add = env.st({"--json", "listing", "add", "--product", "红薯", "--category", "vegetable", "--quantity",
                     "500", "--unit", "斤", "--price", "2.50", "--farmer", "张三", "--phone", "13812345678"});
  REQUIRE(add.exit_code == 0);
  const std::string id = json_id(add);
  CHECK(add.out.find("\"price_fen\":250") != std::string::npos);
  CHECK(env.st({"listing", "update", id, "--price", "3", "--status", "reserved"}).exit_code == 0);
  auto sell =
      env.st({"listing", "sell", id, "--quantity", "500", "--amount", "1500.00", "--channel", "拼多多"});
  CHECK(sell.exit_code == 0);
  auto list = env.st({"listing", "list", "--status", "sold", "--json"});
  REQUIRE(list.exit_code == 0);
  CHECK(boost::json::parse(list.out).as_array().size() == 1);
  auto show = env.st({"listing", "show", id});
  CHECK(show.exit_code == 0);
  CHECK(show.out.find("红薯") != std::string::npos);
  auto withdrawn = env.st({"listing", "withdraw", id});
  CHECK(withdrawn.exit_code == 2);  // sold is final
  CHECK(withdrawn.err.find("not allowed") != std::string::npos);
}

TEST_CASE("cli: bad input exits 2 with messages in the chosen language, the other too") {
  station_env env;
  const std::vector<std::string> bad = {"listing",    "add", "--product", "红薯", "--category", "vegetable",
                                        "--quantity", "500", "--unit",    "斤",   "--price",    "2.555"};
  auto en = env.st(bad);
  CHECK(en.exit_code == 2);
  CHECK(en.err.find("price: not an integer number of fen") != std::string::npos);
  auto zh = env.st(bad, k_zh);
  CHECK(zh.exit_code == 2);
  CHECK(zh.err.find("price: 不是整数分") != std::string::npos);
  CHECK(zh.err.find("Validation failed") != std::string::npos);  // headline also in English
  auto v = env.st({"listing", "add", "--product", "红薯", "--category", "nonsense", "--quantity", "5",
                   "--unit", "斤", "--price", "1", "--phone", "12345"},
                  k_zh);
  CHECK(v.exit_code == 2);
  CHECK(v.err.find("category: ") != std::string::npos);
  CHECK(env.st({"listing", "add", "--bogus", "1"}).exit_code == 2);
  CHECK(env.st({"nosuchcommand"}).exit_code == 2);
  CHECK(env.st({"--lang", "en", "listing", "show", "no-such-id"}).exit_code == 2);
}

TEST_CASE("cli: pickups and courier points") {
  station_env env;
  auto p =
      env.st({"--json", "pickup", "add", "--brand", "中通", "--parcels", "3", "--due", "2030-01-01 17:00"});
  REQUIRE(p.exit_code == 0);
  const std::string pid = json_id(p);
  CHECK(env.st({"pickup", "collect", pid, "--tracking", "ZT123"}).exit_code == 0);
  CHECK(env.st({"pickup", "cancel", pid}).exit_code == 2);  // already picked up
  auto p2 = env.st({"--json", "pickup", "add", "--brand", "SF"});
  REQUIRE(p2.exit_code == 0);
  CHECK(env.st({"pickup", "fail", json_id(p2), "--reason", "快递员未到"}).exit_code == 0);
  auto p3 = env.st({"--json", "pickup", "add", "--brand", "YTO"});
  CHECK(env.st({"pickup", "cancel", json_id(p3)}).exit_code == 0);
  CHECK(env.st({"pickup", "add", "--brand", "NOPE"}).exit_code == 2);
  auto pl = env.st({"pickup", "list", "--json"});
  CHECK(boost::json::parse(pl.out).as_array().size() == 3);

  auto c = env.st({"--json", "point", "add", "--name", "村口驿站", "--brands", "ZTO,YTO", "--kind",
                   "village_fixed", "--days", "6", "--opened", "2024-01-01"});
  REQUIRE(c.exit_code == 0);
  const std::string cid = json_id(c);
  CHECK(env.st({"point", "update", cid, "--days", "7"}).exit_code == 0);
  CHECK(env.st({"point", "close", cid, "--on", "2025-01-01"}).exit_code == 0);
  CHECK(env.st({"point", "add", "--name", "x", "--brands", "ZTO", "--days", "9"}).exit_code == 2);
  auto open = env.st({"point", "list", "--open", "--json"});
  CHECK(boost::json::parse(open.out).as_array().empty());
}

TEST_CASE("cli: --limit on every list, a bad value refused in both languages") {
  station_env env;
  for (int i = 0; i < 3; ++i) {
    REQUIRE(env.st({"listing", "add", "--product", "红薯", "--category", "vegetable", "--quantity", "5",
                    "--unit", "斤", "--price", "1"})
                .exit_code == 0);
    REQUIRE(env.st({"pickup", "add", "--brand", "ZTO"}).exit_code == 0);
    REQUIRE(env.st({"point", "add", "--name", "驿站" + std::to_string(i), "--brands", "ZTO", "--days", "6"})
                .exit_code == 0);
  }
  for (const std::string what : {"listing", "pickup", "point"}) {
    INFO(what);
    CHECK(boost::json::parse(env.st({what, "list", "--json"}).out).as_array().size() == 3);
    CHECK(boost::json::parse(env.st({what, "list", "--limit", "2", "--json"}).out).as_array().size() == 2);
    for (const std::string bad : {"-1", "两", "2.5"}) {
      auto r = env.st({what, "list", "--limit", bad});
      CHECK(r.exit_code == 2);
      CHECK(r.err.find("--limit must be a whole number") != std::string::npos);
      CHECK(r.err.find("--limit 必须是非负整数") != std::string::npos);
    }
  }
}

TEST_CASE("cli: status, rejected and init refusing a second enrolment") {
  station_env env;
  REQUIRE(env.st({"listing", "add", "--product", "土鸡蛋", "--category", "livestock", "--quantity", "30",
                  "--unit", "个", "--price", "1.20"})
              .exit_code == 0);
  auto s = env.st({"status", "--json"});
  REQUIRE(s.exit_code == 0);
  auto o = boost::json::parse(s.out).as_object();
  CHECK(o.at("outbox").at("pending").as_int64() == 1);
  auto text = env.st({"status"}, k_zh);
  CHECK(text.out.find("待发送：1") != std::string::npos);
  CHECK(env.st({"rejected"}).exit_code == 0);
  auto check = env.st({"check"});
  CHECK(check.exit_code == 0);
  CHECK(check.out.find("no damage") != std::string::npos);
  auto again = env.st({"init", (env.dir / "enrol.json").string()});
  CHECK(again.exit_code == 1);
  CHECK(again.err.find("--force") != std::string::npos);
  CHECK(env.st({"init", (env.dir / "enrol.json").string(), "--force"}).exit_code == 0);
  test::write_file(env.dir / "bad.json", "{\"format\": \"cunzhan-enrolment/1\"}");
  CHECK(env.st({"init", (env.dir / "bad.json").string()}).exit_code == 2);
}

TEST_CASE("cli: --version answers without a data directory") {
  test::temp_dir d;
  auto r = test::run({test::station_bin(), "--data", (d / "none").string(), "--version"});
  CHECK(r.exit_code == 0);
  CHECK(r.out.starts_with("station "));
  CHECK_FALSE(std::filesystem::exists(d / "none"));
}

TEST_CASE("cli: commands before init say so") {
  test::temp_dir d;
  auto r = test::run({test::station_bin(), "--data", (d / "none").string(), "listing", "list"});
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("station init") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(d / "none"));
}

TEST_CASE("cli: --help of every command and subcommand has an example") {
  const std::vector<std::vector<std::string>> cmds = {{},
                                                      {"init"},
                                                      {"status"},
                                                      {"rejected"},
                                                      {"check"},
                                                      {"backup"},
                                                      {"import"},
                                                      {"export"},
                                                      {"listing"},
                                                      {"listing", "add"},
                                                      {"listing", "update"},
                                                      {"listing", "sell"},
                                                      {"listing", "withdraw"},
                                                      {"listing", "list"},
                                                      {"listing", "show"},
                                                      {"pickup"},
                                                      {"pickup", "add"},
                                                      {"pickup", "collect"},
                                                      {"pickup", "cancel"},
                                                      {"pickup", "fail"},
                                                      {"pickup", "list"},
                                                      {"point"},
                                                      {"point", "add"},
                                                      {"point", "update"},
                                                      {"point", "close"},
                                                      {"point", "list"}};
  test::temp_dir d;
  for (auto argv : cmds) {
    argv.insert(argv.begin(), test::station_bin());
    argv.push_back("--help");
    auto r = test::run(argv, "", {{"CUNZHAN_STATION_DATA", (d / "x").string()}});
    INFO((argv.size() > 2 ? argv[1] : std::string("station")));
    CHECK(r.exit_code == 0);
    CHECK(r.out.find("Example") != std::string::npos);
  }
}

TEST_CASE("cli: a damaged database is refused and left byte-for-byte unchanged") {
  station_env env;
  REQUIRE(env.st({"listing", "add", "--product", "红薯", "--category", "vegetable", "--quantity", "5",
                  "--unit", "斤", "--price", "1"})
              .exit_code == 0);
  const auto db = std::filesystem::path(env.data) / "station.db";
  {
    // The station leaves recent pages in the WAL; move them into the main file first.
    auto d = sql::database::open(db.string());
    REQUIRE(d.ok());
    REQUIRE((*d)->exec("PRAGMA wal_checkpoint(TRUNCATE)").ok());
  }
  std::string bytes = test::read_file(db);
  REQUIRE(bytes.size() > 4096);
  for (std::size_t i = 4096; i < bytes.size() && i < 4096 + 800; ++i) bytes[i] = '\x5a';
  test::write_file(db, bytes);
  for (const auto& lang : {"zh_CN.UTF-8", "C.UTF-8"}) {
    auto r = env.st({"listing", "list"}, {{"LANG", lang}});
    CHECK(r.exit_code == 1);
    CHECK(r.err.find("数据库文件已损坏") != std::string::npos);
    CHECK(r.err.find("corrupt") != std::string::npos);
  }
  CHECK(test::read_file(db) == bytes);
  auto check = env.st({"check"});
  CHECK(check.exit_code == 1);
  CHECK(check.err.find("corrupt") != std::string::npos);
  CHECK(test::read_file(db) == bytes);
}
