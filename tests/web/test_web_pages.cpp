// The web app over plain HTTP: each page's weight on demo data (printed, and under
// 150 KB with its stylesheet and script), the forms writing through the store with the
// CLI's validation, and the CSV import preview that writes nothing until committed.
#include <catch2/catch.hpp>

#include <iostream>
#include <sstream>

#include "cunzhan/shared/time.hpp"
#include "web_fixture.hpp"

using namespace cunzhan::test;
using namespace cunzhan::test::web;
using cunzhan::format_date;
using cunzhan::today_shanghai;

namespace {

constexpr std::size_t k_page_budget = 150 * 1024;

std::string multipart(const fields& f, const std::string& filename, const std::string& data,
                      std::string& type) {
  const std::string b = "----cunzhanTestBoundary7d1";
  type = "multipart/form-data; boundary=" + b;
  std::string body;
  for (const auto& [k, v] : f)
    body += "--" + b + "\r\nContent-Disposition: form-data; name=\"" + k + "\"\r\n\r\n" + v + "\r\n";
  body += "--" + b + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename +
          "\"\r\nContent-Type: text/csv\r\n\r\n" + data + "\r\n--" + b + "--\r\n";
  return body;
}

// Demo data: a pulled village list, 300 listings, pickups and courier points.
void seed(const integration::station_fixture& st) {
  REQUIRE(st.sync().run.exit_code == 0);  // brings the county's villages
  st.import_listings(300, "荣昌夏布");
  std::string pickups = "brand,direction,parcels,weight_kg,due_at,note\n";
  for (int i = 0; i < 40; ++i) {
    pickups += std::string(i % 2 ? "ZTO" : "YTO") + ",outbound," + std::to_string(1 + i % 5) + ",3.5," +
               format_date(cunzhan::date(std::chrono::sys_days(today_shanghai()) + std::chrono::days(1))) +
               " 1" + std::to_string(i % 8) + ":00,第" + std::to_string(i) + "单\n";
  }
  write_file(st.dir() / "pickups.csv", pickups);
  REQUIRE(st.st({"import", "pickups", (st.dir() / "pickups.csv").string()}).exit_code == 0);
  std::string points = "name,brands,kind,served_villages,days_per_week\n";
  for (int i = 0; i < 12; ++i) {
    points += "服务点" + std::to_string(i) + ",ZTO;YTO;EMS,served_village," +
              std::string(integration::k_village_b) + "," + std::to_string(1 + i % 7) + "\n";
  }
  write_file(st.dir() / "points.csv", points);
  auto r = st.st({"import", "points", (st.dir() / "points.csv").string()});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
}

}  // namespace

TEST_CASE("every page weighs under 150 KB with its stylesheet and script", "[web][weight]") {
  integration::hub_fixture hub;
  integration::station_fixture st(hub, integration::k_village_a, "大成村服务站");
  seed(st);
  web_app app(st);
  app.begin_session();
  const auto css = app.get("/static/app.css"), js = app.get("/static/app.js");
  REQUIRE(css.status == 200);
  REQUIRE(js.status == 200);
  const std::string id = integration::query(st.db(), "SELECT id FROM listing LIMIT 1")[0][0];
  const std::string point = integration::query(st.db(), "SELECT id FROM courier_point LIMIT 1")[0][0];
  std::cout << "page weights (HTML + app.css " << css.body.size() << " B + app.js " << js.body.size()
            << " B; uncompressed):\n";
  for (const std::string& page :
       std::vector<std::string>{"/", "/listings", "/listings?status=listed", "/listings/new",
                                "/listings/edit?id=" + id, "/listings/sell?id=" + id, "/pickups", "/points",
                                "/points/new", "/points/edit?id=" + point, "/import", "/sync", "/?lang=en"}) {
    auto r = app.get(page);
    INFO(page);
    CHECK(r.status == 200);
    const std::size_t total = r.body.size() + css.body.size() + js.body.size();
    std::cout << "  "
              << page.substr(0, page.find("id=") == std::string::npos ? page.size() : page.find("id=") + 3)
              << "  html " << r.body.size() << " B, total " << total << " B\n";
    CHECK(total < k_page_budget);
  }

  // The heaviest form in a big county: 苍溪县 has 364 villages to tick by name.
  std::string sql = "INSERT INTO reference_village (code, name, township_code, township_name) VALUES ";
  std::istringstream villages(read_file(divisions_dir() / "villages-510824.csv"));
  std::string line;
  std::getline(villages, line);  // header
  for (bool first = true; std::getline(villages, line); first = false) {
    std::istringstream cells(line);
    std::string code, name, street;
    std::getline(cells, code, ',');
    std::getline(cells, name, ',');
    std::getline(cells, street, ',');
    sql += std::string(first ? "" : ",") + "('" + code + "','" + name + "','" + street + "','某某镇')";
  }
  sql += " ON CONFLICT(code) DO NOTHING";
  integration::query(st.db(), sql);
  const auto n = count_of(st.db(), "reference_village");
  auto big = app.get("/points/new");
  const std::size_t total = big.body.size() + css.body.size() + js.body.size();
  std::cout << "  /points/new with " << n << " villages to pick from  html " << big.body.size()
            << " B, total " << total << " B\n";
  CHECK(n > 400);
  CHECK(total < k_page_budget);
}

