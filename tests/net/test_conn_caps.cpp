// The per-client-address connection cap of the server: which addresses count as one
// client (an IPv6 host usually holds a whole /64), and on the wire, that connections over
// one address's cap are closed at once while another address is still served.
#include <catch2/catch.hpp>

#include <thread>

// A private header of cunzhan_net, included by path: address_key has no public face.
#include "../../shared/src/net/server_impl.hpp"
#include "net_fixture.hpp"
#include "raw_socket.hpp"

using namespace cunzhan;
using namespace cunzhan::test;
using namespace std::chrono_literals;

TEST_CASE("connection caps: one IPv4 address, or one IPv6 /64, is one client", "[net][caps]") {
  const auto key = [](const char* a) { return net::address_key(boost::asio::ip::make_address(a)); };
  CHECK(key("192.0.2.7") == "192.0.2.7");
  CHECK(key("192.0.2.7") != key("192.0.2.8"));
  CHECK(key("::ffff:192.0.2.7") == key("192.0.2.7"));  // a v4 client on a dual-stack socket
  CHECK(key("2001:db8:1:2::1") == key("2001:db8:1:2:ffff:ffff:ffff:ffff"));
  CHECK(key("2001:db8:1:2::1") != key("2001:db8:1:3::1"));
}

TEST_CASE("connection caps: an address over its cap is closed at once, another is served", "[net][caps]") {
  tls_fixture f;
  auto o = f.server_opts();
  o.tls = false;
  o.max_connections_per_address = 2;
  running_server srv(o);
  std::vector<raw_socket> hog;
  for (int i = 0; i < 5; ++i) {
    hog.emplace_back(srv.port(), "127.0.0.2");
    REQUIRE(hog.back().ok());
  }
  for (int i = 0; i < 300 && srv.server->stats().refused_per_address < 3; ++i)
    std::this_thread::sleep_for(10ms);
  CHECK(srv.server->stats().refused_per_address == 3);
  int closed_by_server = 0;
  for (auto& s : hog) {
    bool closed = false;
    s.read_for(100ms, closed);
    closed_by_server += closed ? 1 : 0;
  }
  CHECK(closed_by_server == 3);
  // 127.0.0.1 is another client: its request is answered.
  raw_socket other(srv.port());
  REQUIRE(
      other.send("POST /x HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 2\r\nConnection: close\r\n\r\nhi"));
  bool closed = false;
  const std::string answer = other.read_for(20s, closed);
  CHECK(answer.rfind("HTTP/1.1 200", 0) == 0);
  // A hog connection that ends frees its slot for the same address.
  hog.front().close();
  for (int i = 0; i < 300 && srv.server->stats().open_connections > 1; ++i) std::this_thread::sleep_for(10ms);
  raw_socket again(srv.port(), "127.0.0.2");
  REQUIRE(
      again.send("POST /x HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"));
  CHECK(again.read_for(20s, closed).rfind("HTTP/1.1 200", 0) == 0);
  CHECK(srv.server->stats().refused_per_address == 3);
}
