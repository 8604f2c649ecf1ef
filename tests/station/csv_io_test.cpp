// CSV import/export through the real binary: GBK and UTF-8-BOM files give the same
// records, every bad line is reported and nothing is imported, --skip-bad writes the
// rejects file, export → import round-trips, formula cells are escaped on export.
#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include "station_fixture.hpp"

using namespace cunzhan;
using test::station_env;

namespace {

const std::string k_rows =
    "产品名称,品类,数量,单位,单价(元),采收日期,农户,电话\n"
    "红薯,蔬菜,500,斤,2.50,2024-10-01,张三,13812345678\n"
    "土鸡蛋,livestock,30,个,1.2,,李四,\n"
    "\"菜籽油, 压榨\",grain,20,kg,35,2024-09-01,,\n";

// The records without ids and timestamps, sorted, for comparing two stores.
std::vector<std::string> records(const station_env& env) {
  auto r = env.st({"listing", "list", "--json"});
  REQUIRE(r.exit_code == 0);
  std::vector<std::string> out;
  const boost::json::value parsed = boost::json::parse(r.out);
  for (const auto& v : parsed.as_array()) {
    auto o = v.as_object();
    for (const char* k : {"id", "created_at", "updated_at"}) o.erase(k);
    out.push_back(boost::json::serialize(o));
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

TEST_CASE("csv: GBK and UTF-8 with BOM imports give the same records") {
  station_env a, b;
  test::write_file(a.dir / "u.csv", "\xEF\xBB\xBF" + k_rows);
  test::write_file(b.dir / "plain.csv", k_rows);
  auto conv = test::run({"/bin/sh", "-c", "iconv -f UTF-8 -t GBK " + (b.dir / "plain.csv").string() + " > " +
                                              (b.dir / "g.csv").string()});
  REQUIRE(conv.exit_code == 0);
  auto ra = a.st({"import", "listings", (a.dir / "u.csv").string()});
  REQUIRE(ra.exit_code == 0);
  CHECK(ra.out.find("utf-8-bom") != std::string::npos);
  auto rb = b.st({"import", "listings", (b.dir / "g.csv").string()});
  REQUIRE(rb.exit_code == 0);
  CHECK(rb.out.find("gb18030") != std::string::npos);
  auto ra_recs = records(a);
  CHECK(ra_recs.size() == 3);
  CHECK(ra_recs == records(b));
}

TEST_CASE("csv: every bad line is reported and nothing is imported; --skip-bad writes rejects") {
  station_env env;
  const std::string csv = "product_name,category,quantity,unit,price_yuan\n"
                          "红薯,vegetable,500,斤,2.50\n"
                          ",vegetable,500,斤,2.50\n"
                          "玉米,vegetable,abc,斤,1\n"
                          "花生,nut,10,斤,2.555\n"
                          "大米,grain,100,kg,3\n";
  test::write_file(env.dir / "in.csv", csv);
  auto r = env.st({"import", "listings", (env.dir / "in.csv").string()});
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("line 3: product_name") != std::string::npos);
  CHECK(r.err.find("line 4: quantity") != std::string::npos);
  CHECK(r.err.find("line 5: price_yuan") != std::string::npos);
  CHECK(r.err.find("line 2:") == std::string::npos);
  CHECK(records(env).empty());
  auto zh = env.st({"import", "listings", (env.dir / "in.csv").string()}, {{"LANG", "zh_CN.UTF-8"}});
  CHECK(zh.err.find("第 5 行：price_yuan: 不是整数分") != std::string::npos);

  auto skip = env.st({"import", "listings", (env.dir / "in.csv").string(), "--skip-bad"});
  CHECK(skip.exit_code == 0);
  CHECK(records(env).size() == 2);
  const std::string rejects = test::read_file(env.dir / "in.csv.rejects.csv");
  CHECK(rejects.find("玉米,vegetable,abc") != std::string::npos);
  CHECK(rejects.find("花生") != std::string::npos);
  CHECK(rejects.find("红薯") == std::string::npos);
}

TEST_CASE("csv: export then import into a fresh store gives the same records; formulas escaped") {
  station_env a, b;
  REQUIRE(a.st({"listing", "add", "--product", "=HYPERLINK(\"x\")", "--category", "fruit", "--quantity", "12.5",
                "--unit", "箱", "--price", "88", "--farmer", "王五", "--phone", "13900001111", "--note",
                "多行\n备注, 含逗号"}).exit_code == 0);
  auto add = a.st({"--json", "listing", "add", "--product", "脐橙", "--category", "fruit", "--quantity", "100",
                   "--unit", "kg", "--price", "6.80", "--harvest-date", "2024-11-01"});
  REQUIRE(add.exit_code == 0);
  const std::string id = std::string(boost::json::parse(add.out).as_object().at("id").as_string());
  REQUIRE(a.st({"listing", "sell", id, "--quantity", "100", "--amount", "680", "--at", "2024-11-05 10:00"}).exit_code == 0);
  const auto out = a.dir / "export.csv";
  REQUIRE(a.st({"export", "listings", "--out", out.string()}).exit_code == 0);
  const std::string text = test::read_file(out);
  CHECK(text.starts_with("\xEF\xBB\xBF"));
  CHECK(text.find("产品名称") != std::string::npos);
  CHECK(text.find("'=HYPERLINK") != std::string::npos);
  REQUIRE(b.st({"import", "listings", out.string()}).exit_code == 0);
  CHECK(records(a) == records(b));
  auto en = a.st({"--lang", "en", "export", "listings"});
  CHECK(en.out.find("product_name") != std::string::npos);
}
