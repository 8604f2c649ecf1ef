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
  test::write_file(b.dir / "g.csv", test::to_gbk(k_rows));
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

TEST_CASE("csv: every bad line is reported and nothing is imported, --skip-bad writes rejects") {
  station_env env;
  const std::string csv =
      "product_name,category,quantity,unit,price_yuan\n"
      "红薯,vegetable,500,斤,2.50\n"
      ",vegetable,500,斤,2.50\n"
      "玉米,vegetable,abc,斤,1\n"
      "花生,nut,10,斤,2.555\n"
      "大米,grain,100,kg,3\n";
  test::write_file(env.dir / "in.csv", csv);
  auto r = env.st({"import", "listings", (env.dir / "in.csv").string()});
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("line 3 / 第 3 行: product_name") != std::string::npos);
  CHECK(r.err.find("line 4 / 第 4 行: quantity") != std::string::npos);
  CHECK(r.err.find("line 5 / 第 5 行: price_yuan") != std::string::npos);
  CHECK(r.err.find("line 2 ") == std::string::npos);
  // Both languages on each line, whatever LANG: "not a number" and 不是数字 for line 4.
  CHECK(r.err.find("quantity: not a number: abc / 不是数字：abc") != std::string::npos);
  CHECK(records(env).empty());
  auto zh = env.st({"import", "listings", (env.dir / "in.csv").string()}, {{"LANG", "zh_CN.UTF-8"}});
  CHECK(
      zh.err.find(
          "第 5 行 / line 5：price_yuan: 不是整数分（最多两位小数）：2.555 / not an integer number of fen") !=
      std::string::npos);

  auto skip = env.st({"import", "listings", (env.dir / "in.csv").string(), "--skip-bad"});
  CHECK(skip.exit_code == 0);
  CHECK(records(env).size() == 2);
  const std::string rejects = test::read_file(env.dir / "in.csv.rejects.csv");
  CHECK(rejects.find("玉米,vegetable,abc") != std::string::npos);
  CHECK(rejects.find("花生") != std::string::npos);
  CHECK(rejects.find("红薯") == std::string::npos);
}

