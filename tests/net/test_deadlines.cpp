// Per-read deadlines and header-time refusals, with a raw TCP client and short
// timeouts: a silent TLS connection, a trickled header, a stalled body and a body
// trickled just fast enough to dodge the idle timeout are all closed; a GET with a body
// and an unknown Content-Encoding are refused before a body byte is sent. Assertions are
// on "the server closed it" (within a generous bound), never on how fast.
#include <catch2/catch.hpp>

#include "net_fixture.hpp"
#include "raw_socket.hpp"

using namespace cunzhan;
using namespace cunzhan::test;
using namespace std::chrono_literals;

namespace {

constexpr auto k_generous = 20s;  // "closed at all", far above the 300 ms deadlines

net::server_options short_deadlines(const tls_fixture& f, bool tls) {
  auto o = f.server_opts();
  o.tls = tls;
  o.handshake_timeout = 300ms;
  o.header_timeout = 300ms;
  o.body_timeout_base = 300ms;
  o.idle_timeout = 300ms;
  return o;
}

// Sends `piece` every 50 ms until the server closes; false if it never does in time.
bool trickle_until_closed(raw_socket& s, const std::string& piece) {
  const auto until = std::chrono::steady_clock::now() + k_generous;
  while (std::chrono::steady_clock::now() < until) {
    if (!s.send(piece)) return true;
    bool closed = false;
    s.read_for(50ms, closed);
    if (closed) return true;
  }
  return false;
}

// Waits (generously) until the server has forgotten every connection.
bool drains(const running_server& srv) {
  for (int i = 0; i < 1000 && srv.server->stats().open_connections > 0; ++i)
    std::this_thread::sleep_for(20ms);
  return srv.server->stats().open_connections == 0;
}

bool starts_with_status(const std::string& raw, int status) {
  return raw.rfind("HTTP/1.1 " + std::to_string(status), 0) == 0;
}

}  // namespace

TEST_CASE("deadlines: a TCP connection that never starts TLS is closed", "[net][deadline]") {
  tls_fixture f;
  running_server srv(short_deadlines(f, true));
  raw_socket s(srv.port());
  REQUIRE(s.ok());
  for (int i = 0; i < 500 && srv.server->stats().open_connections == 0; ++i)
    std::this_thread::sleep_for(10ms);
  CHECK(srv.server->stats().open_connections == 1);
  bool closed = false;
  s.read_for(k_generous, closed);
  CHECK(closed);
  CHECK(drains(srv));
  CHECK(srv.server->stats().tls_handshake_failures >= 1);
}

TEST_CASE("deadlines: a header trickled a byte at a time is cut", "[net][deadline]") {
  tls_fixture f;
  running_server srv(short_deadlines(f, false));
  raw_socket s(srv.port());
  REQUIRE(s.ok());
  REQUIRE(s.send("GET / HTTP/1.1\r\nHost: a\r\n"));
  CHECK(trickle_until_closed(s, "X"));
  CHECK(drains(srv));
  CHECK(srv.handler->admits == 0);
}

TEST_CASE("deadlines: a body that stalls is cut", "[net][deadline]") {
  tls_fixture f;
  running_server srv(short_deadlines(f, false));
  raw_socket s(srv.port());
  REQUIRE(s.ok());
  REQUIRE(s.send("POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 1000\r\n\r\n0123456789"));
  bool closed = false;
  s.read_for(k_generous, closed);
  CHECK(closed);
  CHECK(drains(srv));
  CHECK(srv.handler->handles == 0);
}

TEST_CASE("deadlines: a body trickled under the idle timeout still meets the absolute cap",
          "[net][deadline]") {
  tls_fixture f;
  auto o = short_deadlines(f, false);
  o.body_timeout_base = 2s;         // each 50 ms byte is well inside the per-read timeout
  o.min_body_rate_bytes_per_s = 1;  // base + size / rate would be hours...
  o.body_time_cap = 1s;             // ...so only the cap can end it
  running_server srv(o);
  raw_socket s(srv.port());
  REQUIRE(s.ok());
  REQUIRE(s.send("POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 60000\r\n\r\n"));
  CHECK(trickle_until_closed(s, "x"));
  CHECK(drains(srv));
  CHECK(srv.handler->handles == 0);
}

TEST_CASE("deadlines: a GET announcing a body is refused before it is sent", "[net][deadline]") {
  tls_fixture f;
  running_server srv(short_deadlines(f, false));
  for (const char* framing : {"Content-Length: 50000\r\n", "Transfer-Encoding: chunked\r\n"}) {
    raw_socket s(srv.port());
    REQUIRE(s.ok());
    REQUIRE(s.send(std::string("GET / HTTP/1.1\r\nHost: a\r\n") + framing + "\r\n"));
    bool closed = false;
    auto raw = s.read_for(k_generous, closed);
    INFO(raw);
    CHECK(starts_with_status(raw, 400));
    CHECK(raw.find("message_zh") != std::string::npos);
  }
  CHECK(srv.handler->admits == 0);
  CHECK(srv.handler->refusals == 2);
}

TEST_CASE("deadlines: an unknown Content-Encoding gets 415 from the header alone", "[net][deadline]") {
  tls_fixture f;
  auto o = short_deadlines(f, false);
  o.body_timeout_base = 60s;  // were the body awaited, the 415 would never come in time
  o.body_time_cap = 60s;
  running_server srv(o);
  raw_socket s(srv.port());
  REQUIRE(s.ok());
  REQUIRE(s.send("POST /x HTTP/1.1\r\nHost: a\r\nContent-Encoding: br\r\nContent-Length: 60000\r\n\r\n"));
  bool closed = false;
  auto raw = s.read_for(k_generous, closed);
  INFO(raw);
  CHECK(starts_with_status(raw, 415));
  CHECK(raw.find("unsupported_encoding") != std::string::npos);
  CHECK(srv.handler->admits == 0);
  CHECK(srv.handler->last_refused == 415);
}

TEST_CASE("deadlines: the application is told about a 431 it never saw", "[net][deadline]") {
  tls_fixture f;
  running_server srv(short_deadlines(f, false));
  raw_socket s(srv.port());
  REQUIRE(s.ok());
  REQUIRE(s.send("GET / HTTP/1.1\r\nHost: a\r\nX-Big: " + std::string(16 * 1024, 'a') + "\r\n\r\n"));
  bool closed = false;
  auto raw = s.read_for(k_generous, closed);
  CHECK(starts_with_status(raw, 431));
  CHECK(srv.handler->admits == 0);
  CHECK(srv.handler->refusals == 1);
  CHECK(srv.handler->last_refused == 431);
}
