// CLI input handling through the real `station` binary: every field problem in both
// languages, dates out of order or in the future, required price, Chinese labels for
// point kinds, brands pulled from the hub, missing files, localised `listing show`,
// option placement, an empty database file refused, and `station backup`.
#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include "cunzhan/shared/sqlite.hpp"
#include "cunzhan/station/store.hpp"
#include "station_fixture.hpp"

using namespace cunzhan;
using test::station_env;

namespace {

const std::map<std::string, std::string> k_zh = {{"LANG", "zh_CN.UTF-8"}};

std::string json_id(const test::run_result& r) {
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  return std::string(boost::json::parse(r.out).as_object().at("id").as_string());
}

std::vector<std::string> listing_add(std::vector<std::string> extra) {
  std::vector<std::string> a = {"listing",   "add",        "--product", "红薯",   "--category",
                                "vegetable", "--quantity", "500",       "--unit", "斤"};
  a.insert(a.end(), extra.begin(), extra.end());
  return a;
}

std::int64_t count_rows(const station_env& env, const std::string& table) {
  auto db = sql::database::open((std::filesystem::path(env.data) / "station.db").string());
  REQUIRE(db.ok());
  auto st = (*db)->prepare("SELECT count(*) FROM " + table);
  REQUIRE(st.ok());
  REQUIRE(*st->step());
  return st->column_int(0);
}

}  // namespace

TEST_CASE("cli input: each field problem is printed in Chinese and English, whatever LANG") {
  station_env env;
  const auto bad = listing_add({"--price", "2.555", "--phone", "12345"});
  for (const auto& env_lang : {std::map<std::string, std::string>{}, k_zh}) {
    auto r = env.st(bad, env_lang);
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("not an integer number of fen") != std::string::npos);
    CHECK(r.err.find("不是整数分") != std::string::npos);
    CHECK(r.err.find("mainland mobile number") != std::string::npos);
    CHECK(r.err.find("大陆手机号码") != std::string::npos);
  }
  auto zh = env.st(bad, k_zh);
  CHECK(zh.err.find("price: 不是整数分（最多两位小数）：2.555 / not an integer number of fen") !=
        std::string::npos);
  CHECK(count_rows(env, "listing") == 0);
}

TEST_CASE("cli input: the price is required and must be a number") {
  station_env env;
  auto none = env.st(listing_add({}));
  CHECK(none.exit_code == 2);
  CHECK(none.err.find("--price is required") != std::string::npos);
  CHECK(none.err.find("必须填写 --price") != std::string::npos);
  for (const char* p : {".", "", "元", "¥."}) {
    INFO("price " << p);
    CHECK(env.st(listing_add({"--price", p})).exit_code == 2);
  }
  CHECK(env.st(listing_add({"--price", "5."})).exit_code == 0);
  CHECK(env.st(listing_add({"--price", ".5"})).exit_code == 0);
  CHECK(count_rows(env, "listing") == 2);
}

TEST_CASE("cli input: sold or collected in the future or before the record are refused") {
  station_env env;
  const std::string id = json_id(env.st(listing_add({"--price", "2", "--json"})));
  auto future =
      env.st({"listing", "sell", id, "--quantity", "500", "--amount", "1000", "--at", "2099-01-01 10:00"});
  CHECK(future.exit_code == 2);
  CHECK(future.err.find("sold_at") != std::string::npos);
  CHECK(future.err.find("future") != std::string::npos);
  CHECK(future.err.find("不能晚于当前时间") != std::string::npos);
  auto before =
      env.st({"listing", "sell", id, "--quantity", "500", "--amount", "1000", "--at", "2020-01-01 10:00"});
  CHECK(before.exit_code == 2);
  CHECK(before.err.find("不能早于登记时间") != std::string::npos);

  const std::string pid =
      json_id(env.st({"--json", "pickup", "add", "--brand", "ZTO", "--requested-at", "2026-01-02 09:00"}));
  auto early = env.st({"pickup", "collect", pid, "--at", "2026-01-01 09:00"});
  CHECK(early.exit_code == 2);
  CHECK(early.err.find("picked_up_at") != std::string::npos);
  CHECK(early.err.find("不能早于预约时间") != std::string::npos);
  CHECK(env.st({"pickup", "collect", pid, "--at", "2099-01-01 09:00"}).exit_code == 2);
  CHECK(env.st({"pickup", "collect", pid, "--at", "2026-01-02 10:00"}).exit_code == 0);
  CHECK(count_rows(env, "outbox") == 3);  // listing add, pickup add, collect: nothing refused was written
}

