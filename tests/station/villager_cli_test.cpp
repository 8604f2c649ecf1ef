// `station villager|order|service` and the villager CSV import through the real binary
// (issue 18): the register, 代买 orders from ordered to handed over, services, seller kind
// on listings; bad input exits 2 with Chinese and English and changes nothing; the help
// says what stays on the station.
#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include "cunzhan/shared/sqlite.hpp"
#include "station_fixture.hpp"

using namespace cunzhan;
using test::station_env;

namespace {

const std::map<std::string, std::string> k_zh = {{"LANG", "zh_CN.UTF-8"}};

std::string json_id(const test::run_result& r) {
  auto v = boost::json::parse(r.out);
  return std::string(v.as_object().at("id").as_string());
}

boost::json::array json_rows(const test::run_result& r) { return boost::json::parse(r.out).as_array(); }

// Rows of every table the villager services write, and of the outbox: "nothing changed" is
// that this stays the same.
std::string table_counts(const station_env& env) {
  std::string out;
  for (const char* t : {"villager", "proxy_buy", "service", "listing", "pickup", "outbox"}) {
    sql::open_options o;
    o.create = false;
    o.check_integrity = false;
    auto db = sql::database::open(env.data + "/station.db", o);
    REQUIRE(db.ok());
    auto st = (*db)->prepare(std::string("SELECT count(*) FROM ") + t);
    REQUIRE(st.ok());
    REQUIRE(st->step().ok());
    out += std::string(t) + "=" + std::to_string(st->column_int(0)) + " ";
  }
  return out;
}

}  // namespace