TEST_CASE("listing forms write through the store with the CLI's validation", "[web][forms]") {
  integration::hub_fixture hub;
  integration::station_fixture st(hub, integration::k_village_a, "大成村服务站");
  web_app app(st);
  app.begin_session();
  const fields good = {{"product_name", "盘龙生姜"},
                       {"category", "vegetable"},
                       {"quantity", "200"},
                       {"unit", "斤"},
                       {"price_yuan", "3.50"},
                       {"farmer_name", "李四"},
                       {"farmer_phone", "13912345678"},
                       {"status", "listed"},
                       {"note", "带泥"}};
  REQUIRE(app.submit("/listings/new", good).status == 303);
  const std::string id = integration::query(st.db(), "SELECT id FROM listing")[0][0];
  const auto ops = count_of(st.db(), "outbox");

  SECTION("a bad edit shows each problem at its field, keeps the input and changes nothing") {
    fields bad = good;
    bad[2].second = "两百";     // quantity: not a number
    bad[6].second = "1391234";  // phone: too short
    auto r = app.submit("/listings/edit?id=" + id, bad);
    CHECK(r.status == 422);
    CHECK(r.body.find("<div class=\"f bad\" id=\"f-quantity\">") != std::string::npos);
    CHECK(r.body.find("<div class=\"f bad\" id=\"f-farmer_phone\">") != std::string::npos);
    CHECK(r.body.find("value=\"两百\"") != std::string::npos);
    CHECK(r.body.find("value=\"1391234\"") != std::string::npos);
    CHECK(r.body.find("带泥") != std::string::npos);
    CHECK(count_of(st.db(), "outbox") == ops);
  }
  SECTION("a NUL or an escape code in a text field is refused like in the CLI; a note keeps its lines") {
    fields bad = good;
    bad[0].second = std::string("盘龙\0生姜", 13);
    auto r = app.submit("/listings/new", bad);
    CHECK(r.status == 422);
    CHECK(r.body.find("<div class=\"f bad\" id=\"f-product_name\">") != std::string::npos);
    CHECK(r.body.find("控制字符（U+0000）") != std::string::npos);
    CHECK(count_of(st.db(), "outbox") == ops);
    fields lines = good;
    lines[8].second = "带泥\r\n不洗";  // a textarea's line break, as browsers send it
    CHECK(app.submit("/listings/new", lines).status == 303);
    CHECK(count_of(st.db(), "outbox") == ops + 1);
  }
  SECTION("edit, sell, then a refused withdraw") {
    fields edit = good;
    edit[4].second = "4.00";
    REQUIRE(app.submit("/listings/edit?id=" + id, edit).status == 303);
    CHECK(integration::query(st.db(), "SELECT json_extract(doc, '$.price_fen') FROM listing")[0][0] == "400");
    REQUIRE(app.submit("/listings/sell?id=" + id, {{"sold_quantity", "200"}, {"sold_amount_yuan", "800"}})
                .status == 303);
    CHECK(integration::query(st.db(), "SELECT status FROM listing")[0][0] == "sold");
    auto r = app.submit("/listings/withdraw", {{"id", id}});
    CHECK(r.status == 409);
    CHECK(r.body.find("不能改为") != std::string::npos);
    CHECK(count_of(st.db(), "outbox") == ops + 2);
  }
  SECTION("English on request, remembered in a cookie") {
    auto r = app.get("/listings/new?lang=en");
    CHECK(r.body.find("Product") != std::string::npos);
    REQUIRE(r.header("set-cookie"));
    CHECK(r.header("set-cookie")->find("cz_lang=en") != std::string::npos);
  }
}

