// The CSV tables as Excel will read them, parsed cell by cell: figures bare (a negative
// growth is a number, not text behind an apostrophe), division codes as ="…" text, names
// still guarded against formulas, every ratio with its numerator and denominator, sales by
// category in columns of their own — and growth by category and by township.
#include <catch2/catch.hpp>

#include <algorithm>

#include "cunzhan/hub/kpi.hpp"
#include "cunzhan/hub/kpi_targets.hpp"
#include "cunzhan/hub/report_source.hpp"
#include "cunzhan/hub/router.hpp"
#include "cunzhan/shared/csv.hpp"
#include "cunzhan/shared/json_util.hpp"
#include "hub_fixture.hpp"
#include "kpi_fixture.hpp"

using namespace cunzhan;
using namespace cunzhan::hub;
using namespace cunzhan::hub::testing;

namespace {

const std::string V1 = "510999100201", V2 = "510999100202", V3 = "510999101201";

// October: fruit 7000 in 一镇. November: fruit 6000 (−14.29 %) in 一镇, tea 500 in 二乡
// (new: no October tea, so its growth is null) — the county −7.14 %. A year earlier: only vegetables.
void county(kpi_db& d) {
  d.begin();
  d.township("510999100", "一镇");
  d.township("510999101", "二乡");
  d.village(V1, "一村");
  d.village(V2, "二村");
  d.village(V3, "三村");
  d.station("S1", V1, "2025-01-01");
  d.station("S3", V3, "2025-01-01");
  d.run("UPDATE station SET name = '=cmd|calc' WHERE id = 'S3'");
  d.point("P1", "village_fixed", V1, 5, "2025-01-01", "", {V2}, {"EMS", "ZTO"});
  d.listing("O1", "S1", V1, "fruit", "sold", 7000, at("2026-10-12 10:00"), at("2026-10-01 10:00"));
  d.listing("N1", "S1", V1, "fruit", "sold", 6000, at("2026-11-12 10:00"), at("2026-11-01 10:00"));
  d.listing("N2", "S3", V3, "tea", "sold", 500, at("2026-11-13 10:00"), at("2026-11-01 10:00"));
  d.listing("Y1", "S1", V1, "vegetable", "sold", 500, at("2025-11-03 10:00"), at("2025-11-01 10:00"));
  d.session("S1", at("2026-11-01 21:00"));
  d.commit();
}

std::string add_staff(kpi_db& d) {
  auto tok = issue_token(token_kind::staff);
  auto w = d.store->writer();
  staff_row st{uuid_v4(), "staff", "staff", {"510999"}, tok.token_id, tok.secret_hash, 1, std::nullopt};
  if (!accounts(w.db()).insert_staff(st)) throw std::runtime_error("insert staff");
  return tok.token;
}

// GET /v1/counties/510999/{what}?period=2026-11[&table=…] as staff of the county.
net::http_response api(kpi_db& d, const std::string& token, const std::string& what,
                       const std::string& table = "") {
  router rt(*d.backend, {}, nullptr);
  net::http_request q;
  q.method = "GET";
  q.path = q.target = "/v1/counties/510999/" + what;
  q.query = {{"period", "2026-11"}};
  if (!table.empty()) q.query["table"] = table;
  q.headers.emplace_back("authorization", "Bearer " + token);
  return rt.handle(std::move(q));
}

kpi::loaded_report november(kpi_db& d) {
  auto r = report::load_report(*d.backend, "510999", *kpi::parse_period("2026-11", {}, {}));
  REQUIRE(r);
  return std::move(*r);
}

std::vector<csv::row> parse_csv(const std::string& body) {
  REQUIRE(body.rfind("\xEF\xBB\xBF", 0) == 0);
  auto rows = csv::parse(std::string_view(body).substr(3));
  REQUIRE(rows);
  return *rows;
}

// The row whose first cell is `first` (after unescaping), or a failure.
const csv::row& row_of(const std::vector<csv::row>& rows, const std::string& first, std::size_t col = 0) {
  for (const auto& r : rows) {
    if (r.cells.size() > col && csv::report_cell_value(r.cells[col]) == first) return r;
  }
  FAIL("no row " << first);
  throw std::logic_error("unreachable");
}

std::size_t column(const csv::row& header, const std::string& name) {
  auto it = std::find(header.cells.begin(), header.cells.end(), name);
  REQUIRE(it != header.cells.end());
  return static_cast<std::size_t>(it - header.cells.begin());
}

}  // namespace

