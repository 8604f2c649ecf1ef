// Issue 5: the county dashboard in a real headless Chromium (Debian's /usr/bin/chromium)
// against a real hub with synced data on 127.0.0.1. Staff sign in through the form; the
// figures read back from the DOM equal the JSON API's; nothing is requested from any
// other origin (the browser has no network but loopback); sorting works under the page's
// CSP; the English page shows the same figures. Screenshots go to
// ${CUNZHAN_BINARY_DIR}/test-artifacts/dashboard/ and the page weight is printed.
#include <catch2/catch.hpp>
#include <cstdio>
#include <fstream>
#include <iostream>

#include "browser.hpp"
#include "kpi_world.hpp"

using namespace cunzhan;
using namespace cunzhan::test;
using namespace cunzhan::test::integration;
namespace json = boost::json;

namespace {

std::string text(const json::value& v, const char* key) {
  const auto* x = v.as_object().if_contains(key);
  return x && x->is_string() ? std::string(x->as_string()) : std::string();
}

// What the page shows for a figure: "12.34%", or "—" when there is no denominator.
std::string shown_percent(const json::value& fig) {
  if (fig.at("value").is_null()) return "—";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f%%", fig.at("value").to_number<double>() * 100.0);
  return buf;
}

// A KPI line's figure as its card shows it: a count as its number, a share as a percentage.
std::string shown_line(const json::value& line) {
  const auto& v = line.at("figure").at("value");
  if (text(line, "kind") != "count") return shown_percent(line.at("figure"));
  return v.is_null() ? "—" : std::to_string(v.as_int64());
}

std::string shown_yuan(std::int64_t fen) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%lld.%02lld", static_cast<long long>(fen / 100),
                static_cast<long long>(fen % 100));
  return buf;
}

std::string joined(const json::value& list, const char* sep) {
  std::string out;
  for (const auto& s : list.as_array()) out += (out.empty() ? "" : sep) + std::string(s.as_string());
  return out;
}

// The figures as the page shows them: summary data, KPI cards and the three tables, each
// row keyed by its code/id with its cells by data-k.
constexpr const char* k_read_page = R"js(JSON.stringify({
  summary: Object.assign({}, document.getElementById('summary').dataset),
  cards: Array.from(document.querySelectorAll('.card[data-kpi]')).map(c => ({kpi: c.dataset.kpi,
    numerator: c.dataset.numerator, denominator: c.dataset.denominator, shown: c.querySelector('.v').textContent,
    kind: c.dataset.kind || '', pass: c.classList.contains('pass') ? 'pass' : c.classList.contains('fail') ? 'fail' : '',
    small: c.querySelectorAll('.small')[1] ? c.querySelectorAll('.small')[1].textContent : ''})),
  tables: Object.fromEntries(['townships', 'stations', 'villages'].map(t => [t,
    Object.fromEntries(Array.from(document.querySelectorAll('#' + t + ' tbody tr')).map(r => {
      const o = {reasons: r.dataset.reasons || ''};
      r.querySelectorAll('[data-k]').forEach(c => { o[c.dataset.k] = c.textContent; });
      return [r.dataset.code || r.dataset.id, o];
    }))]))
}))js";

