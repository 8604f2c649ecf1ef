// The unattended nightly run (cron / systemd timer): exit 75 and one log line while the
// hub is down, exit 0 with a quiet stdout and one more line once it is up, and a second
// sync of the same station refused (75) while one holds the lock.
#include <sys/stat.h>

#include <algorithm>
#include <sstream>

#include <catch2/catch.hpp>
#include <thread>

#include "fixture.hpp"

using namespace cunzhan::test;
using namespace cunzhan::test::integration;

namespace {

std::vector<std::string> log_lines(const fs::path& p) {
  std::vector<std::string> out;
  std::istringstream in(read_file(p));
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) out.push_back(line);
  return out;
}

// True while process `pid` holds the flock on `file`, read from /proc/locks so that
// probing never takes the lock itself (which could make the real run lose the race).
bool holds_flock(pid_t pid, const fs::path& file) {
  struct stat sb {};
  if (::stat(file.c_str(), &sb) != 0) return false;
  std::istringstream in(read_file("/proc/locks"));
  const std::string who = " " + std::to_string(pid) + " ";
  const std::string inode = ":" + std::to_string(sb.st_ino) + " ";
  for (std::string line; std::getline(in, line);)
    if (line.find("FLOCK") != std::string::npos && line.find(who) != std::string::npos &&
        line.find(inode) != std::string::npos)
      return true;
  return false;
}

}  // namespace

TEST_CASE("nightly sync: 75 while the hub is down, 0 and quiet when it is up",
          "[integration][sync][nightly]") {
  hub_fixture hub;
  station_fixture st(hub, k_village_a, "大成村服务站");
  st.import_listings(30, "夜间");
  const fs::path log = st.data() / "sync.log";

  hub.stop();
  // --deadline bounds the retries against a hub that is not there.
  auto down = st.st({"sync", "--nightly", "--deadline", "4"});
  INFO(down.out << down.err);
  CHECK(down.exit_code == 75);
  CHECK(down.out.empty());
  CHECK(!down.err.empty());  // one line saying why, for the cron mail
  auto lines = log_lines(log);
  REQUIRE(lines.size() == 1);
  CHECK(lines[0].find("exit=75") != std::string::npos);
  CHECK(query_int(st.db(), "SELECT count(*) FROM outbox WHERE state = 'acked'") == 0);

  hub.start();
  auto up = st.st({"sync", "--nightly", "--deadline", "60"});
  INFO(up.out << up.err);
  CHECK(up.exit_code == 0);
  CHECK(up.out.empty());
  CHECK(up.err.empty());
  lines = log_lines(log);
  REQUIRE(lines.size() == 2);
  CHECK(lines[1].find("exit=0") != std::string::npos);
  CHECK(require_exactly_once(hub, st) == 30u);

  // A custom --log path gets the line instead.
  const fs::path other = st.dir() / "nightly.log";
  CHECK(st.st({"sync", "--nightly", "--log", other.string()}).exit_code == 0);
  CHECK(log_lines(other).size() == 1);
  CHECK(log_lines(log).size() == 2);
}