TEST_CASE("cli input: point kinds as `point list` prints them, and no spurious opened_on error") {
  station_env env;
  auto zh_kind = env.st({"--json", "point", "add", "--name", "村口驿站", "--brands", "中通,YTO", "--kind",
                         "驻村设点", "--days", "6"});
  const std::string id = json_id(zh_kind);
  auto list = env.st({"point", "list"}, k_zh);
  CHECK(list.out.find("驻村设点") != std::string::npos);
  CHECK(env.st({"point", "update", id, "--kind", "服务到村"}).exit_code == 0);
  auto bad = env.st({"point", "add", "--name", "x", "--brands", "ZTO", "--days", "abc"});
  CHECK(bad.exit_code == 2);
  CHECK(bad.err.find("days_per_week") != std::string::npos);
  CHECK(bad.err.find("opened_on") == std::string::npos);
  auto kind = env.st({"point", "add", "--name", "x", "--brands", "ZTO", "--days", "3", "--kind", "驿站"});
  CHECK(kind.exit_code == 2);
  CHECK(kind.err.find("驻村设点") != std::string::npos);
}

TEST_CASE("cli input: a brand the county adds (pulled reference data) is known to the CLI") {
  station_env env;
  CHECK(env.st({"pickup", "add", "--brand", "安能"}).exit_code == 2);
  {
    auto s = station_client::store::open(env.data, {false, false});
    REQUIRE(s.ok());
    REQUIRE((*s)->meta()
                .apply_reference_changes(
                    {{"brand", "ANE", R"({"code":"ANE","name_zh":"安能","name_en":"ANE Logistics"})"}}, "c1")
                .ok());
  }
  auto p = env.st({"--json", "pickup", "add", "--brand", "安能"});
  CHECK(p.exit_code == 0);
  CHECK(p.out.find("\"brand\":\"ANE\"") != std::string::npos);
  CHECK(env.st({"point", "add", "--name", "安能点", "--brands", "ANE,中通", "--days", "5"}).exit_code == 0);
  test::write_file(env.dir / "p.csv", "快递品牌,件数\n安能,2\n");
  CHECK(env.st({"import", "pickups", (env.dir / "p.csv").string()}).exit_code == 0);
}

TEST_CASE("cli input: a missing input file is exit 2 with a message in both languages") {
  station_env env;
  auto imp = env.st({"import", "listings", (env.dir / "nope.csv").string()});
  CHECK(imp.exit_code == 2);
  CHECK(imp.err.find("no such file") != std::string::npos);
  CHECK(imp.err.find("找不到文件") != std::string::npos);
  auto init = env.st({"init", (env.dir / "nope.json").string()});
  CHECK(init.exit_code == 2);
  CHECK(init.err.find("找不到文件") != std::string::npos);
}

TEST_CASE("cli input: init refuses a hub_url the sync could never use, in both languages") {
  test::temp_dir dir{"station"};
  std::string text = test::enrolment_json();
  const std::string good = "https://127.0.0.1:8443\"";
  text.replace(text.find(good), good.size(), "https://127.0.0.1:8443{\"");
  test::write_file(dir / "enrol.json", text);
  const std::string data = (dir.path() / "data").string();
  auto init = test::run({test::station_bin(), "--data", data, "init", (dir / "enrol.json").string()});
  CHECK(init.exit_code == 2);
  CHECK(init.err.find("hub_url") != std::string::npos);
  CHECK(init.err.find("https://HOST[:PORT]") != std::string::npos);
  CHECK(init.err.find("https://主机[:端口]") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(std::filesystem::path(data) / "station.db"));
}

TEST_CASE("cli input: listing show reads as text, --lang after the command, -h") {
  station_env env;
  const std::string id = json_id(env.st(listing_add({"--price", "2.50", "--json"})));
  auto zh = env.st({"listing", "show", id}, k_zh);
  REQUIRE(zh.exit_code == 0);
  CHECK(zh.out.find("产品名称：红薯") != std::string::npos);
  CHECK(zh.out.find("数量：500\n") != std::string::npos);
  CHECK(zh.out.find("单价(元)：2.50") != std::string::npos);
  CHECK(zh.out.find("品类：蔬菜") != std::string::npos);
  CHECK(zh.out.find("price_fen") == std::string::npos);
  CHECK(zh.out.find("E2") == std::string::npos);
  auto en = env.st({"listing", "show", id, "--lang", "en"}, k_zh);
  CHECK(en.out.find("product_name: 红薯") != std::string::npos);
  CHECK(en.out.find("category: Vegetables") != std::string::npos);
  auto zh_after = env.st({"listing", "list", "--lang=zh"});
  CHECK(zh_after.out.find("产品数：1") != std::string::npos);
  CHECK(env.st({"listing", "list", "--lang", "fr"}).exit_code == 2);
  auto help = env.st({"listing", "add", "-h"});
  CHECK(help.exit_code == 0);
  CHECK(help.out.find("Example") != std::string::npos);
}

