// The Windows station (build-win/station-client/station.exe, scripts/build-windows)
// under Wine against the real Linux hub on 127.0.0.1: enrolment from the hub's file,
// records by commands (Chinese arguments) and by a GBK CSV (the same records as the
// Linux build makes of the same file), a sync over pinned TLS after which the hub's audit
// equals the station's outbox, station.exe killed mid-sync and resumed with nothing lost
// or sent twice, and `station serve` answering Chromium. Opt-out (never in CI):
// CUNZHAN_SKIP_WINDOWS=1.
#include <catch2/catch.hpp>

#include <boost/json.hpp>
#include <cstdlib>
#include <sstream>
#include <thread>

#include "browser.hpp"
#include "fixture.hpp"

using namespace cunzhan::test;
using namespace cunzhan::test::integration;

namespace {

const fs::path k_win_build = CUNZHAN_WIN_BUILD_DIR;

bool windows_skipped() {
  const char* v = std::getenv("CUNZHAN_SKIP_WINDOWS");
  return v && std::string(v) == "1";
}

// A Unix path as the Windows program names it (Wine's Z: drive is /).
std::string win(const fs::path& p) {
  std::string s = "Z:" + p.string();
  for (char& c : s) c = c == '/' ? '\\' : c;
  return s;
}

// station.exe on a data directory whose name has Chinese and a space, as under a
// Chinese user name on Windows.
struct wine_station {
  temp_dir dir{"wine-station"};
  fs::path data = dir / "用户 数据";
  std::string id;

  std::vector<std::string> argv(std::vector<std::string> args) const {
    std::vector<std::string> a{(k_win_build / "wine-run").string(),
                               (k_win_build / "station-client" / "station.exe").string(), "--data",
                               win(data)};
    a.insert(a.end(), args.begin(), args.end());
    return a;
  }
  run_result st(std::vector<std::string> args) const { return run(argv(std::move(args))); }
  fs::path db() const { return data / "station.db"; }
  std::vector<op_row> outbox() const {
    std::vector<op_row> out;
    for (auto& r : query(db(), "SELECT op_id, seq, state, COALESCE(error_code, '') FROM outbox ORDER BY seq"))
      out.push_back({r[0], std::stoll(r[1]), r[2], r[3]});
    return out;
  }
};

#define REQUIRE_WINDOWS_BUILD()                                          \
  do {                                                                   \
    if (windows_skipped()) {                                             \
      WARN("CUNZHAN_SKIP_WINDOWS=1: the Windows station is not tested"); \
      return;                                                            \
    }                                                                    \
    INFO("run scripts/build-windows --tests first (scripts/test does)"); \
    REQUIRE(fs::exists(k_win_build / "station-client" / "station.exe")); \
    REQUIRE(fs::exists(k_win_build / "wine-run"));                       \
  } while (0)

void require_ok(const run_result& r, const std::string& what) {
  INFO(what << "\nstdout: " << r.out << "\nstderr: " << r.err);
  REQUIRE(r.exit_code == 0);
}

// The hub holds exactly the station's outbox: the same op ids, each once, all applied.
void require_audit_equals_outbox(const hub_fixture& hub, const wine_station& ws, std::size_t expected) {
  const auto outbox = ws.outbox();
  const auto audit = hub.audit(ws.id);
  REQUIRE(outbox.size() == expected);
  REQUIRE(audit.size() == outbox.size());
  std::map<std::string, int> seen;
  for (const auto& a : audit) ++seen[a.op_id];
  for (const auto& o : outbox) {
    INFO("op " << o.op_id << " seq " << o.seq << " state " << o.state);
    CHECK(o.state == "acked");
    CHECK(seen[o.op_id] == 1);
  }
  for (const auto& a : audit) CHECK(a.state == "applied");
  CHECK(integrity(ws.db()) == "ok");
}

// Rows for `import listings`: Chinese names and notes, as an officer types them in Excel.
std::string listing_rows(int n, const std::string& prefix) {
  std::ostringstream csv;
  csv << "product_name,category,quantity,unit,price_yuan,farmer_name,farmer_phone,status,note\n";
  for (int i = 0; i < n; ++i)
    csv << prefix << "红薯" << i << ",vegetable," << (10 + i) << ",斤," << (1 + i % 9) << ".50,农户" << i
        << ",1381234" << (1000 + i) << ",listed,第" << i << "行\n";
  return csv.str();
}

// The imported listings' officer-visible fields, in order (ids and times differ per run).
std::vector<std::string> listing_view(const fs::path& db) {
  std::vector<std::string> out;
  for (auto& r :
       query(db,
             "SELECT json_extract(doc, '$.product_name'), json_extract(doc, '$.quantity'), "
             "json_extract(doc, '$.unit'), json_extract(doc, '$.price_fen'), "
             "json_extract(doc, '$.note') FROM listing ORDER BY json_extract(doc, '$.product_name')"))
    out.push_back(r[0] + "|" + r[1] + "|" + r[2] + "|" + r[3] + "|" + r[4]);
  return out;
}

}  // namespace