void same_as_api(browser& b, kpi_world& w, const std::string& query) {
  const auto page = json::parse(b.eval(k_read_page));
  const auto kpis = w.get_json("/v1/counties/510824/kpis?" + query);
  const auto& sum = page.at("summary");
  CHECK(text(sum, "villages") == std::to_string(kpis.at("administrative_villages").as_int64()));
  CHECK(text(sum, "townships") == std::to_string(kpis.at("counted_townships").as_int64()));
  CHECK(text(sum, "stations") == std::to_string(kpis.at("stations_operating").as_int64()));
  CHECK(text(sum, "from") == text(kpis.at("period"), "from"));
  CHECK(text(sum, "to") == text(kpis.at("period"), "to"));

  std::map<std::string, json::value> cards;
  for (const auto& c : page.at("cards").as_array()) cards[text(c, "kpi")] = c;
  for (const auto& line : kpis.at("kpis").as_array()) {
    const std::string key = text(line, "kpi");
    INFO("card " << key);
    REQUIRE(cards.count(key));
    const auto& f = line.at("figure");
    CHECK(text(cards[key], "numerator") == std::to_string(f.at("numerator").as_int64()));
    CHECK(text(cards[key], "denominator") == std::to_string(f.at("denominator").as_int64()));
    CHECK(text(cards[key], "shown") == shown_line(line));
    CHECK(text(cards[key], "kind") == text(line, "kind"));
    const auto& pass = line.at("pass");
    CHECK(text(cards[key], "pass") == (pass.is_bool() ? (pass.as_bool() ? "pass" : "fail") : ""));
    if (text(line, "kind") == "count" && line.at("target").is_int64()) {  // a count's target as a number
      const std::string target = std::to_string(line.at("target").as_int64());
      CHECK(text(cards[key], "small").find(" " + target) != std::string::npos);
      CHECK(text(cards[key], "small").find('%') == std::string::npos);
    }
  }
  // The county's count targets (set below) are in the table, one met and one not.
  CHECK(text(cards["ecommerce_leaders"], "pass") == "pass");
  CHECK(text(cards["officers_trained_to_date"], "pass") == "fail");
  const auto& act = kpis.at("activity");
  CHECK(text(cards["sales"], "shown") == shown_yuan(act.at("sales").at("amount_fen").as_int64()));
  CHECK(text(cards["parcels"], "shown") == std::to_string(act.at("parcels").at("outbound").as_int64()) +
                                               " / " +
                                               std::to_string(act.at("parcels").at("inbound").as_int64()));

  const auto& tables = page.at("tables");
  const auto towns = w.get_json("/v1/counties/510824/townships?" + query);
  REQUIRE(tables.at("townships").as_object().size() == towns.at("townships").as_array().size());
  for (const auto& t : towns.at("townships").as_array()) {
    const auto& row = tables.at("townships").at(text(t, "code"));
    INFO("township " << text(t, "code"));
    CHECK(text(row, "stations") == std::to_string(t.at("stations_operating").as_int64()));
    CHECK(text(row, "station_coverage") == shown_percent(t.at("coverage").at("station_coverage")));
    CHECK(text(row, "village_courier_coverage") ==
          shown_percent(t.at("coverage").at("village_courier_coverage")));
    CHECK(text(row, "online_rate") == shown_percent(t.at("activity").at("online_rate")));
    CHECK(text(row, "sales_yuan") == shown_yuan(t.at("activity").at("sales").at("amount_fen").as_int64()));
  }
  const auto stations = w.get_json("/v1/counties/510824/stations?" + query);
  REQUIRE(tables.at("stations").as_object().size() == stations.at("stations").as_array().size());
  for (const auto& s : stations.at("stations").as_array()) {
    const auto& row = tables.at("stations").at(text(s, "id"));
    const auto& a = s.at("activity");
    INFO("station " << text(s, "name"));
    CHECK(text(row, "online_rate") == shown_percent(a.at("online_rate")));
    CHECK(text(row, "on_time_rate") == shown_percent(a.at("on_time_rate")));
    CHECK(text(row, "sales_yuan") == shown_yuan(a.at("sales").at("amount_fen").as_int64()));
    CHECK(text(row, "parcels") == std::to_string(a.at("parcels").at("outbound").as_int64()) + " / " +
                                      std::to_string(a.at("parcels").at("inbound").as_int64()));
  }
  const auto cov = w.get_json("/v1/counties/510824/coverage?" + query);
  REQUIRE(tables.at("villages").as_object().size() == cov.at("villages").as_array().size());
  for (const auto& v : cov.at("villages").as_array()) {
    const auto& row = tables.at("villages").at(text(v, "code"));
    INFO("village " << text(v, "code"));
    CHECK(text(row, "reasons") == joined(v.at("reasons"), " "));
    CHECK(text(row, "brands") == joined(v.at("brands"), " "));
    CHECK(text(row, "stations") == joined(v.at("stations"), "、"));
    CHECK(text(row, "days_per_week") == std::to_string(v.at("days_per_week").as_int64()));
  }
}

}  // namespace

