// `hub serve` when its disk fails or fills (issue 20, items 3 and 5): a read error at
// start-up is not "corrupt"; a full disk is answered 503 + Retry-After, logged with
// route, station and SQLite code, counted in /metrics; the station says it is the
// hub's and keeps its ops; once there is room again everything arrives exactly once.
#include <catch2/catch.hpp>

#include <regex>

#include "disk_support.hpp"
#include "fixture.hpp"
#include "http/http_reply.hpp"

namespace cunzhan::test::disk {
namespace {

using namespace integration;

constexpr const char* k_curl = "/usr/bin/curl";

std::vector<std::string> serve_argv(const hub_fixture& h) {
  return {hub_bin(),  "serve",
          "--data",   h.data().string(),
          "--listen", "127.0.0.1:" + std::to_string(free_port()),
          "--cert",   (h.dir() / "certs" / "server.pem").string(),
          "--key",    (h.dir() / "certs" / "server.key").string()};
}

std::string staff_token(const hub_fixture& h) {
  const auto out =
      h.hub({"staff", "add", "--data", h.data().string(), "--name", "王科长", "--county", k_county}).out;
  std::smatch m;
  if (!std::regex_search(out, m, std::regex("token=(sf_[0-9a-f_]+)")))
    throw std::runtime_error("no staff token: " + out);
  return m[1];
}

std::string metrics(const hub_fixture& h, const std::string& token) {
  return run({k_curl, "-sS", "--cacert", h.ca().string(), "-H", "Authorization: Bearer " + token,
              h.url() + "/metrics"})
      .out;
}

}  // namespace

TEST_CASE("hub serve start-up calls a read error a read error and not corruption (issue 20 item 3)") {
  hub_fixture h;
  h.stop();
  auto r = run(with_fiu({"enable name=posix/io/rw/pread,failinfo=5"}, serve_argv(h)));
  INFO(r.err);
  CHECK(r.exit_code == 1);
  CHECK_FALSE(says_corrupt(r));
  CHECK(r.err.find("not a damaged database") != std::string::npos);
  CHECK(r.err.find("Input/output error") != std::string::npos);
  // Healthy again: it starts, and the file is intact.
  h.start();
  CHECK(h.hub({"check", "--data", h.data().string()}).exit_code == 0);
}

TEST_CASE(
    "a full hub disk is 503 + logged + counted and the station says so and keeps its ops (issue 20 item 5)") {
  hub_fixture h;
  station_fixture st(h, k_village_a, "大成村服务站");
  const std::string token = staff_token(h);
  st.import_listings(300, "HUBFULL");
  // Move the hub's data onto a small tmpfs and fill it.
  h.stop();
  temp_dir keep{"disk-hub-data"};
  fs::copy(h.data(), keep.path() / "data", fs::copy_options::recursive);
  small_fs small(h.data(), 24u << 20);
  if (!small.mounted()) {
    WARN("full-disk hub case skipped: " << small.why_not());
    return;
  }
  fs::copy(keep.path() / "data", h.data(), fs::copy_options::recursive);
  h.start();      // healthy start: its WAL and shared-memory index exist
  small.fill(0);  // then the disk fills under the running hub

  auto r = st.sync({"--no-pull", "--deadline", "10"});  // Retry-After 300 s: give up at once
  INFO(r.run.err << r.run.out);
  CHECK(r.run.exit_code == 75);  // try again later: the ops wait
  const std::string msg = r.run.out + r.run.err;
  CHECK(msg.find("the hub reports") != std::string::npos);
  CHECK(msg.find("区县服务器报告") != std::string::npos);
  CHECK(msg.find("Disk full") != std::string::npos);
  CHECK(query_int(st.db(), "SELECT count(*) FROM outbox WHERE state = 'acked'") == 0);
  CHECK(query_int(st.db(), "SELECT count(*) FROM outbox WHERE state IN ('pending', 'in_flight')") == 300);

  const std::string log = read_file(h.dir() / "hub.log");
  INFO(log);
  CHECK(log.find("storage error: route=/v1/sync/push station=" + st.id()) != std::string::npos);
  CHECK(log.find("code=disk_full") != std::string::npos);
  CHECK(log.find("status=503") != std::string::npos);
  CHECK(log.find("[code 13]") != std::string::npos);  // SQLITE_FULL
  const std::string m = metrics(h, token);
  INFO(m);
  CHECK(m.find("cunzhan_hub_storage_errors_total{route=\"/v1/sync/push\",code=\"disk_full\"}") !=
        std::string::npos);
  CHECK(m.find("cunzhan_hub_requests_total{route=\"/v1/sync/push\",status=\"503\"}") != std::string::npos);
  // Room again: the hub recovers by itself, everything arrives exactly once.
  small.free_space();
  auto ok = st.sync({"--no-pull"});
  INFO(ok.run.err);
  CHECK(ok.run.exit_code == 0);
  CHECK(require_exactly_once(h, st) == 300);
  h.stop();
  CHECK(h.hub({"check", "--data", h.data().string()}).exit_code == 0);
}

TEST_CASE("the hub answers a full disk with 503 and Retry-After (issue 20 item 5)") {
  const auto r = hub::error_reply(
      error(errc::disk_full, "no space left on the disk of /srv/hub (free: 0 B of 2.0 MiB)"));
  CHECK(r.status == 503);
  bool retry_after = false;
  for (const auto& [k, v] : r.headers) retry_after = retry_after || (k == "retry-after" && !v.empty());
  CHECK(retry_after);
  CHECK(r.body.find("\"code\":\"disk_full\"") != std::string::npos);
}

}  // namespace cunzhan::test::disk