TEST_CASE("station.exe enrols, records in Chinese, imports GBK and syncs to the Linux hub",
          "[wine][windows]") {
  REQUIRE_WINDOWS_BUILD();
  hub_fixture hub;
  wine_station ws;
  const fs::path enrol = ws.dir / "注册 文件.json";
  ws.id = hub.enroll(k_village_a, "大成村服务站", enrol);
  auto init = ws.st({"init", win(enrol)});
  require_ok(init, "station.exe init");
  CHECK(init.out.find("大成村服务站") != std::string::npos);

  auto add = ws.st({"--lang", "zh", "listing", "add", "--product", "荣昌 夏布", "--category", "handicraft",
                    "--quantity", "20", "--unit", "个", "--price", "88.00", "--note", "手工织造"});
  require_ok(add, "listing add");
  CHECK(add.out.find("已登记产品：") != std::string::npos);
  require_ok(ws.st({"pickup", "add", "--brand", "中通", "--parcels", "3", "--note", "寄往重庆"}),
             "pickup add");
  require_ok(ws.st({"point", "add", "--name", "村口 驿站", "--brands", "ZTO,YTO", "--kind", "village_fixed",
                    "--days", "6"}),
             "point add");

  // The same GBK file into station.exe and into the Linux station: the same records.
  const std::string gbk = to_gbk(listing_rows(30, "盘龙"));
  write_file(ws.dir / "表格 一.csv", gbk);
  auto imp = ws.st({"--lang", "zh", "import", "listings", win(ws.dir / "表格 一.csv")});
  require_ok(imp, "import GBK");
  CHECK(imp.out.find("gb18030") != std::string::npos);
  station_fixture linux_station(hub, k_village_b, "方家坝村服务站");
  write_file(linux_station.dir() / "g.csv", gbk);
  require_ok(linux_station.st({"import", "listings", (linux_station.dir() / "g.csv").string()}),
             "linux import");
  auto on_windows = listing_view(ws.db());
  auto on_linux = listing_view(linux_station.db());
  on_windows.erase(std::remove_if(on_windows.begin(), on_windows.end(),
                                  [](const std::string& s) { return s.starts_with("荣昌 夏布"); }),
                   on_windows.end());
  CHECK(on_windows.size() == 30);
  CHECK(on_windows == on_linux);

  // Chinese on the way out too: the list, and a refused record named in both languages.
  auto list = ws.st({"--lang", "zh", "listing", "list"});
  CHECK(list.out.find("荣昌 夏布") != std::string::npos);
  CHECK(list.out.find("产品数：31") != std::string::npos);
  auto bad = ws.st({"listing", "add", "--product", "红薯", "--category", "vegetable", "--quantity", "-1",
                    "--unit", "斤", "--price", "1.00"});
  CHECK(bad.exit_code == 2);
  CHECK(bad.err.find("错误") != std::string::npos);
  CHECK(bad.err.find("error") != std::string::npos);

  auto sync = ws.st({"--json", "sync"});
  require_ok(sync, "sync over pinned TLS");
  CHECK(boost::json::parse(sync.out).as_object().at("outcome").as_string() == "complete");
  require_audit_equals_outbox(hub, ws, 33);
  // A second sync sends nothing new.
  auto again = ws.st({"--json", "sync"});
  require_ok(again, "second sync");
  CHECK(boost::json::parse(again.out).as_object().at("ops_sent").as_int64() == 0);
}

