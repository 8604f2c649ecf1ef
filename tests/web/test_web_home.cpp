// The home page's figures (today's counts, the queue, the last sync and its result,
// rejected changes with a link to fix each, the clock warning), the pickups page with
// more due than it shows (capped, and still under the weight budget), and a refused
// courier point form that keeps every ticked brand and village.
#include <catch2/catch.hpp>

#include <iostream>
#include <regex>

#include "cunzhan/shared/time.hpp"
#include "web_fixture.hpp"

using namespace cunzhan::test;
using namespace cunzhan::test::web;

namespace {

constexpr std::size_t k_page_budget = 150 * 1024;

// The number in a home-page card (`<div class="v" id="ID">N</div>`), -1 when absent.
long card(const std::string& html, const std::string& id) {
  const std::regex re("id=\"" + id + "\">(-?[0-9]+)<");
  std::smatch m;
  return std::regex_search(html, m, re) ? std::stol(m[1].str()) : -1;
}

void set_meta(const integration::station_fixture& st, const std::string& key, const std::string& value) {
  integration::query(st.db(), "INSERT INTO meta (key, value) VALUES ('" + key + "', '" + value +
                                  "') ON CONFLICT(key) DO UPDATE SET value = excluded.value");
}

std::size_t occurrences(const std::string& s, const std::string& what) {
  std::size_t n = 0;
  for (auto at = s.find(what); at != std::string::npos; at = s.find(what, at + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("home shows today's counts, the last sync and its result, rejections to fix and the clock warning",
          "[web][home]") {
  integration::hub_fixture hub;
  integration::station_fixture st(hub, integration::k_village_a, "大成村服务站");
  web_app app(st);
  app.begin_session();

  auto fresh = app.get("/");
  REQUIRE(fresh.status == 200);
  CHECK(card(fresh.body, "today-listings") == 0);
  CHECK(card(fresh.body, "queue-pending") == 0);
  CHECK(fresh.body.find("上次同步：从未同步") != std::string::npos);
  CHECK(fresh.body.find("clock-warning") == std::string::npos);

  // Today: one listing added and sold, one pickup added; all three wait to be sent.
  REQUIRE(app.submit("/listings/new", {{"product_name", "盘龙生姜"},
                                       {"category", "vegetable"},
                                       {"quantity", "200"},
                                       {"unit", "斤"},
                                       {"price_yuan", "3.50"},
                                       {"status", "listed"}})
              .status == 303);
  const std::string id = integration::query(st.db(), "SELECT id FROM listing")[0][0];
  REQUIRE(
      app.submit("/listings/sell?id=" + id, {{"sold_quantity", "200"}, {"sold_amount_yuan", "700"}}).status ==
      303);
  REQUIRE(app.submit("/pickups", {{"brand", "ZTO"}, {"direction", "outbound"}, {"parcels", "2"}}).status ==
          303);
  auto today = app.get("/");
  CHECK(card(today.body, "today-listings") == 1);
  CHECK(card(today.body, "today-sold") == 1);
  CHECK(card(today.body, "today-pickups") == 1);
  CHECK(card(today.body, "today-collected") == 0);
  CHECK(card(today.body, "queue-pending") == 3);
  CHECK(card(today.body, "queue-rejected") == 0);

  // A failed sync with the hub's clock 15 minutes off, and the hub rejecting the sale.
  set_meta(st, "sync.last_at", std::to_string(cunzhan::now_seconds().time_since_epoch().count() - 60));
  set_meta(st, "sync.last_ok", "0");
  set_meta(st, "sync.last_message", "hub unreachable: connection refused");
  set_meta(st, "sync.hub_clock_offset_s", "900");
  integration::query(st.db(),
                     "UPDATE outbox SET state = 'rejected', error_code = 'invalid_field', "
                     "error_message = 'sold amount far above the market price', "
                     "error_message_zh = '成交金额远高于市场价' WHERE seq = (SELECT max(seq) FROM outbox "
                     "WHERE entity = 'listing')");
  auto bad = app.get("/");
  CHECK(card(bad.body, "queue-rejected") == 1);
  CHECK(card(bad.body, "queue-pending") == 2);
  CHECK(bad.body.find("失败 — hub unreachable: connection refused") != std::string::npos);
  CHECK(bad.body.find("被区县中心退回、需要修改的记录：1") != std::string::npos);
  CHECK(bad.body.find("成交金额远高于市场价") != std::string::npos);
  CHECK(bad.body.find("href=\"/listings/edit?id=" + id + "\"") != std::string::npos);
  CHECK(bad.body.find("id=\"clock-warning\"") != std::string::npos);
  CHECK(bad.body.find("相差 900 秒") != std::string::npos);
  auto en = app.get("/?lang=en");
  CHECK(en.body.find("sold amount far above the market price") != std::string::npos);
  CHECK(en.body.find("differs from the hub's by 900 s") != std::string::npos);

  // A good sync within the clock tolerance: no warning, "ok".
  set_meta(st, "sync.last_ok", "1");
  set_meta(st, "sync.last_message", "");
  set_meta(st, "sync.hub_clock_offset_s", "3");
  auto good = app.get("/?lang=zh");
  CHECK(good.body.find("clock-warning") == std::string::npos);
  CHECK(std::regex_search(good.body, std::regex("上次同步：[0-9-]+ [0-9:]+ 成功")));
}

TEST_CASE("the pickups page caps a long due list and stays under the weight budget", "[web][weight]") {
  integration::hub_fixture hub;
  integration::station_fixture st(hub, integration::k_village_a, "大成村服务站");
  // 130 overdue (asked for and due yesterday) and 60 due later: more than a page shows.
  const auto yesterday = cunzhan::format_date(
      cunzhan::date(std::chrono::sys_days(cunzhan::today_shanghai()) - std::chrono::days(1)));
  const auto later = cunzhan::format_date(
      cunzhan::date(std::chrono::sys_days(cunzhan::today_shanghai()) + std::chrono::days(3)));
  std::string csv = "brand,direction,parcels,weight_kg,requested_at,due_at,note\n";
  for (int i = 0; i < 190; ++i) {
    const bool overdue = i < 130;
    csv += std::string(i % 2 ? "ZTO" : "YTO") + ",outbound,2,3.5," + yesterday + " 08:00," +
           (overdue ? yesterday : later) + " 17:00,第" + std::to_string(i) + "单 村委会门口自取\n";
  }
  write_file(st.dir() / "pickups.csv", csv);
  auto imp = st.st({"import", "pickups", (st.dir() / "pickups.csv").string()});
  INFO(imp.err);
  REQUIRE(imp.exit_code == 0);
  web_app app(st);
  app.begin_session();
  const auto css = app.get("/static/app.css"), js = app.get("/static/app.js");
  auto page = app.get("/pickups");
  REQUIRE(page.status == 200);
  CHECK(page.body.find("今天要揽收（含逾期）：130") != std::string::npos);
  CHECK(page.body.find("id=\"due-more\"") != std::string::npos);
  CHECK(page.body.find("还有 30 条") != std::string::npos);
  CHECK(occurrences(page.body, "action=\"/pickups/collect\"") == 100);  // at most 100 rows in all
  CHECK(page.body.find("另有 60 条记录未显示") != std::string::npos);
  // Fewer due: the other records fill the page up to the same 100 rows.
  integration::query(st.db(),
                     "UPDATE pickup SET status = 'cancelled', doc = json_set(doc, '$.status', 'cancelled') "
                     "WHERE rowid IN (SELECT rowid FROM pickup WHERE json_extract(doc, '$.due_at') LIKE '" +
                         yesterday + "%' LIMIT 120)");
  auto fewer = app.get("/pickups");
  CHECK(fewer.body.find("今天要揽收（含逾期）：10") != std::string::npos);
  CHECK(fewer.body.find("due-more") == std::string::npos);
  CHECK(occurrences(fewer.body, "action=\"/pickups/collect\"") == 70);  // 10 due + the 60 waiting for later
  const std::size_t total = page.body.size() + css.body.size() + js.body.size();
  std::cout << "page weight: /pickups with 130 due + 60 others  html " << page.body.size() << " B, total "
            << total << " B\n";
  CHECK(total < k_page_budget);
}

TEST_CASE("a refused courier point form keeps every ticked brand and village", "[web][forms]") {
  integration::hub_fixture hub;
  integration::station_fixture st(hub, integration::k_village_a, "大成村服务站");
  REQUIRE(st.sync().run.exit_code == 0);  // the county's villages, to tick by name
  web_app app(st);
  app.begin_session();
  auto r = app.submit("/points/new", {{"name", "大成村口驿站"},
                                      {"kind", "served_village"},
                                      {"village_code", integration::k_village_a},
                                      {"brands", ""},
                                      {"brands", "ZTO"},
                                      {"brands", "EMS"},
                                      {"served_villages", ""},
                                      {"served_villages", integration::k_village_a},
                                      {"served_villages", integration::k_village_b},
                                      {"days_per_week", "9"},
                                      {"note", "周三不来"}});
  CHECK(r.status == 422);
  CHECK(r.body.find("<div class=\"f bad\" id=\"f-days_per_week\">") != std::string::npos);
  for (const std::string& v : {std::string("ZTO"), std::string("EMS"), std::string(integration::k_village_a),
                               std::string(integration::k_village_b)}) {
    INFO(v);
    CHECK(std::regex_search(r.body, std::regex("value=\"" + v + "\" checked")));
  }
  CHECK_FALSE(std::regex_search(r.body, std::regex("value=\"YTO\" checked")));
  CHECK(r.body.find("周三不来") != std::string::npos);
  CHECK(r.body.find("value=\"大成村口驿站\"") != std::string::npos);
  CHECK(count_of(st.db(), "courier_point") == 0);
}
