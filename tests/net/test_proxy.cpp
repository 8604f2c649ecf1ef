// The fault-injection proxy in front of the HTTPS server: clean pass-through with byte
// counters, a cut after N bytes, and added latency.
#include <catch2/catch.hpp>

#include <fstream>

#include "net_fixture.hpp"

using namespace cunzhan;
using namespace cunzhan::test;

namespace {

// Starts fault_proxy in front of target with extra args; returns its port (0 on failure).
unsigned short start_proxy(const tls_fixture& f, unsigned short target, std::vector<std::string> extra,
                           std::unique_ptr<process>& proc, const std::string& tag) {
  auto port_file = f.dir / (tag + ".port");
  std::vector<std::string> argv = {
      proxy_bin(),   "--listen",        "127.0.0.1:0", "--target", "127.0.0.1:" + std::to_string(target),
      "--port-file", port_file.string()};
  argv.insert(argv.end(), extra.begin(), extra.end());
  proc = std::make_unique<process>(argv, std::map<std::string, std::string>{},
                                   (f.dir / (tag + ".log")).string());
  for (int i = 0; i < 500; ++i) {
    if (fs::exists(port_file)) {
      std::string text = read_file(port_file);
      if (!text.empty()) return static_cast<unsigned short>(std::stoi(text));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return 0;
}

// Waits (bounded) until the proxy log mentions `needle`.
std::string wait_log(const tls_fixture& f, const std::string& tag, const std::string& needle) {
  std::string log;
  for (int i = 0; i < 500; ++i) {
    log = read_file(f.dir / (tag + ".log"));
    if (log.find(needle) != std::string::npos) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return log;
}

// Incompressible bytes, so the server's zstd reply stays as big as the request.
std::string noise(std::size_t n) {
  std::string out(n, '\0');
  std::uint32_t x = 2463534242u;
  for (auto& c : out) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    c = static_cast<char>('!' + x % 90);
  }
  return out;
}

}  // namespace

TEST_CASE("proxy: bytes pass through and are counted", "[net][proxy]") {
  tls_fixture f;
  running_server srv(f.server_opts());
  std::unique_ptr<process> proxy;
  unsigned short port = start_proxy(f, srv.port(), {}, proxy, "pass");
  REQUIRE(port != 0);
  std::string payload(20000, 'p');
  {
    net::https_client client(f.client_opts(port));
    auto r = client.request("POST", "/through", {}, payload);
    REQUIRE(r.ok());
    CHECK(r->body == payload);
    client.close();
  }
  std::string log = wait_log(f, "pass", "conn 1 up=");
  CHECK(log.find("conn 1 up=") != std::string::npos);
  auto pos = log.find("conn 1 up=");
  if (pos != std::string::npos) {
    std::uint64_t up = std::stoull(log.substr(pos + 10));
    CHECK(up > payload.size());  // TLS framing adds to the payload
  }
}

TEST_CASE("proxy: a cut after N bytes truncates the response", "[net][proxy]") {
  tls_fixture f;
  running_server srv(f.server_opts());
  std::unique_ptr<process> proxy;
  unsigned short port = start_proxy(f, srv.port(), {"--cut-down-after", "3000", "--once"}, proxy, "cut");
  REQUIRE(port != 0);
  std::string payload = noise(20000);
  net::https_client client(f.client_opts(port));
  auto r = client.request("POST", "/cut", {}, payload);
  REQUIRE_FALSE(r.ok());
  bool network_side = r.err().code == errc::network_error || r.err().code == errc::tls_error;
  CHECK(network_side);
  std::string log = wait_log(f, "cut", "conn 1 up=");
  CHECK(log.find("down=3000") != std::string::npos);
  // --once: the next connection is clean.
  auto again = client.request("POST", "/cut", {}, payload);
  REQUIRE(again.ok());
  CHECK(again->body == payload);
}

TEST_CASE("proxy: reset cut and stall are reported as errors", "[net][proxy]") {
  tls_fixture f;
  running_server srv(f.server_opts());
  std::unique_ptr<process> proxy;
  SECTION("reset") {
    unsigned short port = start_proxy(f, srv.port(), {"--cut-up-after", "1000", "--reset"}, proxy, "rst");
    REQUIRE(port != 0);
    net::https_client client(f.client_opts(port));
    CHECK_FALSE(client.request("POST", "/", {}, std::string(5000, 'r')).ok());
  }
  SECTION("stall") {
    unsigned short port = start_proxy(f, srv.port(), {"--cut-down-after", "2000", "--stall"}, proxy, "stall");
    REQUIRE(port != 0);
    auto o = f.client_opts(port);
    o.io_timeout = std::chrono::milliseconds(1500);
    net::https_client client(o);
    auto r = client.request("POST", "/", {}, noise(20000));
    REQUIRE_FALSE(r.ok());
    CHECK(r.err().code == errc::timeout);
  }
}

TEST_CASE("proxy: latency and rate limits keep the data intact", "[net][proxy]") {
  tls_fixture f;
  running_server srv(f.server_opts());
  std::unique_ptr<process> proxy;
  unsigned short port =
      start_proxy(f, srv.port(), {"--latency-ms", "30", "--rate-bps", "400000"}, proxy, "slow");
  REQUIRE(port != 0);
  std::string payload;
  for (int i = 0; i < 5000; ++i) payload += std::to_string(i * 7919 % 1000) + ",";
  net::https_client client(f.client_opts(port));
  auto r = client.request("POST", "/latency", {}, payload);
  REQUIRE(r.ok());
  CHECK(r->body == payload);
}