TEST_CASE("dashboard in headless Chromium: sign in, figures equal the API, no network",
          "[kpi][integration][browser]") {
  REQUIRE(browser::available());
  kpi_world w({.stations = 12, .silent = 1});
  const std::string origin = w.hub.url() + "/";
  const auto artifacts = fs::path(CUNZHAN_BINARY_DIR) / "test-artifacts" / "dashboard";
  browser_options bo;
  bo.ignore_certificate_errors = true;  // the hub's certificate comes from its private CA
  browser b(artifacts, bo);

  // Count targets (KPIS.md "Targets"): no roster here, so 0 leaders meet 0 and 0 officers miss 300.
  for (const auto& [kpi, v] :
       {std::pair{"ecommerce_leaders", "0"}, std::pair{"officers_trained_to_date", "300"}})
    REQUIRE(w.hub
                .hub({"targets", "set", "--data", w.hub.data().string(), "--county", "510824", "--kpi", kpi,
                      "--value", v})
                .exit_code == 0);

  b.navigate(origin + "dashboard");
  REQUIRE(b.eval("document.querySelector('input[name=token]') !== null") == "true");
  b.screenshot("login");
  b.eval("(document.querySelector('input[name=token]').value = '" + w.staff_token +
         "', document.querySelector('form').submit(), 'sent')");
  b.wait_for_load();
  REQUIRE(b.wait_for("document.getElementById('summary') !== null"));

  // A past month: its figures do not move while the test reads them.
  const std::string query = "period=" + format_date(w.edge.month_start).substr(0, 7);
  b.navigate(origin + "dashboard?" + query);
  const auto weight = b.bytes_received();
  CHECK(weight > 0);
  CHECK(b.eval("document.documentElement.lang") == "zh-CN");
  CHECK(b.eval("performance.getEntriesByType('resource').length") ==
        "0");  // no style, script or image fetched
  same_as_api(b, w, query);
  b.screenshot("dashboard-zh");
  // The monthly report as staff print it to PDF: A4 landscape from the page's @page rule.
  const auto pdf = b.print_pdf("dashboard-zh");
  {
    std::ifstream in(pdf, std::ios::binary);
    std::string head(5, '\0');
    in.read(head.data(), 5);
    CHECK(head == "%PDF-");
  }
  CHECK(fs::file_size(pdf) > 10000);
  // The print rules are in the page (not only in the test).
  const auto page_rule =
      b.eval(R"js((() => { for (const s of document.styleSheets) for (const x of s.cssRules)
    if (x.cssText.startsWith('@page')) return x.cssText.toLowerCase(); return ''; })())js");
  INFO(page_rule);
  CHECK(page_rule.find("a4 landscape") != std::string::npos);

  // Sorting by sync lag (inline script under the page's CSP) orders the rows.
  CHECK(b.eval(R"js((() => {
    document.querySelector('#stations th.sort').click();
    const v = Array.from(document.querySelectorAll('#stations tbody [data-k=sync_lag]'))
      .map(c => { const x = parseFloat(c.dataset.v); return isNaN(x) ? Infinity : x; });
    return v.length > 1 && v.every((x, i) => i === 0 || v[i - 1] >= x);
  })())js") == "true");

  b.eval("(document.getElementById('lang-switch').click(), 'clicked')");
  b.wait_for_load();
  REQUIRE(b.wait_for("document.documentElement.lang === 'en'"));
  CHECK(b.eval("document.body.innerText.includes('Village coverage')") == "true");
  same_as_api(b, w, query);
  b.screenshot("dashboard-en");

  // A from/to range survives the language switch (its label is no period= value).
  const std::string from = format_date(w.edge.month_start), to = day_text(day_no(w.edge.month_end) - 1);
  b.navigate(origin + "dashboard?from=" + from + "&to=" + to);
  b.eval("(document.getElementById('lang-switch').click(), 'clicked')");
  b.wait_for_load();
  REQUIRE(b.wait_for("document.documentElement.lang === 'en'"));
  CHECK(b.eval("document.getElementById('summary').dataset.from + '..' + "
               "document.getElementById('summary').dataset.to") == from + ".." + to);

  const auto urls = b.requested_urls();
  CHECK(urls.size() >= 5);
  for (const auto& url : urls) {
    INFO(url);
    CHECK(url.rfind(origin, 0) == 0);
  }
  CHECK(fs::file_size(artifacts / "dashboard-zh.png") > 10000);
  const auto html = w.get("/dashboard?" + query, {{"cookie", w.dashboard_cookie()}}, true).body.size();
  std::cout << "dashboard page weight (" << w.stations.size() << " stations, 364 villages): " << weight
            << " bytes over the wire, " << html << " bytes of HTML; screenshots and dashboard-zh.pdf in "
            << artifacts.string() << "\n";
}