TEST_CASE("cli: villager register, 代买 order steps, services, seller kind") {
  station_env env;
  auto v = env.st({"--json", "villager", "add", "--name", "张三", "--phone", "13812345678", "--household",
                   "4", "--note", "独居老人"});
  REQUIRE(v.exit_code == 0);
  const std::string vid = json_id(v);
  CHECK(v.out.find("13812345678") != std::string::npos);  // the local record keeps it
  REQUIRE(env.st({"villager", "add", "--name", "李四", "--household", "2"}).exit_code == 0);
  auto list = env.st({"villager", "list"}, k_zh);
  REQUIRE(list.exit_code == 0);
  CHECK(list.out.find("张三") != std::string::npos);
  CHECK(list.out.find("138****5678") != std::string::npos);  // the list shows only the mask
  CHECK(list.out.find("村民数：2") != std::string::npos);
  // Not sent while the hub has not announced villagers: status says they are kept.
  auto status = env.st({"--json", "status"});
  CHECK(boost::json::parse(status.out).as_object().at("outbox").as_object().at("held_for_hub").as_int64() ==
        2);
  CHECK(boost::json::parse(status.out).as_object().at("outbox").as_object().at("pending").as_int64() == 0);

  // Two orders by name and by id; the list of what waits shows the older arrival first.
  auto o1 = env.st({"--json", "order", "add", "--villager", "张三", "--category", "农资", "--platform",
                    "拼多多", "--items", "2", "--amount", "86.50", "--ordered-at", "2026-01-05 09:00"});
  REQUIRE(o1.exit_code == 0);
  CHECK(o1.out.find("\"amount_fen\":8650") != std::string::npos);
  CHECK(o1.out.find("\"category\":\"farm_input\"") != std::string::npos);
  auto o2 = env.st({"--json", "order", "add", "--villager", vid, "--category", "daily", "--platform", "jd",
                    "--amount", "19.90", "--ordered-at", "2026-01-05 10:00"});
  REQUIRE(o2.exit_code == 0);
  const std::string id1 = json_id(o1), id2 = json_id(o2);
  CHECK(env.st({"order", "arrive", id2, "--at", "2026-01-07 09:00"}).exit_code == 0);
  CHECK(env.st({"order", "arrive", id1, "--at", "2026-01-08 09:00"}).exit_code == 0);
  auto waiting = env.st({"--json", "order", "list"});
  REQUIRE(waiting.exit_code == 0);
  auto rows = json_rows(waiting);
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].as_object().at("id").as_string() == id2);
  CHECK(env.st({"order", "handover", id2, "--at", "2026-01-07 15:00"}).exit_code == 0);
  CHECK(env.st({"order", "return", id1, "--at", "2026-01-09 08:00"}).exit_code == 0);
  CHECK(json_rows(env.st({"--json", "order", "list"})).empty());
  CHECK(json_rows(env.st({"--json", "order", "list", "--all"})).size() == 2);
  auto again = env.st({"order", "cancel", id2}, k_zh);  // handed over is final
  CHECK(again.exit_code == 2);
  CHECK(again.err.find("已交付") != std::string::npos);

  // Services: two implied by the orders, one typed; a listing for the villager adds 代卖.
  CHECK(env.st({"service", "add", "--villager", "张三", "--kind", "缴费", "--date", "2026-01-10", "--note",
                "电费"})
            .exit_code == 0);
  auto l = env.st({"--json", "listing", "add", "--product", "红薯", "--category", "vegetable", "--quantity",
                   "500", "--unit", "斤", "--price", "2.50", "--villager", "张三"});
  REQUIRE(l.exit_code == 0);
  auto services = json_rows(env.st({"--json", "service", "list", "--villager", "张三"}));
  std::map<std::string, int> kinds;
  for (const auto& s : services) ++kinds[std::string(s.as_object().at("kind").as_string())];
  CHECK(kinds == std::map<std::string, int>{{"bill_payment", 1}, {"proxy_buy", 2}, {"proxy_sell", 1}});

  auto coop = env.st({"--json", "listing", "add", "--product", "菜籽油", "--category", "grain", "--quantity",
                      "10", "--unit", "kg", "--price", "30", "--seller-kind", "合作社", "--seller-name",
                      "清江镇粮油专业合作社"});
  REQUIRE(coop.exit_code == 0);
  CHECK(coop.out.find("\"seller_kind\":\"cooperative\"") != std::string::npos);
  // The export carries the seller (and the villager sold for) and imports back the same.
  REQUIRE(env.st({"export", "listings", "--out", (env.dir / "l.csv").string()}).exit_code == 0);
  const std::string csv = test::read_file(env.dir / "l.csv");
  CHECK(csv.find("清江镇粮油专业合作社") != std::string::npos);
  CHECK(csv.find(vid) != std::string::npos);
}

TEST_CASE("cli: bad villager, order and service input exits 2 in both languages, nothing changed") {
  station_env env;
  REQUIRE(env.st({"villager", "add", "--name", "张三", "--household", "3"}).exit_code == 0);
  REQUIRE(env.st({"villager", "add", "--name", "王五"}).exit_code == 0);
  REQUIRE(env.st({"villager", "add", "--name", "王五"}).exit_code == 0);
  const std::string before = table_counts(env);

  auto bad_villager = env.st({"villager", "add", "--name", "", "--phone", "12345", "--household", "120",
                              "--village", "510824100200"},
                             k_zh);
  CHECK(bad_villager.exit_code == 2);
  for (const char* f : {"name", "phone", "household_size", "village_code"})
    CHECK(bad_villager.err.find(std::string(f) + ": ") != std::string::npos);
  CHECK(bad_villager.err.find("Validation failed") != std::string::npos);

  auto bad_order = env.st({"order", "add", "--villager", "赵六", "--category", "玩具", "--platform", "亚马逊",
                           "--amount", "1.234", "--items", "0"},
                          k_zh);
  CHECK(bad_order.exit_code == 2);
  CHECK(bad_order.err.find("没有登记的村民") != std::string::npos);
  CHECK(bad_order.err.find("no registered villager") != std::string::npos);
  for (const char* f : {"category", "platform", "amount_fen", "item_count"})
    CHECK(bad_order.err.find(std::string(f) + ": ") != std::string::npos);
  auto ambiguous = env.st(
      {"order", "add", "--villager", "王五", "--category", "daily", "--platform", "jd", "--amount", "5"});
  CHECK(ambiguous.exit_code == 2);
  CHECK(ambiguous.err.find("more than one villager") != std::string::npos);
  CHECK(ambiguous.err.find("有多位村民") != std::string::npos);

  auto bad_service =
      env.st({"service", "add", "--villager", "张三", "--kind", "算命", "--date", "2099-01-01"});
  CHECK(bad_service.exit_code == 2);
  CHECK(bad_service.err.find("kind: ") != std::string::npos);
  CHECK(bad_service.err.find("served_on: ") != std::string::npos);
  CHECK(env.st({"order", "arrive", "0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b"}).exit_code == 2);
  auto coop = env.st({"listing", "add", "--product", "菜籽油", "--category", "grain", "--quantity", "10",
                      "--unit", "kg", "--price", "30", "--seller-kind", "cooperative"},
                     k_zh);
  CHECK(coop.exit_code == 2);
  CHECK(coop.err.find("seller_name: ") != std::string::npos);
  CHECK(table_counts(env) == before);
}

