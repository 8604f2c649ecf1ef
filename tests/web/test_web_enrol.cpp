// First start: `station serve` of a station that is not enrolled shows only the
// enrolment page; the hub's enrolment file uploaded there (with the session's CSRF token,
// under the same size limits as every form) enrols the station exactly as `station init`
// does, so it then syncs with the real hub. And `serve --open`, what the 村站 shortcut
// starts: opens the browser (a stand-in xdg-open records the address), and a second
// click only opens the browser again.
#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <thread>

#include <boost/json.hpp>

#include "browser.hpp"
#include "web_fixture.hpp"

using namespace cunzhan::test;
using namespace cunzhan::test::web;

namespace {

// A multipart/form-data body with the CSRF field and one file part.
std::string multipart(const std::string& boundary, const std::string& csrf, const std::string& file_data) {
  std::string b =
      "--" + boundary + "\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n" + csrf + "\r\n";
  b += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"enrol.json\"\r\n";
  b += "Content-Type: application/json\r\n\r\n" + file_data + "\r\n--" + boundary + "--\r\n";
  return b;
}

cunzhan::net::http_response upload(const web_app& app, const std::string& csrf, const std::string& data) {
  const std::string boundary = "----cunzhanTestBoundary7MA4YWxk";
  return app.post("/enrol", multipart(boundary, csrf, data), "multipart/form-data; boundary=" + boundary,
                  {{"Origin", app.origin()}});
}

bool enrolled(const fs::path& data) {
  return run({station_bin(), "--data", data.string(), "status"}).exit_code == 0;
}

// A stand-in for xdg-open that appends the URL it was given to calls.
fs::path fake_xdg_open(const fs::path& dir, const fs::path& calls) {
  fs::create_directories(dir);
  write_file(dir / "xdg-open", "#!/bin/sh\necho \"$1\" >> '" + calls.string() + "'\n");
  fs::permissions(dir / "xdg-open", fs::perms::owner_all);
  return dir;
}

std::string wait_for_text(const fs::path& file, std::size_t lines) {
  for (int i = 0; i < 300; ++i) {
    std::error_code ec;
    if (fs::exists(file, ec)) {
      const std::string s = read_file(file);
      if (static_cast<std::size_t>(std::count(s.begin(), s.end(), '\n')) >= lines) return s;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return fs::exists(file) ? read_file(file) : "";
}

}  // namespace

TEST_CASE("a station that is not enrolled offers enrolment from the hub's file", "[web][enrol]") {
  integration::hub_fixture hub;
  temp_dir dir("web-enrol");
  const fs::path data = dir / "data";
  const fs::path file = dir / "enrol.json";
  const std::string station_id = hub.enroll(integration::k_village_a, "大成村服务站", file);
  web_app app(data, dir / "serve.log");

  auto home = app.get("/");
  CHECK(home.status == 303);
  CHECK(*home.header("location") == "/enrol");
  CHECK(app.get("/listings").status == 303);
  app.begin_session("/enrol");
  auto page = app.get("/enrol");
  REQUIRE(page.status == 200);
  CHECK(page.body.find("注册本服务站") != std::string::npos);
  CHECK(page.body.find("href=\"/listings\"") == std::string::npos);  // no navigation before enrolment
  const std::string token = csrf_in(page.body);
  REQUIRE(token.size() == 64);

  SECTION("without the CSRF token nothing happens") {
    CHECK(upload(app, "", read_file(file)).status == 403);
    CHECK_FALSE(enrolled(data));
  }
  SECTION("a file that is not an enrolment is refused with its problems, in Chinese") {
    auto r = upload(app, token, R"({"format": "cunzhan-enrolment/1", "hub_url": "http://x"})");
    CHECK(r.status == 422);
    CHECK(r.body.find("id=\"enrol-error\"") != std::string::npos);
    CHECK(r.body.find("hub_url") != std::string::npos);
    CHECK_FALSE(enrolled(data));
    CHECK(upload(app, token, "").status == 422);
  }
  SECTION("a file larger than any form is refused from its header") {
    CHECK(upload(app, token, std::string(300 << 10, 'x')).status == 413);
    CHECK_FALSE(enrolled(data));
  }
  SECTION("the hub's file enrols the station, which then syncs with the hub") {
    auto r = upload(app, token, read_file(file));
    REQUIRE(r.status == 303);
    CHECK(*r.header("location") == "/?ok=enrolled");
    auto after = app.get("/?ok=enrolled");
    CHECK(after.status == 200);
    CHECK(after.body.find("大成村服务站") != std::string::npos);
    CHECK(after.body.find("注册成功") != std::string::npos);
    CHECK(app.get("/enrol").status == 303);  // gone once enrolled
    // Enrolment cannot be replaced from the web, even with a valid token.
    CHECK(upload(app, csrf_in(after.body), read_file(file)).status == 409);
    REQUIRE(enrolled(data));
    auto add = run({station_bin(), "--data", data.string(), "listing", "add", "--product", "红薯",
                    "--category", "vegetable", "--quantity", "5", "--unit", "斤", "--price", "2"});
    REQUIRE(add.exit_code == 0);
    auto sync = run({station_bin(), "--data", data.string(), "sync"});
    INFO(sync.err);
    CHECK(sync.exit_code == 0);
    CHECK(hub.audit(station_id).size() == 1);
  }
}

TEST_CASE("an officer enrols the station in Chromium by choosing the hub's file", "[web][enrol][browser]") {
  REQUIRE(browser::available());
  integration::hub_fixture hub;
  temp_dir dir("web-enrol-browser");
  const fs::path file = dir / "enrol.json";
  hub.enroll(integration::k_village_b, "方家坝村服务站", file);
  web_app app(dir / "data", dir / "serve.log");
  browser b(artifacts_dir());
  b.navigate(app.url("/"));
  CHECK(b.eval("location.pathname") == "/enrol");
  b.screenshot("enrol");
  // The file as the file chooser would give it, then the officer's click on 注册.
  const std::string content = boost::json::serialize(boost::json::value(read_file(file)));
  b.eval(
      "(function(){var dt=new DataTransfer();dt.items.add(new File([" + content +
      "],'enrol.json',{type:'application/json'}));var i=document.getElementById('i-file');i.files=dt.files;"
      "document.getElementById('enrol').click();return 1;})()");
  b.wait_for_load();
  CHECK(b.eval("location.pathname") == "/");
  CHECK(b.eval("document.querySelector('p.ok').textContent") == "注册成功。请删除注册文件。");
  CHECK(b.eval("document.querySelector('.top .st').textContent") == "方家坝村服务站");
  b.screenshot("enrolled");
  CHECK(enrolled(dir / "data"));
}

TEST_CASE("serve --open opens the browser, and a second start only opens it again", "[web][open]") {
  temp_dir dir("web-open");
  const fs::path calls = dir / "xdg-open.calls";
  const fs::path bin = fake_xdg_open(dir / "bin", calls);
  const std::map<std::string, std::string> env = {{"PATH", bin.string() + ":" + std::getenv("PATH")}};
  web_app app(dir / "data", dir / "serve.log", {"--open"}, env);
  const std::string url = "http://127.0.0.1:" + std::to_string(app.port()) + "/";
  CHECK(wait_for_text(calls, 1) == url + "\n");
  CHECK(app.get("/ping").body == "{\"app\":\"cunzhan-station\",\"enrolled\":false}");

  auto second = run({station_bin(), "--data", (dir / "data").string(), "serve", "--open", "--port",
                     std::to_string(app.port())},
                    "", env);
  CHECK(second.exit_code == 0);
  CHECK(second.out.find("already running") != std::string::npos);
  CHECK(wait_for_text(calls, 2) == url + "\n" + url + "\n");
}

TEST_CASE("serve --open on a port another program holds fails and opens nothing", "[web][open]") {
  temp_dir dir("web-open-busy");
  const fs::path calls = dir / "xdg-open.calls";
  const fs::path bin = fake_xdg_open(dir / "bin", calls);
  // A listener that accepts connections but never answers: not a station.
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(fd >= 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
  REQUIRE(::listen(fd, 8) == 0);
  socklen_t len = sizeof a;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  auto r = run({station_bin(), "--data", (dir / "data").string(), "serve", "--open", "--port",
                std::to_string(ntohs(a.sin_port))},
               "", {{"PATH", bin.string() + ":" + std::getenv("PATH")}});
  ::close(fd);
  CHECK(r.exit_code != 0);
  CHECK_FALSE(fs::exists(calls));
}