TEST_CASE("pickups and courier points", "[web][forms]") {
  integration::hub_fixture hub;
  integration::station_fixture st(hub, integration::k_village_a, "大成村服务站");
  REQUIRE(st.sync().run.exit_code == 0);
  web_app app(st);
  app.begin_session();
  // Due a minute from now: valid (not before the request time) and, but at midnight, today.
  const auto due_t = cunzhan::now_seconds() + std::chrono::minutes(1);
  const std::string due = cunzhan::format_instant(due_t);
  const bool due_today = cunzhan::shanghai_day(due_t) == today_shanghai();
  REQUIRE(
      app.submit("/pickups", {{"brand", "ZTO"}, {"direction", "outbound"}, {"parcels", "3"}, {"due_at", due}})
          .status == 303);
  REQUIRE(app.submit("/pickups", {{"brand", "SF"}, {"parcels", "1"}, {"due_at", due}}).status == 303);
  auto bad = app.submit("/pickups", {{"brand", "NOPE"}, {"parcels", "0"}, {"note", "村委会门口"}});
  CHECK(bad.status == 422);
  CHECK(bad.body.find("<div class=\"f bad\" id=\"f-parcels\">") != std::string::npos);
  CHECK(bad.body.find("村委会门口") != std::string::npos);
  auto page = app.get("/pickups");
  CHECK(page.body.find(due_today ? "今天要揽收（含逾期）：2" : "今天要揽收（含逾期）：0") !=
        std::string::npos);
  const auto ids = integration::query(st.db(), "SELECT id FROM pickup ORDER BY brand");
  REQUIRE(ids.size() == 2);
  CHECK(app.submit("/pickups/fail", {{"id", ids[0][0]}}).status == 422);  // a reason is required
  CHECK(app.submit("/pickups/fail", {{"id", ids[0][0]}, {"failure_reason", "快递员未到"}}).status == 303);
  CHECK(app.submit("/pickups/collect", {{"id", ids[1][0]}, {"tracking_no", "ZT123456789"}}).status == 303);
  CHECK(integration::query(st.db(), "SELECT status FROM pickup ORDER BY brand")[1][0] == "picked_up");

  // Courier point: villages are ticked by name from the pulled list.
  auto form = app.get("/points/new");
  CHECK(form.body.find("value=\"" + std::string(integration::k_village_b) + "\"") != std::string::npos);
  REQUIRE(app.submit("/points/new", {{"name", "大成村口驿站"},
                                     {"kind", "served_village"},
                                     {"village_code", integration::k_village_a},
                                     {"brands", "ZTO"},
                                     {"brands", "YTO"},
                                     {"served_villages", integration::k_village_b},
                                     {"days_per_week", "5"},
                                     {"opened_on", "2026-01-05"}})
              .status == 303);
  const std::string pid = integration::query(st.db(), "SELECT id FROM courier_point")[0][0];
  CHECK(integration::query(st.db(), "SELECT brands, served_villages FROM courier_point")[0][0] ==
        "[\"ZTO\",\"YTO\"]");
  auto edit = app.submit("/points/edit?id=" + pid, {{"name", "大成村口驿站"},
                                                    {"kind", "served_village"},
                                                    {"village_code", integration::k_village_a},
                                                    {"brands", "ZTO"},
                                                    {"days_per_week", "9"}});
  CHECK(edit.status == 422);
  CHECK(edit.body.find("<div class=\"f bad\" id=\"f-days_per_week\">") != std::string::npos);
  CHECK(app.submit("/points/close", {{"id", pid}, {"closed_on", format_date(today_shanghai())}}).status ==
        303);
  CHECK(!integration::query(st.db(), "SELECT closed_on FROM courier_point")[0][0].empty());
}

