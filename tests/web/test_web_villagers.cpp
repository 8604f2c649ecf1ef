// The villager register, 代买 orders and services pages (issue 18): in headless Chromium at
// 1024×768 in Chinese an officer registers a villager (a bad phone is shown at its field,
// everything typed kept), records an order, marks it arrived and handed over, and records
// a service; over plain HTTP the pages keep the weight budget, the form limit and CSRF
// hold for them, and the privacy note is on the register page.
#include <catch2/catch.hpp>

#include "browser_forms.hpp"

using namespace cunzhan::test;
using namespace cunzhan::test::web;

namespace {

std::string one(const fs::path& db, const std::string& sql) {
  return integration::query(db, sql).at(0).at(0);
}

}  // namespace

TEST_CASE("an officer registers a villager, follows a 代买 order and records a service, in Chromium",
          "[web][browser][villagers]") {
  REQUIRE(browser::available());
  integration::hub_fixture hub;
  integration::station_fixture st(hub, integration::k_village_a, "大成村服务站");
  REQUIRE(st.sync().run.exit_code == 0);  // the county's villages, for the village choice
  web_app app(st);
  browser b(artifacts_dir());

  // 1. The register: the page says what stays here; a bad phone is refused at its field.
  b.navigate(app.url("/villagers?lang=zh"));
  CHECK(text_of(b, "#privacy").find("只保存在本机") != std::string::npos);
  fill_and_submit(b, {{"name", "欧阳春花"}, {"phone", "1391234"}, {"household_size", "5"}, {"note", "独居"}});
  CHECK(text_of(b, "#f-phone .err").find("手机号码") != std::string::npos);
  CHECK(b.eval("document.getElementById('i-name').value") == "欧阳春花");
  CHECK(b.eval("document.getElementById('i-household_size').value") == "5");
  CHECK(b.eval("document.getElementById('i-note').value") == "独居");
  b.screenshot("villager-bad-phone");
  CHECK(count_of(st.db(), "villager") == 0);
  fill_and_submit(b, {{"phone", "13987654321"}});
  CHECK(b.eval("location.pathname") == "/villagers");
  CHECK(text_of(b, "p.ok") == "已保存。");
  CHECK(text_of(b, "tbody").find("139****4321") != std::string::npos);
  CHECK(text_of(b, "tbody").find("13987654321") == std::string::npos);
  b.screenshot("villager-added");
  REQUIRE(count_of(st.db(), "villager") == 1);
  const std::string vid = one(st.db(), "SELECT id FROM villager");

  // 2. An order: refused without an amount, then saved; arrived; handed over.
  b.navigate(app.url("/orders"));
  fill_and_submit(
      b, {{"villager_id", vid}, {"category", "farm_input"}, {"platform", "pinduoduo"}, {"item_count", "2"}});
  CHECK(text_of(b, "#f-amount_yuan .err").find("金额") != std::string::npos);
  CHECK(count_of(st.db(), "proxy_buy") == 0);
  fill_and_submit(b, {{"amount_yuan", "86.50"}});
  CHECK(b.eval("location.pathname") == "/orders");
  REQUIRE(count_of(st.db(), "proxy_buy") == 1);
  CHECK(one(st.db(), "SELECT json_extract(doc, '$.amount_fen') FROM proxy_buy") == "8650");
  b.eval("(document.querySelector('form[action=\"/orders/arrive\"] button').click(), 1)");
  b.wait_for_load();
  CHECK(text_of(b, "#waiting").find("1") != std::string::npos);
  b.screenshot("order-arrived");
  b.eval("(document.querySelector('form[action=\"/orders/handover\"] button').click(), 1)");
  b.wait_for_load();
  CHECK(text_of(b, "p.ok") == "已交付给村民。");
  CHECK(one(st.db(), "SELECT status FROM proxy_buy") == "handed_over");

  // 3. A service; the order's own 代买 service is there already, once.
  b.navigate(app.url("/services"));
  fill_and_submit(b, {{"villager_id", vid}, {"kind", "bill_payment"}, {"note", "代缴电费"}});
  CHECK(b.eval("location.pathname") == "/services");
  CHECK(text_of(b, "tbody").find("缴费") != std::string::npos);
  CHECK(text_of(b, "tbody").find("代买") != std::string::npos);
  b.screenshot("services");
  CHECK(count_of(st.db(), "service") == 2);

  // 4. A listing for the villager keeps its seller and villager through an edit in the form.
  auto l = st.st({"--json", "listing", "add", "--product", "红薯", "--category", "vegetable", "--quantity",
                  "500", "--unit", "斤", "--price", "2.50", "--villager", vid});
  REQUIRE(l.exit_code == 0);
  const std::string lid = one(st.db(), "SELECT id FROM listing");
  b.navigate(app.url("/listings/edit?id=" + lid));
  CHECK(b.eval("document.getElementById('i-villager_id').value") == vid);
  fill_and_submit(b, {{"price_yuan", "3.00"}});
  CHECK(b.eval("location.pathname") == "/listings");
  CHECK(one(st.db(), "SELECT json_extract(doc, '$.villager_id') FROM listing") == vid);
  CHECK(one(st.db(), "SELECT json_extract(doc, '$.price_fen') FROM listing") == "300");
  CHECK(count_of(st.db(), "service") == 3);  // its 代卖 service, once: the edit added none

  // Usable at 1024×768: no page is wider than the window.
  for (const std::string& page :
       std::vector<std::string>{"/villagers", "/orders", "/services", "/", "/listings/edit?id=" + lid,
                                "/villagers?lang=en", "/orders?lang=en"}) {
    b.navigate(app.url(page));
    INFO(page << ": page " << b.eval("document.documentElement.scrollWidth"));
    CHECK(b.eval("String(document.documentElement.scrollWidth <= 1024)") == "true");
  }
}