TEST_CASE("station.exe killed mid-sync resumes with no op lost or sent twice", "[wine][windows]") {
  REQUIRE_WINDOWS_BUILD();
  hub_fixture hub;
  wine_station ws;
  const fs::path enrol = ws.dir / "enrol.json";
  ws.id = hub.enroll(k_village_a, "大成村服务站", enrol);
  require_ok(ws.st({"init", win(enrol)}), "init");
  // A slow link (the fault proxy, 40 ms each way) and small batches: the sync lasts long
  // enough for the kill to land mid-transfer.
  proxy_fixture link(hub.port(), {"--latency-ms", "40"});
  std::size_t total = 0;
  int interrupted = 0;
  for (int round = 0; round < 3; ++round) {
    write_file(ws.dir / "rows.csv", listing_rows(60, "r" + std::to_string(round)));
    require_ok(ws.st({"import", "listings", win(ws.dir / "rows.csv")}), "import");
    total += 60;
    process sync(ws.argv({"--json", "sync", "--batch", "4", "--no-pull", "--connect", link.connect()}), {},
                 (ws.dir / "killed-sync.log").string());
    // Kill once the hub holds some of this round's ops but not all (bounded wait).
    for (int i = 0; i < 600 && sync.running(); ++i) {
      const auto held = query_int(hub.db(), "SELECT count(*) FROM op_log WHERE station_id = '" + ws.id + "'");
      if (held > static_cast<std::int64_t>(total - 60) + 8) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    if (sync.running()) ++interrupted;
    sync.kill_now(9);  // the Wine process is the Windows process: no goodbye
    sync.wait();
    CHECK(integrity(ws.db()) == "ok");
  }
  CHECK(interrupted >= 1);
  auto finish = ws.st({"--json", "sync"});
  require_ok(finish, "sync after the kills");
  require_audit_equals_outbox(hub, ws, total);
}

TEST_CASE("station serve under Wine answers the web app's pages to Chromium", "[wine][windows][browser]") {
  REQUIRE_WINDOWS_BUILD();
  REQUIRE(browser::available());
  hub_fixture hub;
  wine_station ws;
  const fs::path enrol = ws.dir / "enrol.json";
  ws.id = hub.enroll(k_village_a, "大成村服务站", enrol);
  require_ok(ws.st({"init", win(enrol)}), "init");
  require_ok(ws.st({"listing", "add", "--product", "红心猕猴桃", "--category", "fruit", "--quantity", "100",
                    "--unit", "kg", "--price", "12.00"}),
             "listing add");
  const unsigned short port = free_port();
  process serve(ws.argv({"serve", "--port", std::to_string(port)}), {}, (ws.dir / "serve.log").string());
  REQUIRE(wait_for_port(port, std::chrono::seconds(120)));
  const std::string base = "http://127.0.0.1:" + std::to_string(port);
  browser b(fs::path(CUNZHAN_BINARY_DIR) / "test-artifacts" / "wine");
  b.navigate(base + "/?lang=zh");
  CHECK(b.eval("document.getElementById('queue-pending').textContent") == "1");
  b.screenshot("wine-home");
  b.navigate(base + "/listings");
  CHECK(b.eval("document.querySelector('tbody').textContent").find("红心猕猴桃") != std::string::npos);
  // A form through the browser: the listing is saved by station.exe.
  b.navigate(base + "/listings/new");
  b.eval(
      "(function(){var f=document.querySelector('form.box');f.elements['product_name'].value='盘龙生姜';"
      "f.elements['category'].value='vegetable';f.elements['quantity'].value='200';f.elements['unit'].value='"
      "斤';"
      "f.elements['price_yuan'].value='3.20';f.querySelector('button[type=submit]').click();return 1;})()");
  b.wait_for_load();
  CHECK(b.eval("location.pathname") == "/listings");
  CHECK(b.eval("document.querySelector('tbody').textContent").find("盘龙生姜") != std::string::npos);
  b.screenshot("wine-listing-added");
  serve.kill_now(9);
  serve.wait();
  CHECK(query_int(ws.db(), "SELECT count(*) FROM listing") == 2);
}