TEST_CASE("CSV import previews per-row errors (UTF-8 or GBK) and writes only on commit", "[web][import]") {
  integration::hub_fixture hub;
  integration::station_fixture st(hub, integration::k_village_a, "大成村服务站");
  web_app app(st);
  app.begin_session();
  // GBK as Excel on Chinese Windows saves it: 红薯 = BA EC CA ED, 土豆 = CD C1 B6 B9.
  const std::string gbk =
      "product_name,category,quantity,unit,price_yuan,farmer_phone\r\n"
      "\xBA\xEC\xCA\xED,vegetable,500,kg,2.50,13812345678\r\n"
      "\xCD\xC1\xB6\xB9,vegetable,300,kg,1.20,12345\r\n";
  std::string type;
  auto preview = app.post("/import/preview",
                          multipart({{"kind", "listings"}, {"_csrf", app.csrf()}}, "农产品.csv", gbk, type),
                          type, {{"Origin", app.origin()}});
  REQUIRE(preview.status == 200);
  CHECK(preview.body.find("gb18030") != std::string::npos);
  CHECK(preview.body.find("第 3 行") != std::string::npos);
  CHECK(preview.body.find("红薯") != std::string::npos);
  CHECK(count_of(st.db(), "listing") == 0);
  CHECK(count_of(st.db(), "outbox") == 0);
  const std::string token = [&] {
    auto at = preview.body.find("name=\"token\" value=\"");
    REQUIRE(at != std::string::npos);
    return preview.body.substr(at + 20, 32);
  }();
  // Committing with a bad row and without "skip" writes nothing; with it, the good row.
  CHECK(app.submit("/import/commit", {{"token", token}, {"kind", "listings"}}).status == 422);
  CHECK(count_of(st.db(), "listing") == 0);
  CHECK(app.submit("/import/commit", {{"token", token}, {"kind", "listings"}, {"skip_bad", "1"}}).status ==
        303);
  CHECK(count_of(st.db(), "listing") == 1);
  // Cancel drops the upload.
  auto again = app.post("/import/preview",
                        multipart({{"kind", "listings"}, {"_csrf", app.csrf()}}, "a.csv", gbk, type), type,
                        {{"Origin", app.origin()}});
  const std::string token2 = again.body.substr(again.body.find("name=\"token\" value=\"") + 20, 32);
  CHECK(app.submit("/import/cancel", {{"token", token2}}).status == 303);
  CHECK(app.submit("/import/commit", {{"token", token2}, {"kind", "listings"}, {"skip_bad", "1"}}).status ==
        404);
  CHECK(count_of(st.db(), "listing") == 1);
  CHECK(!fs::exists(st.data() / "web-import" / (token2 + ".csv")));

  // UTF-8 (with a BOM, as Excel's "CSV UTF-8" saves it) previews and imports the same way.
  const std::string utf8 =
      "\xEF\xBB\xBF产品名称,品类,数量,单位,单价（元）\r\n荣昌夏布,handicraft,3,个,120\r\n"
      "白茶,tea,x,斤,80\r\n";
  auto u = app.post("/import/preview",
                    multipart({{"kind", "listings"}, {"_csrf", app.csrf()}}, "u.csv", utf8, type), type,
                    {{"Origin", app.origin()}});
  REQUIRE(u.status == 200);
  CHECK(u.body.find("utf-8-bom") != std::string::npos);
  CHECK(u.body.find("荣昌夏布") != std::string::npos);
  CHECK(u.body.find("第 3 行") != std::string::npos);
  CHECK(count_of(st.db(), "listing") == 1);
  const std::string token3 = u.body.substr(u.body.find("name=\"token\" value=\"") + 20, 32);
  CHECK(app.submit("/import/commit", {{"token", token3}, {"kind", "listings"}, {"skip_bad", "1"}}).status ==
        303);
  CHECK(count_of(st.db(), "listing") == 2);
  CHECK(integration::query(st.db(), "SELECT count(*) FROM listing WHERE product_name = '荣昌夏布'")[0][0] ==
        "1");

  // Export is the same file as `station export`.
  auto csv = app.get("/export?kind=listings");
  CHECK(csv.status == 200);
  CHECK(csv.body == st.st({"export", "listings"}).out);
}