TEST_CASE("a second sync of the same station is refused while one runs", "[integration][sync][nightly]") {
  hub_fixture hub;
  station_fixture st(hub, k_village_a, "大成村服务站");
  st.import_listings(20, "并发");
  // The first run hangs on a link that swallows everything after the first bytes, so it
  // holds the lock for as long as the test needs.
  proxy_fixture stall(hub.port(), {"--cut-up-after", "10", "--stall"});
  process first(st.sync_argv({"--connect", stall.connect()}), {}, (st.dir() / "first-sync.log").string());
  const fs::path lock = st.data() / "sync.lock";
  bool held = false;
  for (int i = 0; i < 400 && !held && first.running(); ++i) {  // up to 20 s
    held = holds_flock(first.pid(), lock);
    if (!held) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  REQUIRE(held);

  auto second = st.st({"sync"});
  INFO(second.out << second.err);
  CHECK(second.exit_code == 75);
  CHECK((second.out + second.err).find("another sync") != std::string::npos);
  auto nightly = st.st({"sync", "--nightly"});
  CHECK(nightly.exit_code == 75);
  // Even a run refused by the lock leaves its line in the log.
  const auto refused = log_lines(st.data() / "sync.log");
  REQUIRE(refused.size() == 1);
  CHECK(refused[0].find("exit=75") != std::string::npos);
  CHECK(refused[0].find("another sync") != std::string::npos);
  // The refused runs changed nothing.
  CHECK(query_int(st.db(), "SELECT count(*) FROM outbox WHERE state = 'acked'") == 0);

  // kill -9 of the holder releases the lock (the kernel drops it with the descriptor).
  first.kill_now(9);
  first.wait();
  auto after = st.sync();
  INFO(after.run.out << after.run.err);
  CHECK(after.run.exit_code == 0);
  CHECK(require_exactly_once(hub, st) == 20u);
  require_integrity(hub, st);
}

TEST_CASE("a nightly run that cannot open the store still logs its line", "[integration][sync][nightly]") {
  temp_dir dir("it-nightly-nostore");
  const fs::path data = dir / "data";  // never initialised
  fs::create_directories(data);
  auto r = run({station_bin(), "--data", data.string(), "sync", "--nightly"});
  CHECK(r.exit_code == 1);
  CHECK(r.out.empty());
  CHECK(!r.err.empty());
  const auto lines = log_lines(data / "sync.log");
  REQUIRE(lines.size() == 1);
  CHECK(lines[0].find("exit=1") != std::string::npos);
}

TEST_CASE("nightly exits 1 while records the hub rejected are unfixed",
          "[integration][sync][nightly][rejected]") {
  hub_fixture hub;
  station_fixture st(hub, k_village_a, "大成村服务站");
  st.import_listings(6, "退回");
  // A record the hub refuses: the station's copy of one op is made invalid (a negative
  // quantity), as a station with older validation rules would have sent it.
  query(
      st.db(),
      "UPDATE outbox SET data = json_set(data, '$.quantity', -5) WHERE seq = (SELECT max(seq) FROM outbox)");
  auto n = st.st({"--lang", "en", "sync", "--nightly"});
  INFO(n.out << n.err);
  CHECK(n.exit_code == 1);
  CHECK(n.out.empty());
  // One line on stderr, telling the officer what to do.
  CHECK(std::count(n.err.begin(), n.err.end(), '\n') == 1);
  CHECK(n.err.find("station rejected") != std::string::npos);
  const auto lines = log_lines(st.data() / "sync.log");
  REQUIRE(lines.size() == 1);
  CHECK(lines[0].find("exit=1") != std::string::npos);
  // The rest was sent, once; the rejected op carries the hub's reason at both ends.
  CHECK(require_exactly_once(hub, st) == 6u);
  auto listed = st.st({"--json", "rejected"});
  INFO(listed.out);
  CHECK(listed.out.find("\"code\":\"validation_failed\"") != std::string::npos);
  CHECK(listed.out.find("quantity must be greater than 0") != std::string::npos);
  CHECK(listed.out.find("数量必须大于 0") != std::string::npos);
  // Interactive sync of the same state: exit 0 with the hint.
  auto interactive = st.st({"--lang", "en", "sync"});
  CHECK(interactive.exit_code == 0);
  CHECK(interactive.out.find("station rejected") != std::string::npos);
  auto status = st.st({"--json", "status"});
  CHECK(status.out.find("\"rejected\":1") != std::string::npos);
  CHECK(status.out.find("\"rejected_unresolved\":1") != std::string::npos);

  // The officer fixes the record: a new op, applied; the rejected one stays on record,
  // superseded, and the next night is clean again.
  const auto entity = query(st.db(), "SELECT entity_id FROM outbox WHERE state = 'rejected'");
  REQUIRE(entity.size() == 1);
  auto fixed = st.st({"listing", "update", entity[0][0], "--quantity", "7"});
  INFO(fixed.out << fixed.err);
  REQUIRE(fixed.exit_code == 0);
  auto clean = st.st({"sync", "--nightly"});
  INFO(clean.out << clean.err);
  CHECK(clean.exit_code == 0);
  CHECK(clean.err.empty());
  CHECK(query_int(st.db(), "SELECT count(*) FROM outbox WHERE entity_id = '" + entity[0][0] +
                               "' AND state = 'acked'") >= 1);
  CHECK(query_int(st.db(),
                  "SELECT count(*) FROM outbox WHERE state = 'rejected' AND superseded_by IS NOT NULL") == 1);
  auto still = st.st({"--json", "rejected"});
  CHECK(still.out.find("validation_failed") != std::string::npos);
  CHECK(still.out.find("\"superseded_by\":null") == std::string::npos);
  CHECK(require_exactly_once(hub, st) == 7u);
}
