// The real `hub` against clients that bend HTTP: HEAD on a kept-alive connection, two
// Host headers, compressed bodies sent to routes open to anyone (a zstd bomb flood before
// sign-in, with the hub's memory read from /proc), a route's limit on the decompressed
// size, and one client address trying to hold every connection slot.
#include <catch2/catch.hpp>

#include <atomic>
#include <fstream>
#include <thread>

#include <boost/json.hpp>

#include "../net/raw_http.hpp"
#include "../net/raw_socket.hpp"
#include "cunzhan/shared/compress.hpp"
#include "cunzhan/shared/json_util.hpp"
#include "cunzhan/shared/uuid.hpp"
#include "hub_fixture.hpp"
#include "hub_process.hpp"

using namespace cunzhan;
using namespace cunzhan::hub::testing;
using namespace std::chrono_literals;

namespace {

// Sends raw bytes over TLS and returns all the hub answered until it closed.
std::string tls_exchange(const hub_process& h, const std::string& bytes) {
  auto r = test::run({"/usr/bin/openssl", "s_client", "-connect", "127.0.0.1:" + std::to_string(h.port),
                      "-quiet", "-ign_eof", "-CAfile", h.certs + "/ca.pem", "-verify_return_error"},
                     bytes);
  return r.out;
}

std::string host_line(const hub_process& h) { return "Host: 127.0.0.1:" + std::to_string(h.port) + "\r\n"; }

// A field of /proc/PID/status in KiB ("VmRSS", "VmHWM"); -1 when absent.
long proc_kib(pid_t pid, const std::string& field) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  for (std::string line; std::getline(in, line);) {
    if (line.rfind(field + ":", 0) == 0) return std::stol(line.substr(field.size() + 1));
  }
  return -1;
}

// The wire contract's error body, with both languages.
bool bilingual_error(const std::string& body, const std::string& code) {
  auto v = parse_json(body);
  if (!v || !v->is_object() || !v->as_object().contains("error")) return false;
  const auto& e = v->at("error");
  return e.at("code").as_string() == code && !e.at("message").as_string().empty() &&
         !e.at("message_zh").as_string().empty();
}

// A push batch of n new listings, padded with trailing spaces (valid JSON) to `bytes`.
std::string padded_batch(std::int64_t first_seq, int n, const std::string& village, std::size_t bytes) {
  boost::json::array ops;
  for (int i = 0; i < n; ++i) ops.push_back(listing_op(first_seq + i, uuid_v4(), village));
  std::string body = boost::json::serialize(batch(std::move(ops)));
  if (body.size() < bytes) body.append(bytes - body.size(), ' ');
  return body;
}

}  // namespace

TEST_CASE("HEAD answers with GET's headers and no body, so a pipelined GET is read right",
          "[hub][net][head]") {
  hub_process h;
  const auto out =
      tls_exchange(h, "HEAD /v1/health HTTP/1.1\r\n" + host_line(h) + "\r\n" +  //
                          "HEAD /dashboard HTTP/1.1\r\n" + host_line(h) + "\r\n" +
                          "GET /v1/health HTTP/1.1\r\n" + host_line(h) + "Connection: close\r\n\r\n");
  INFO(out);
  auto head = test::response_at(out, 0);
  REQUIRE(head);
  CHECK(head->status == 200);
  CHECK(head->headers["content-type"].rfind("application/json", 0) == 0);
  CHECK(head->content_length() > 0);
  // No body: the next response starts right after the header.
  auto page = test::response_at(out, head->body_at);
  REQUIRE(page);
  CHECK(page->status == 200);
  CHECK(page->headers["content-type"].rfind("text/html", 0) == 0);
  CHECK(page->content_length() > 500);  // the sign-in page's length, not sent
  auto get = test::response_at(out, page->body_at);
  REQUIRE(get);
  CHECK(get->status == 200);
  CHECK(get->content_length() == head->content_length());
  const std::string body = out.substr(get->body_at);
  CHECK(body.size() == get->content_length());
  auto v = parse_json(body);
  REQUIRE(v);
  CHECK(v->at("status").as_string() == "ok");
}

TEST_CASE("a request with two Host headers is refused with 400", "[hub][net][framing]") {
  hub_process h;
  const auto two =
      tls_exchange(h, "GET /v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nHost: evil.example\r\n\r\n");
  INFO(two);
  auto r = test::response_at(two, 0);
  REQUIRE(r);
  CHECK(r->status == 400);
  CHECK(bilingual_error(two.substr(r->body_at), "bad_request"));
  CHECK(two.find("Host") != std::string::npos);  // the message names the problem
  const auto one =
      tls_exchange(h, "GET /v1/health HTTP/1.1\r\n" + host_line(h) + "Connection: close\r\n\r\n");
  auto ok = test::response_at(one, 0);
  REQUIRE(ok);
  CHECK(ok->status == 200);
  const auto m = h.metrics_text();
  CHECK(m.find("cunzhan_hub_requests_total{route=\"/v1/health\",status=\"400\"} 1") != std::string::npos);
}