TEST_CASE("csv cell kinds: numbers bare, codes as text, the rest guarded", "[kpi][csv]") {
  using csv::cell_kind;
  CHECK(csv::escape_cell("-14.29%", cell_kind::number) == "-14.29%");
  CHECK(csv::escape_cell("-3", cell_kind::number) == "-3");
  CHECK(csv::escape_cell("12.50", cell_kind::number) == "12.50");
  // Anything but a plain number keeps the guard, even in a number column.
  CHECK(csv::escape_cell("-3+A1", cell_kind::number) == "'-3+A1");
  CHECK(csv::escape_cell("-1.5.2", cell_kind::number) == "'-1.5.2");
  CHECK(csv::escape_cell("-", cell_kind::number) == "'-");
  CHECK(csv::escape_cell("=1", cell_kind::number) == "'=1");
  CHECK(csv::escape_cell("", cell_kind::number).empty());
  CHECK(csv::escape_cell("500153102200", cell_kind::code) == "\"=\"\"500153102200\"\"\"");
  CHECK(csv::escape_cell("=HYPERLINK(\"x\")", cell_kind::code) == "\"'=HYPERLINK(\"\"x\"\")\"");
  CHECK(csv::escape_cell("-5", cell_kind::text) == "'-5");
  CHECK(csv::escape_cell("-5") == "'-5");  // the station's export keeps its guarantee
  CHECK(csv::report_cell_value("=\"500153102200\"") == "500153102200");
  CHECK(csv::report_cell_value("'=x") == "=x");
  CHECK(csv::report_cell_value("=\"1+1\"") == "=\"1+1\"");  // only digit codes are unwrapped
}

TEST_CASE("kpi: growth by category and by township", "[kpi][growth]") {
  kpi_db d;
  county(d);
  const auto r = november(d).report;
  CHECK(r.sales_mom.current == 6500);
  CHECK(r.sales_mom.earlier == 7000);
  const auto& fruit = r.category_mom.at("fruit");
  CHECK(fruit.amount.current == 6000);
  CHECK(fruit.amount.earlier == 7000);
  CHECK(*fruit.amount.value() == Approx(-1.0 / 7.0));
  CHECK(fruit.count.current == 1);
  CHECK(fruit.count.earlier == 1);
  CHECK_FALSE(r.category_mom.at("tea").amount.value());  // nothing earlier: null, not +∞
  CHECK(r.category_yoy.at("vegetable").amount.earlier == 500);
  CHECK(*r.category_yoy.at("vegetable").amount.value() == Approx(-1.0));
  CHECK_FALSE(r.category_yoy.at("fruit").amount.value());
  CHECK(r.category_mom.count("vegetable") == 0);  // sold in neither month

  REQUIRE(r.townships_table.size() == 2);
  const auto& t1 = r.townships_table[0];
  CHECK(t1.code == "510999100");
  CHECK(t1.mom.amount.earlier == 7000);
  CHECK(*t1.mom.amount.value() == Approx(-1.0 / 7.0));
  CHECK(t1.yoy.amount.earlier == 500);
  const auto& t2 = r.townships_table[1];
  CHECK(t2.mom.amount.current == 500);
  CHECK_FALSE(t2.mom.amount.value());

  // And in the JSON of the API.
  const auto token = add_staff(d);
  const auto get = [&](const std::string& what) {
    auto res = api(d, token, what);
    REQUIRE(res.status == 200);
    return *parse_json(res.body);
  };
  const auto k = get("kpis");
  const auto& by_cat = k.at("growth").at("by_category");
  CHECK(by_cat.at("fruit").at("sales_amount_mom").at("earlier").as_int64() == 7000);
  CHECK(by_cat.at("tea").at("sales_amount_mom").at("value").is_null());
  CHECK(by_cat.at("vegetable").at("sales_amount_yoy").at("value").as_double() == Approx(-1.0));
  const auto towns = get("townships");
  CHECK(towns.at("townships").at(0).at("growth").at("sales_amount_mom").at("earlier").as_int64() == 7000);
}

