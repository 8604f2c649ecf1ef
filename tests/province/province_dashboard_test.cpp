// Issue 15: the province dashboard in headless Chromium: a province staff member signs in
// with the token, the page for a month shows every county's indicators as the JSON view
// gives them (cells carry data-county / data-k), sorts by a column, and prints to PDF.
#include <catch2/catch.hpp>
#include <cstdio>
#include <fstream>

#include "browser.hpp"
#include "province_world.hpp"

using namespace cunzhan;
using namespace cunzhan::test;
using namespace cunzhan::test::province;
namespace json = boost::json;

namespace {

std::string percent_text(const json::value& v) {
  if (!v.is_number()) return "—";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f%%", v.to_number<double>() * 100.0);
  return buf;
}

}  // namespace

TEST_CASE("province dashboard in headless Chromium: figures equal the JSON, sortable, prints to PDF",
          "[province][integration][browser]") {
  REQUIRE(browser::available());
  const std::string m1 = month_back(1), m2 = month_back(2);
  province_hub p;
  const std::string staff = p.staff_add({"--name", "省商务厅"});
  county cx("510824", "510824100205");
  county nb("511321", "511321001201");
  cx.sell({{m2 + "-08T10:00:00+08:00", 88}, {m1 + "-09T10:00:00+08:00", 500}}, "苍溪");
  nb.sell({{m1 + "-02T10:00:00+08:00", 30}}, "南部");
  cx.join(p, m2);
  nb.join(p, m1);
  REQUIRE(cx.submit().exit_code == 0);
  REQUIRE(nb.submit().exit_code == 0);

  const auto artifacts = fs::path(CUNZHAN_BINARY_DIR) / "test-artifacts" / "province";
  browser_options bo;
  bo.ignore_certificate_errors = true;  // the province's certificate comes from its private CA
  browser b(artifacts, bo);
  const std::string origin = p.url() + "/";
  b.navigate(origin + "dashboard");
  REQUIRE(b.eval("document.querySelector('input[name=token]') !== null") == "true");
  b.eval("(document.querySelector('input[name=token]').value = '" + staff +
         "', document.querySelector('form').submit(), 'sent')");
  b.wait_for_load();
  REQUIRE(b.wait_for("document.getElementById('counties') !== null"));
  b.navigate(origin + "dashboard?period=" + m1 + "&county=510824");
  REQUIRE(b.eval("document.getElementById('period').textContent") == m1);
  CHECK(b.eval("document.querySelector('tr[data-county=\"510824\"] td a').textContent") == "苍溪县 510824");

  const auto view = p.get("/v1/province/counties?period=" + m1, staff);
  int compared = 0;
  for (const auto& row : view.at("counties").as_array()) {
    const std::string code(row.at("county_code").as_string());
    for (const auto& k : row.at("kpis").as_array()) {
      const std::string key(k.at("kpi").as_string());
      const std::string cell = b.eval("document.querySelector('tr[data-county=\"" + code +
                                      "\"] td[data-k=\"" + key + "\"]').textContent");
      INFO(code << " " << key);
      const auto& v = k.at("figure").at("value");  // a count line shows its number
      const bool count = k.at("kind") == "count" && v.is_int64();
      CHECK(cell.rfind(count ? std::to_string(v.as_int64()) : percent_text(v), 0) == 0);
      const auto& pass = k.at("pass");
      if (pass.is_bool()) CHECK(cell.find(pass.as_bool() ? "✓" : "✗") != std::string::npos);
      ++compared;
    }
    const auto fen = row.at("sales").at("amount_fen").to_number<std::int64_t>();
    char yuan[32];
    std::snprintf(yuan, sizeof yuan, "%lld.%02lld", static_cast<long long>(fen / 100),
                  static_cast<long long>(fen % 100));
    CHECK(b.eval("document.querySelector('tr[data-county=\"" + code +
                 "\"] td[data-k=\"sales_yuan\"]').textContent") == yuan);
    const auto& g = row.at("grade");
    if (g.is_object()) {
      CHECK(b.eval("document.querySelector('tr[data-county=\"" + code +
                   "\"] td[data-k=\"grade\"]').textContent")
                .rfind(std::string(g.at("zh").as_string()), 0) == 0);
    }
  }
  CHECK(compared >= 2 * 10);
  // The 12-month trend of the county picked.
  CHECK(b.eval("document.querySelectorAll('#trend tbody tr').length") == "12");
  // Sorting by sales puts the smaller county first, clicking again reverses.
  const std::string sales_col = "document.querySelectorAll('#counties thead th').length - 1";
  b.eval("(document.querySelectorAll('#counties thead th')[" + sales_col + "].click(), 'ok')");
  CHECK(b.eval("document.querySelector('#counties tbody tr').dataset.county") == "511321");
  b.eval("(document.querySelectorAll('#counties thead th')[" + sales_col + "].click(), 'ok')");
  CHECK(b.eval("document.querySelector('#counties tbody tr').dataset.county") == "510824");
  // Two review periods side by side, as the JSON compares them.
  b.navigate(origin + "dashboard?period=" + m1 + "&compare=" + m2);
  const auto cmp = p.get("/v1/province/compare?a=" + m2 + "&b=" + m1, staff);
  REQUIRE(b.eval("document.querySelectorAll('#compare tbody tr').length") == "2");
  for (const auto& row : cmp.at("b").at("counties").as_array()) {
    const std::string code(row.at("county_code").as_string());
    CHECK(b.eval("document.querySelector('#compare tr[data-county=\"" + code +
                 "\"] td:nth-child(4)').textContent") ==
          std::to_string(row.at("met").as_int64()) + "/" + std::to_string(row.at("targeted").as_int64()));
  }
  b.navigate(origin + "dashboard?period=" + m1 + "&county=510824");
  b.screenshot("province-zh");
  const auto pdf = b.print_pdf("province-zh");
  std::ifstream in(pdf, std::ios::binary);
  std::string head(5, '\0');
  in.read(head.data(), 5);
  CHECK(head == "%PDF-");
  CHECK(fs::file_size(pdf) > 5000);
}