TEST_CASE(
    "compressed bodies to open routes are refused on the header, and memory stays bounded under a bomb "
    "flood",
    "[hub][net][limits]") {
  hub_process h;
  // ~1 KB of zstd that inflates to the old server-wide limit of 32 MiB.
  const std::string bomb = zstd_compress(std::string(32 << 20, '\0'), 19);
  REQUIRE(bomb.size() < 4096);
  const net::header_list zstd_form{{"content-type", "application/x-www-form-urlencoded"},
                                   {"content-encoding", "zstd"}};
  {
    auto r = h.client()->request("POST", "/dashboard/login", zstd_form, bomb);
    REQUIRE(r);
    CHECK(r->status == 415);
    CHECK(bilingual_error(r->body, "unsupported_encoding"));
    const net::header_list gzip_form{{"content-type", "application/x-www-form-urlencoded"},
                                     {"content-encoding", "gzip"}};
    auto g =
        h.client()->request("POST", "/dashboard/logout", gzip_form, gzip_compress(std::string(1 << 20, 'a')));
    REQUIRE(g);
    CHECK(g->status == 415);
  }
  const pid_t pid = h.server->pid();
  const long rss_before = proc_kib(pid, "VmRSS");
  REQUIRE(rss_before > 0);
  // 16 clients × 3 bombs at once, while another client keeps asking for /v1/health.
  constexpr int k_clients = 16, k_each = 3;
  std::atomic<int> finished{0}, refused{0};
  std::vector<std::thread> clients;
  for (int i = 0; i < k_clients; ++i) {
    clients.emplace_back([&] {
      for (int k = 0; k < k_each; ++k) {
        auto r = h.client()->request("POST", "/dashboard/login", zstd_form, bomb);
        if (r && r->status == 415) ++refused;
      }
      ++finished;
    });
  }
  int health_ok = 0, health_failed = 0;
  while (finished < k_clients) {
    auto r = h.client()->request("GET", "/v1/health", {}, "");
    (r && r->status == 200 ? health_ok : health_failed) += 1;
  }
  for (auto& t : clients) t.join();
  const long hwm = proc_kib(pid, "VmHWM");
  INFO("VmRSS before " << rss_before << " KiB, VmHWM after " << hwm << " KiB; health answers " << health_ok);
  CHECK(refused == k_clients * k_each);
  CHECK(health_ok >= 1);
  CHECK(health_failed == 0);
  // Nothing was inflated: the peak stays within a few MiB of where it was (it was
  // hundreds of MiB when each bomb was inflated to 32 MiB).
  CHECK(hwm - rss_before < 48 * 1024);
  auto after = h.client()->request("GET", "/v1/health", {}, "");
  REQUIRE(after);
  CHECK(after->status == 200);
}

TEST_CASE("the route's body limit bounds the decompressed size too", "[hub][net][limits]") {
  hub_process h;
  h.restart({"--max-body-bytes", "65536"});
  auto headers = hub_process::auth(h.st_a.token);
  headers.emplace_back("content-encoding", "zstd");
  // Within the limit once inflated: applied.
  auto fits = h.client()->request("POST", "/v1/sync/push", headers,
                                  zstd_compress(padded_batch(1, 5, h.st_a.village_code, 60'000)));
  REQUIRE(fits);
  CHECK(fits->status == 200);
  // 5 KB on the wire, 200 KB inflated: over the 64 KiB limit, refused, nothing applied.
  const std::string big = zstd_compress(padded_batch(6, 5, h.st_a.village_code, 200'000));
  REQUIRE(big.size() < 65536);
  auto over = h.client()->request("POST", "/v1/sync/push", headers, big);
  REQUIRE(over);
  CHECK(over->status == 413);
  CHECK(bilingual_error(over->body, "payload_too_large"));
  const auto m = h.metrics_text();
  CHECK(hub_process::metric(m, "cunzhan_hub_ops_total{status=\"applied\"}") == 5);
}

TEST_CASE("one client address cannot take every connection slot", "[hub][net][connections]") {
  hub_process h;
  h.restart(
      {"--max-connections", "8", "--max-connections-per-address", "3", "--handshake-timeout-ms", "120000"});
  const std::string refused_series = "cunzhan_hub_connections_refused_total{reason=\"per_address\"}";
  // 127.0.0.2 opens 12 connections and sends nothing (each would hold a slot for 2 minutes).
  std::vector<test::raw_socket> hog;
  for (int i = 0; i < 12; ++i) {
    hog.emplace_back(h.port, "127.0.0.2");
    REQUIRE(hog.back().ok());
  }
  long long refused = 0;
  for (int i = 0; i < 300 && refused < 9; ++i) {
    refused = hub_process::metric(h.metrics_text(), refused_series);
    if (refused < 9) std::this_thread::sleep_for(100ms);
  }
  CHECK(refused == 9);
  int closed_by_hub = 0;
  for (auto& s : hog) {
    bool closed = false;
    s.read_for(200ms, closed);
    closed_by_hub += closed ? 1 : 0;
  }
  CHECK(closed_by_hub == 9);  // the three within the cap are still held open
  // Other addresses are still served: a station push and a second client address.
  boost::json::array ops;
  ops.push_back(listing_op(1, uuid_v4(), h.st_a.village_code));
  auto push = h.client()->request("POST", "/v1/sync/push", hub_process::auth(h.st_a.token),
                                  boost::json::serialize(batch(std::move(ops))));
  REQUIRE(push);
  CHECK(push->status == 200);
  test::raw_socket other(h.port, "127.0.0.3");
  REQUIRE(other.ok());
  bool other_closed = false;
  other.read_for(300ms, other_closed);
  CHECK_FALSE(other_closed);
  const auto m = h.metrics_text();
  INFO(m);
  CHECK(hub_process::metric(m, refused_series) == 9);
  CHECK(hub_process::metric(m, "cunzhan_hub_connections_refused_total{reason=\"capacity\"}") == 0);
}