TEST_CASE("kpi CSV: cells Excel reads as figures, codes and guarded text", "[kpi][csv]") {
  kpi_db d;
  county(d);
  const auto token = add_staff(d);
  const auto table = [&](const std::string& name) {
    auto res = api(d, token, "report.csv", name);
    REQUIRE(res.status == 200);
    return parse_csv(res.body);
  };

  SECTION("kpis: negative growth is a bare number; growth and ratios recount") {
    const auto rows = table("kpis");
    CHECK(rows[0].cells[1] == "=\"510999\"");
    const auto& mom = row_of(rows, "sales_amount_mom", 1);
    CHECK(mom.cells[2] == "-500");  // current − earlier
    CHECK(mom.cells[3] == "7000");  // earlier
    CHECK(mom.cells[4] == "-7.14%");
    const auto& cov = row_of(rows, "station_coverage", 1);
    CHECK(cov.cells[2] == "2");
    CHECK(cov.cells[3] == "3");
    CHECK(cov.cells[4] == "66.67%");
    CHECK(cov.cells[5] == "80.00%");
    CHECK(cov.cells[6] == "未达标");
    CHECK(row_of(rows, "sales_amount_yuan", 1).cells[4] == "65.00");
    // Sales by category: a table of its own, count and yuan under their own headers.
    const auto& head = row_of(rows, "品类");
    const auto& fruit = row_of(rows, "fruit");
    CHECK(fruit.cells[column(head, "销售单数")] == "1");
    CHECK(fruit.cells[column(head, "销售额（元）")] == "60.00");
    CHECK(fruit.cells[column(head, "上期销售额（元）")] == "70.00");
    CHECK(fruit.cells[column(head, "销售额环比")] == "-14.29%");
    CHECK(row_of(rows, "tea").cells[column(head, "销售额环比")].empty());
    CHECK(row_of(rows, "vegetable").cells[column(head, "销售额同比")] == "-100.00%");
  }
  SECTION("townships: codes as text, numerator and denominator beside each rate") {
    const auto rows = table("townships");
    const auto& head = rows[0];
    const auto& t1 = row_of(rows, "510999100");
    CHECK(t1.cells[0] == "=\"510999100\"");
    CHECK(t1.cells[column(head, "电商服务站覆盖率·分子")] == "1");
    CHECK(t1.cells[column(head, "电商服务站覆盖率·分母")] == "2");
    CHECK(t1.cells[column(head, "电商服务站覆盖率")] == "50.00%");
    CHECK(t1.cells[column(head, "快递服务覆盖率·分子")] == "2");
    CHECK(t1.cells[column(head, "销售额环比")] == "-14.29%");
    CHECK(row_of(rows, "510999101").cells[column(head, "销售额环比")].empty());
  }
  SECTION("stations: the rates recount; a formula-like name stays guarded") {
    const auto rows = table("stations");
    const auto& head = rows[0];
    const auto& s1 = row_of(rows, "S1");
    CHECK(s1.cells[column(head, "所在村代码")] == "=\"510999100201\"");
    CHECK(s1.cells[column(head, "上线率·分子")] == "1");
    CHECK(s1.cells[column(head, "上线率·分母")] == "30");
    CHECK(s1.cells[column(head, "上线率")] == "3.33%");
    const auto& s3 = row_of(rows, "S3");
    CHECK(s3.cells[column(head, "站点名称")] == "'=cmd|calc");
  }
  SECTION("coverage: village codes stay 12 digits") {
    const auto rows = table("coverage");
    const auto& v = row_of(rows, V3);
    CHECK(v.cells[0] == "=\"" + V3 + "\"");
    CHECK(v.cells[2] == "=\"510999101\"");
    CHECK(csv::report_cell_value(v.cells[2]) == "510999101");
  }
}
