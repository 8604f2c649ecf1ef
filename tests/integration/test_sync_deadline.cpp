// --deadline is a hard limit: a link that stalls mid-exchange (the proxy swallows
// everything, the TCP connection stays open) must not hold the run beyond the window.
// The run ends with 75 (try again later) and nothing is marked acknowledged.
#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <csignal>
#include <thread>

#include "fixture.hpp"

using namespace cunzhan::test;
using namespace cunzhan::test::integration;

namespace {

// Waits for a background run; the test's own guard against a hang (far beyond any
// deadline under test) — the run is killed and reported, never waited on for ever.
struct ended {
  bool by_itself = false;
  int code = -1;
  double seconds = 0;
};

ended await(process& p, std::chrono::steady_clock::time_point t0, std::chrono::seconds guard) {
  while (p.running() && std::chrono::steady_clock::now() - t0 < guard)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  ended e;
  e.by_itself = !p.running();
  if (!e.by_itself) p.kill_now(9);
  e.code = p.wait();
  e.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return e;
}

// A bare TCP listener on 127.0.0.1: the test sees the moment the sync's connection is
// accepted (before any TLS byte), which no TLS server exposes.
class bare_listener {
 public:
  bare_listener() {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    REQUIRE((fd_ >= 0 && ::bind(fd_, reinterpret_cast<sockaddr*>(&a), len) == 0 && ::listen(fd_, 16) == 0 &&
             ::getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len) == 0));
    port_ = ntohs(a.sin_port);
  }
  ~bare_listener() { ::close(fd_); }
  std::string address() const { return "127.0.0.1:" + std::to_string(port_); }
  // The next accepted connection's descriptor, or -1 if none came within `limit`.
  int accept_one(std::chrono::milliseconds limit) {
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(limit.count())) != 1) return -1;
    return ::accept4(fd_, nullptr, nullptr, SOCK_CLOEXEC);
  }

 private:
  int fd_ = -1;
  unsigned short port_ = 0;
};

}  // namespace

TEST_CASE("a stalled link cannot hold a sync past its deadline", "[integration][sync][deadline]") {
  hub_fixture hub;
  station_fixture st(hub, k_village_a, "大成村服务站");
  st.import_listings(300, "超时");

  // Up: the handshake and the start of the push pass, then the link goes silent.
  // Down: the handshake passes, the push's answer never arrives.
  const auto direction = GENERATE(std::string("--cut-up-after"), std::string("--cut-down-after"));
  const std::string after = direction == "--cut-up-after" ? "4000" : "3000";
  proxy_fixture p(hub.port(), {direction, after, "--stall"});
  const auto t0 = std::chrono::steady_clock::now();
  process run(st.sync_argv({"--deadline", "3", "--no-pull", "--connect", p.connect()}), {},
              (st.dir() / "deadline-sync.log").string());
  const ended e = await(run, t0, std::chrono::seconds(100));
  INFO(direction << " " << after << ": " << read_file(st.dir() / "deadline-sync.log"));
  WARN("sync_deadline " << direction << ": --deadline 3 run ended after " << e.seconds << " s");
  REQUIRE(e.by_itself);
  CHECK(e.code == 75);
  CHECK(query_int(st.db(), "SELECT count(*) FROM outbox WHERE state = 'acked'") == 0);

  // Nothing was lost or doubled: a clean sync afterwards sends everything once.
  p.stop();
  auto clean = st.sync({"--no-pull"});
  INFO(clean.run.out << clean.run.err);
  REQUIRE(clean.run.exit_code == 0);
  CHECK(require_exactly_once(hub, st) == 300u);
}

TEST_CASE("a stop signal ends a sync with 75 and loses nothing, even on a stalled link",
          "[integration][sync][signal]") {
  hub_fixture hub;
  station_fixture st(hub, k_village_a, "大成村服务站");
  st.import_listings(300, "停止");
  // The push starts, then the link goes silent: only the stop can end the run early.
  proxy_fixture p(hub.port(), {"--cut-up-after", "4000", "--stall"});
  const auto t0 = std::chrono::steady_clock::now();
  process run(st.sync_argv({"--no-pull", "--nightly", "--connect", p.connect()}), {},
              (st.dir() / "stop-sync.log").string());
  while (p.conns().empty() && std::chrono::steady_clock::now() - t0 < std::chrono::seconds(60))
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  REQUIRE_FALSE(p.conns().empty());
  ::kill(run.pid(), SIGTERM);
  const ended e = await(run, t0, std::chrono::seconds(100));
  INFO(read_file(st.dir() / "stop-sync.log"));
  REQUIRE(e.by_itself);
  CHECK(e.code == 75);  // try again later; not a death by the signal
  p.stop();
  auto clean = st.sync({"--no-pull"});
  INFO(clean.run.out << clean.run.err);
  REQUIRE(clean.run.exit_code == 0);
  CHECK(require_exactly_once(hub, st) == 300u);
}

// Issue 17, defect 6 on the station side: a stop (SIGTERM from systemd, SIGINT from
// Ctrl+C) arriving the moment the sync's connection is accepted is a stop (exit 75, the
// rest next time), never a death by the signal. Repeated, since the window is short.
TEST_CASE("a stop at the sync's first accepted connection ends it with 75, every time",
          "[integration][sync][signal]") {
  hub_fixture hub;
  station_fixture st(hub, k_village_a, "大成村服务站");
  st.import_listings(20, "首连");
  bare_listener l;
  for (int i = 0; i < 8; ++i) {
    INFO("try " << i);
    const auto t0 = std::chrono::steady_clock::now();
    process run(st.sync_argv({"--no-pull", "--connect", l.address()}), {},
                (st.dir() / "first-conn-sync.log").string());
    const int conn = l.accept_one(std::chrono::seconds(60));
    REQUIRE(conn >= 0);
    ::kill(run.pid(), i % 2 ? SIGINT : SIGTERM);
    ::close(conn);  // the handshake fails too: the stop must win over any retry
    const ended e = await(run, t0, std::chrono::seconds(100));
    INFO(read_file(st.dir() / "first-conn-sync.log"));
    REQUIRE(e.by_itself);
    CHECK(e.code == 75);
  }
  auto clean = st.sync({"--no-pull"});
  INFO(clean.run.out << clean.run.err);
  REQUIRE(clean.run.exit_code == 0);
  CHECK(require_exactly_once(hub, st) == 20u);
}