TEST_CASE("villager pages: weight, form limit and CSRF as the other forms", "[web][forms][villagers]") {
  integration::hub_fixture hub;
  integration::station_fixture st(hub, integration::k_village_a, "大成村服务站");
  std::string csv = "姓名,手机号,家庭人口\n";
  for (int i = 0; i < 300; ++i)
    csv += "村民" + std::to_string(i) + ",1391234" + std::to_string(1000 + i) + ",3\n";
  write_file(st.dir() / "v.csv", csv);
  REQUIRE(st.st({"import", "villagers", (st.dir() / "v.csv").string()}).exit_code == 0);
  for (int i = 0; i < 60; ++i)
    REQUIRE(st.st({"order", "add", "--villager", "村民" + std::to_string(i), "--category", "daily",
                   "--platform", "jd", "--amount", "12.50"})
                .exit_code == 0);
  web_app app(st);
  app.begin_session();
  const auto css = app.get("/static/app.css"), js = app.get("/static/app.js");
  for (const std::string page : {"/villagers", "/orders", "/services"}) {
    auto r = app.get(page);
    INFO(page);
    CHECK(r.status == 200);
    CHECK(r.body.size() + css.body.size() + js.body.size() < 150 * 1024);
  }
  const auto villagers = count_of(st.db(), "villager");
  const auto outbox = count_of(st.db(), "outbox");
  fields f = {{"name", "张三"}, {"household_size", "3"}, {"_csrf", app.csrf()}};
  fields padded = f;
  padded.emplace_back("padding", std::string(1 << 20, 'x'));
  CHECK(app.post("/villagers", form_encode(padded), "application/x-www-form-urlencoded",
                 {{"Origin", app.origin()}})
            .status == 413);
  CHECK(app.submit("/villagers", {{"name", "张三"}, {"household_size", "3"}}, false).status == 403);
  CHECK(count_of(st.db(), "villager") == villagers);
  CHECK(count_of(st.db(), "outbox") == outbox);
  // A refused form is shown again (422) with the problem at its field, nothing saved.
  auto bad = app.submit("/villagers", {{"name", ""}, {"household_size", "0"}});
  CHECK(bad.status == 422);
  CHECK(bad.body.find("id=\"f-household_size\"") != std::string::npos);
  CHECK(count_of(st.db(), "villager") == villagers);
  CHECK(app.submit("/villagers", {{"name", "张三"}, {"household_size", "3"}}).status == 303);
  CHECK(count_of(st.db(), "villager") == villagers + 1);
}