TEST_CASE("csv: export then import into a fresh store gives the same records, formulas escaped") {
  station_env a, b;
  REQUIRE(a.st({"listing", "add", "--product", "=HYPERLINK(\"x\")", "--category", "fruit", "--quantity",
                "12.5", "--unit", "箱", "--price", "88", "--farmer", "王五", "--phone", "13900001111",
                "--note", "多行\n备注, 含逗号"})
              .exit_code == 0);
  auto add = a.st({"--json", "listing", "add", "--product", "脐橙", "--category", "fruit", "--quantity",
                   "100", "--unit", "kg", "--price", "6.80", "--harvest-date", "2024-11-01"});
  REQUIRE(add.exit_code == 0);
  const std::string id = std::string(boost::json::parse(add.out).as_object().at("id").as_string());
  REQUIRE(a.st({"listing", "sell", id, "--quantity", "100", "--amount", "680"}).exit_code ==
          0);  // sold now: not before it was recorded
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

TEST_CASE("csv: Excel-style Chinese headers, aliases and trailing empty columns are read") {
  station_env env;
  // Full-width brackets and spaces as Excel on a Chinese PC types them, aliases, and the
  // empty columns Excel leaves at the end of each line.
  test::write_file(env.dir / "a.csv",
                   "产品名称, 品类 ,数量,单位,单价（元）,农户姓名,联系电话,,\n"
                   "红薯,蔬菜,500,斤,2.50,张三,13812345678,,\n"
                   "土豆,vegetable,20,斤,1,,,,\n");
  auto r = env.st({"import", "listings", (env.dir / "a.csv").string()});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  test::write_file(env.dir / "b.csv",
                   "品名,类别,数量,计量单位,单价,手机\n玉米,grain,10,kg,3.5,13900001111\n");
  auto alias = env.st({"import", "listings", (env.dir / "b.csv").string()});
  INFO(alias.err);
  REQUIRE(alias.exit_code == 0);
  auto recs = records(env);
  REQUIRE(recs.size() == 3);
  const std::string all = recs[0] + recs[1] + recs[2];
  CHECK(all.find("\"farmer_name\":\"张三\"") != std::string::npos);
  CHECK(all.find("\"price_fen\":250") != std::string::npos);
  CHECK(all.find("\"price_fen\":350") != std::string::npos);
  CHECK(all.find("\"farmer_phone\":\"13900001111\"") != std::string::npos);

  // A value under an empty header is not dropped silently: the row is refused.
  test::write_file(env.dir / "c.csv", "产品名称,品类,数量,单位,单价（元）,\n芋头,蔬菜,5,斤,1,多余\n");
  auto lost = env.st({"import", "listings", (env.dir / "c.csv").string()});
  CHECK(lost.exit_code == 2);
  CHECK(lost.err.find("no header") != std::string::npos);
  CHECK(lost.err.find("没有表头") != std::string::npos);
  CHECK(records(env).size() == 3);
}

TEST_CASE("csv: a fixed rejects file imports again, its reason column ignored") {
  station_env env;
  test::write_file(env.dir / "in.csv",
                   "产品名称,品类,数量,单位,单价(元)\n红薯,蔬菜,500,斤,2.50\n玉米,grain,abc,斤,1\n");
  REQUIRE(env.st({"import", "listings", (env.dir / "in.csv").string(), "--skip-bad"}).exit_code == 0);
  const auto rejects = env.dir / "in.csv.rejects.csv";
  std::string text = test::read_file(rejects);
  REQUIRE(text.find("原因/reason") != std::string::npos);
  const auto at = text.find(",abc,");
  REQUIRE(at != std::string::npos);
  text.replace(at, 5, ",12,");  // the officer fixes the quantity, leaves the reason there
  test::write_file(rejects, text);
  auto again = env.st({"import", "listings", rejects.string()});
  INFO(again.err);
  REQUIRE(again.exit_code == 0);
  CHECK(records(env).size() == 2);
  // Still bad: the new rejects file has one reason column, not two.
  std::string twice = test::read_file(rejects);
  twice.replace(twice.find(",12,"), 4, ",xyz,");
  test::write_file(rejects, twice);
  REQUIRE(env.st({"import", "listings", rejects.string(), "--skip-bad"}).exit_code == 0);
  const std::string second = test::read_file(rejects.string() + ".rejects.csv");
  CHECK(second.find("原因/reason") == second.rfind("原因/reason"));
  CHECK(second.find("xyz") != std::string::npos);
}

TEST_CASE("csv: stray quotes and multi-line cells import the same below and above the 1 MiB chunk") {
  // A quote inside an unquoted cell (`5" 红薯`) quotes nothing; the chunk cutter once
  // flipped its state on it and refused files over 1 MiB ("unterminated quoted cell").
  std::string rows;
  std::size_t n = 0;
  auto add_rows = [&](std::size_t upto_bytes) {
    while (rows.size() < upto_bytes) {
      rows += n % 2 ? "5\" 红薯,vegetable,1,斤,1,\"第一行\n第二行, \"\"引号\"\"\"\n"
                    : "\"红薯 \"\"8\"\"\",vegetable,2,斤,1,12\" 尺寸\n";
      ++n;
    }
  };
  const std::string header = "产品名称,品类,数量,单位,单价(元),备注\n";
  add_rows(4000);
  const std::size_t small_rows = n;
  const std::string small = header + rows;
  add_rows(2 * (1 << 20) + 5000);  // stray quotes and multi-line cells across two cuts
  const std::string large = header + rows;
  REQUIRE(large.size() > 2 * (1 << 20));
  station_env a, b;
  test::write_file(a.dir / "small.csv", small);
  test::write_file(b.dir / "large.csv", large);
  auto ra = a.st({"import", "listings", (a.dir / "small.csv").string()});
  REQUIRE(ra.exit_code == 0);
  CHECK(ra.out.find("imported " + std::to_string(small_rows) + " rows") != std::string::npos);
  auto rb = b.st({"import", "listings", (b.dir / "large.csv").string()});
  INFO(rb.err);
  REQUIRE(rb.exit_code == 0);
  CHECK(rb.out.find("imported " + std::to_string(n) + " rows") != std::string::npos);
  // The cells read the same on both sides of the boundary.
  auto la = a.st({"listing", "list", "--json", "--limit", "2"});
  const auto first = boost::json::parse(la.out).as_array();
  REQUIRE(first.size() == 2);
  for (const auto& v : first) {
    const auto& o = v.as_object();
    const std::string name(o.at("product_name").as_string());
    CHECK((name == "5\" 红薯" || name == "红薯 \"8\""));
    if (name == "5\" 红薯")
      CHECK(o.at("note").as_string() == "第一行\n第二行, \"引号\"");
    else
      CHECK(o.at("note").as_string() == "12\" 尺寸");
  }
}