TEST_CASE("cli: villager CSV import, GBK or UTF-8, and a bad row imports nothing") {
  station_env env;
  const std::string rows =
      "姓名,手机号,村代码,家庭人口,备注\r\n"
      "张三,13812345678,500153001200,4,独居\r\n"
      "李四,,500153001200,2,\r\n";
  test::write_file(env.dir / "gbk.csv", test::to_gbk(rows));
  auto r = env.st({"import", "villagers", (env.dir / "gbk.csv").string()});
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("gb18030") != std::string::npos);
  auto list = json_rows(env.st({"--json", "villager", "list"}));
  REQUIRE(list.size() == 2);
  for (const auto& v : list) CHECK(v.as_object().at("id").as_string()[14] == '4');  // random ids

  const std::string before = table_counts(env);
  test::write_file(env.dir / "bad.csv",
                   "\xEF\xBB\xBF"
                   "name,phone,village_code,household_size\r\n"
                   "王五,13912345678,500153001200,3\r\n"
                   "赵六,123,500153001200,0\r\n");
  auto bad = env.st({"import", "villagers", (env.dir / "bad.csv").string()});
  CHECK(bad.exit_code == 2);
  CHECK(bad.err.find("line 3") != std::string::npos);
  CHECK(bad.err.find("phone: ") != std::string::npos);
  CHECK(bad.err.find("household_size: ") != std::string::npos);
  CHECK(table_counts(env) == before);

  // The export carries the register to Excel on this PC and imports back.
  auto out = env.st({"export", "villagers", "--out", (env.dir / "out.csv").string()});
  REQUIRE(out.exit_code == 0);
  CHECK(test::read_file(env.dir / "out.csv").find("张三") != std::string::npos);
}

TEST_CASE("cli: the station's help explains the register and what stays private") {
  station_env env;
  auto top = env.st({"--help"});
  CHECK(top.out.find("villager") != std::string::npos);
  CHECK(top.out.find("村民姓名、电话和备注只保存在本机") != std::string::npos);
  auto v = env.st({"villager", "--help"});
  CHECK(v.exit_code == 0);
  CHECK(v.out.find("never sent") != std::string::npos);
  CHECK(v.out.find("从不上传") != std::string::npos);
  for (const char* cmd : {"order", "service"}) {
    auto h = env.st({cmd, "--help"});
    CHECK(h.exit_code == 0);
    CHECK(h.out.find("Example / 示例") != std::string::npos);
  }
  for (const char* sub : {"add", "arrive", "handover", "return", "cancel", "list"})
    CHECK(env.st({"order", sub, "--help"}).out.find("Example / 示例") != std::string::npos);
}