TEST_CASE("cli input: an empty station.db is refused as damaged and left empty, only init creates") {
  station_env env;
  const auto db = std::filesystem::path(env.data) / "station.db";
  std::filesystem::remove(db.string() + "-wal");
  std::filesystem::remove(db.string() + "-shm");
  test::write_file(db, "");
  for (const auto& l : {std::map<std::string, std::string>{}, k_zh}) {
    auto r = env.st({"listing", "add", "--product", "红薯", "--category", "vegetable", "--quantity", "5",
                     "--unit", "斤", "--price", "1"},
                    l);
    CHECK(r.exit_code == 1);
    CHECK(r.err.find("empty (0 bytes)") != std::string::npos);
    CHECK(r.err.find("文件为空") != std::string::npos);
    CHECK(r.err.find("station backup") != std::string::npos);  // the next step, said once per language
    CHECK(r.err.find("请勿删除") == r.err.rfind("请勿删除"));
  }
  CHECK(env.st({"status"}).exit_code == 1);
  CHECK(std::filesystem::file_size(db) == 0);
  station_client::store_options o;
  o.create = false;
  auto s = station_client::store::open(env.data, o);
  REQUIRE_FALSE(s.ok());
  CHECK(s.err().code == errc::db_corrupt);
  CHECK(std::filesystem::file_size(db) == 0);
}

TEST_CASE("cli input: backup copies what is still in the WAL, and never overwrites") {
  station_env env;
  for (int i = 0; i < 3; ++i) REQUIRE(env.st(listing_add({"--price", "1"})).exit_code == 0);
  const auto db = std::filesystem::path(env.data) / "station.db";
  REQUIRE(std::filesystem::exists(db.string() + "-wal"));
  REQUIRE(std::filesystem::file_size(db.string() + "-wal") > 0);  // the commits are still in the WAL
  const auto copy = env.dir / "backup.db";
  auto r = env.st({"backup", "--to", copy.string()});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  {
    auto b = sql::database::open(copy.string(), {false, true, true, 5000});
    REQUIRE(b.ok());
    auto st = (*b)->prepare("SELECT (SELECT count(*) FROM listing), (SELECT count(*) FROM outbox)");
    REQUIRE(st.ok());
    REQUIRE(*st->step());
    CHECK(st->column_int(0) == 3);
    CHECK(st->column_int(1) == 3);
    CHECK(*(*b)->integrity_check() == "ok");
  }
  CHECK_FALSE(std::filesystem::exists(copy.string() + ".partial"));
  const std::string before = test::read_file(copy);
  auto again = env.st({"backup", "--to", copy.string()});
  CHECK(again.exit_code == 2);
  CHECK(again.err.find("already exists") != std::string::npos);
  CHECK(test::read_file(copy) == before);
  CHECK(env.st({"backup"}).exit_code == 2);
}

TEST_CASE("cli input: control characters in text are refused in both languages, nothing saved") {
  station_env env;
  auto r = env.st({"listing", "add", "--product", "红薯\x1b[2J", "--category", "vegetable", "--quantity",
                   "500", "--unit", "斤", "--price", "2"});
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("product_name") != std::string::npos);
  CHECK(r.err.find("contains a control character (U+001B) at character 3") != std::string::npos);
  CHECK(r.err.find("第 3 个字处含有控制字符（U+001B）") != std::string::npos);
  CHECK(count_rows(env, "listing") == 0);
  // CSV import: the same error, named by line.
  test::write_file(env.dir / "ctl.csv",
                   "product_name,category,quantity,unit,price_yuan\n"
                   "红薯,vegetable,500,斤,2.50\n"
                   "玉米\x7f,vegetable,5,斤,1\n");
  auto imp = env.st({"import", "listings", (env.dir / "ctl.csv").string()});
  CHECK(imp.exit_code == 2);
  CHECK(imp.err.find("line 3 / 第 3 行: product_name") != std::string::npos);
  CHECK(imp.err.find("control character (U+007F)") != std::string::npos);
  CHECK(imp.err.find("控制字符（U+007F）") != std::string::npos);
  CHECK(count_rows(env, "listing") == 0);
}
