// The web app in a real headless Chromium at 1024×768: add a listing through the form,
// submit a bad phone number and see the error at the field with everything else kept
// (Chinese, then English), sync to a real hub and see the queue empty. Screenshots go
// to <build>/test-artifacts/web; page bytes and time to first paint are printed.
#include <catch2/catch.hpp>

#include <iostream>

#include "browser_forms.hpp"

using namespace cunzhan::test;
using namespace cunzhan::test::web;

namespace {

void report_page(browser& b, const std::string& name) {
  // First contentful paint from the Paint Timing API, else DOMContentLoaded.
  const std::string fcp = b.eval(
      "(function(){var p=performance.getEntriesByName('first-contentful-paint')[0];"
      "var t=performance.timing;return "
      "p?Math.round(p.startTime):(t.domContentLoadedEventEnd-t.navigationStart);})()");
  std::cout << "  " << name << ": " << b.bytes_received() << " B over the wire, first paint " << fcp
            << " ms\n";
}

}  // namespace

TEST_CASE("an officer adds a listing, fixes a bad phone and syncs, in Chromium", "[web][browser]") {
  REQUIRE(browser::available());
  integration::hub_fixture hub;
  integration::station_fixture st(hub, integration::k_village_a, "大成村服务站");
  st.import_listings(120, "荣昌夏布");  // demo data: the list page is not empty
  web_app app(st);
  browser b(artifacts_dir());
  std::cout << "browser pages (1024x768):\n";

  b.navigate(app.url("/"));
  CHECK(text_of(b, "#queue-pending") == "120");
  report_page(b, "/");
  b.screenshot("home");

  // 1. A listing through the form.
  b.navigate(app.url("/listings/new"));
  report_page(b, "/listings/new");
  fill_and_submit(b, {{"product_name", "红心猕猴桃"},
                      {"category", "fruit"},
                      {"quantity", "100"},
                      {"unit", "kg"},
                      {"price_yuan", "12.00"},
                      {"farmer_name", "张三"},
                      {"farmer_phone", "13812345678"}});
  CHECK(b.eval("location.pathname") == "/listings");
  CHECK(text_of(b, "p.ok") == "已保存。");
  CHECK(text_of(b, "tbody").find("红心猕猴桃") != std::string::npos);
  report_page(b, "/listings");
  b.screenshot("listing-added");
  CHECK(count_of(st.db(), "listing") == 121);

  // 2. A bad phone number: the error is at the phone field, everything typed is kept.
  b.navigate(app.url("/listings/new"));
  fill_and_submit(b, {{"product_name", "盘龙生姜"},
                      {"category", "vegetable"},
                      {"quantity", "200"},
                      {"unit", "斤"},
                      {"price_yuan", "3.50"},
                      {"farmer_name", "李四"},
                      {"farmer_phone", "1391234"},
                      {"note", "带泥"}});
  CHECK(text_of(b, "#f-farmer_phone .err").find("手机号码") != std::string::npos);
  CHECK(b.eval("document.querySelectorAll('.f.bad').length") == "1");
  CHECK(b.eval("document.getElementById('i-product_name').value") == "盘龙生姜");
  CHECK(b.eval("document.getElementById('i-farmer_phone').value") == "1391234");
  CHECK(b.eval("document.getElementById('i-farmer_name').value") == "李四");
  CHECK(b.eval("document.getElementById('i-quantity').value") == "200");
  CHECK(b.eval("document.getElementById('i-unit').value") == "斤");
  CHECK(b.eval("document.getElementById('i-note').value") == "带泥");
  b.screenshot("listing-bad-phone");
  CHECK(count_of(st.db(), "listing") == 121);
  // Fixing the one field saves it.
  fill_and_submit(b, {{"farmer_phone", "13912345678"}});
  CHECK(b.eval("location.pathname") == "/listings");
  CHECK(count_of(st.db(), "listing") == 122);

  // The same refusal in English.
  b.navigate(app.url("/listings/new?lang=en"));
  fill_and_submit(b, {{"product_name", "Ginger"},
                      {"category", "vegetable"},
                      {"quantity", "1"},
                      {"unit", "kg"},
                      {"farmer_phone", "12345"}});
  CHECK(text_of(b, "#f-farmer_phone .err").find("mobile") != std::string::npos);
  b.screenshot("listing-bad-phone-en");
  b.navigate(app.url("/?lang=zh"));

  // 3. Sync now, with the same engine as `station sync`, until the queue is empty.
  b.navigate(app.url("/sync"));
  report_page(b, "/sync");
  b.eval("(document.getElementById('sync-now').click(), 1)");
  b.wait_for_load();
  CHECK(
      b.wait_for("document.getElementById('sync-result') && "
                 "document.getElementById('queue-pending').textContent === '0'",
                 std::chrono::seconds(120)));
  CHECK(text_of(b, "#sync-result").find("同步完成") != std::string::npos);
  b.screenshot("sync-done");
  CHECK(integration::require_exactly_once(hub, st) == 122);

  // After the pull, served villages are picked by name.
  b.navigate(app.url("/points/new"));
  CHECK(b.eval("document.querySelectorAll('#cb-served_villages input[type=checkbox]').length") != "0");
  report_page(b, "/points/new");
  b.screenshot("point-form");

  // Usable at 1024×768: no page is wider than the window (no sideways scrolling).
  const std::string lid = integration::query(st.db(), "SELECT id FROM listing LIMIT 1")[0][0];
  for (const std::string& page :
       {std::string("/"), std::string("/listings"), std::string("/listings/new"), "/listings/edit?id=" + lid,
        "/listings/sell?id=" + lid, std::string("/pickups"), std::string("/points"),
        std::string("/points/new"), std::string("/import"), std::string("/sync"), std::string("/?lang=en"),
        std::string("/listings?lang=en")}) {
    b.navigate(app.url(page));
    INFO(page << ": window " << b.eval("window.innerWidth") << ", page "
              << b.eval("document.documentElement.scrollWidth"));
    CHECK(b.eval("String(document.documentElement.scrollWidth <= 1024)") == "true");
  }

  // Nothing but this app was asked for anything (data: URLs are Chromium's own icons,
  // e.g. the calendar of a date field; they never leave the browser).
  for (const auto& u : b.requested_urls()) {
    INFO(u);
    CHECK((u.rfind(app.origin() + "/", 0) == 0 || u == "about:blank" || u.rfind("data:", 0) == 0));
  }
}
