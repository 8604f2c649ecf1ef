// Connection handling: keep-alive reuse, idle half-open connections, plain HTTP mode,
// graceful stop with a request in flight.
#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "net_fixture.hpp"

using namespace cunzhan;
using namespace cunzhan::test;

namespace {

// A plain TCP connection to 127.0.0.1:port that never says anything.
int silent_connect(unsigned short port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return -1;
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

}  // namespace

TEST_CASE("server: keep-alive serves three requests on one connection", "[net][server]") {
  tls_fixture f;
  running_server srv(f.server_opts());
  net::https_client client(f.client_opts(srv.port()));
  for (int i = 0; i < 3; ++i) {
    auto r = client.request("POST", "/n", {}, "req" + std::to_string(i));
    REQUIRE(r.ok());
    CHECK(r->body == "req" + std::to_string(i));
  }
  CHECK(srv.server->stats().accepted == 1);
  CHECK(srv.handler->handles == 3);
}

TEST_CASE("server: the client reconnects after the server closed an idle connection", "[net][server]") {
  tls_fixture f;
  auto o = f.server_opts();
  o.idle_timeout = std::chrono::milliseconds(200);
  running_server srv(o);
  net::https_client client(f.client_opts(srv.port()));
  REQUIRE(client.request("GET", "/a", {}, "").ok());
  // Wait (bounded) until the server has dropped the idle connection.
  for (int i = 0; i < 200 && srv.server->stats().open_connections > 0; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  REQUIRE(srv.server->stats().open_connections == 0);
  auto r = client.request("GET", "/b", {}, "");
  REQUIRE(r.ok());
  CHECK(r->status == 200);
  CHECK(srv.server->stats().accepted == 2);
}

TEST_CASE("server: 200 silent connections do not starve an honest client", "[net][server]") {
  tls_fixture f;
  auto o = f.server_opts();
  o.max_connections_per_address = 0;  // all 200 come from 127.0.0.1: the total is under test
  running_server srv(o);
  std::vector<int> fds;
  for (int i = 0; i < 200; ++i) {
    int fd = silent_connect(srv.port());
    if (fd >= 0) fds.push_back(fd);
  }
  CHECK(fds.size() == 200);
  net::https_client client(f.client_opts(srv.port()));
  for (int i = 0; i < 3; ++i) {
    auto r = client.request("POST", "/honest", {}, "hi");
    REQUIRE(r.ok());
    CHECK(r->body == "hi");
  }
  CHECK(srv.server->stats().accepted >= 201);
  srv.server->stop();  // must not wait for the silent ones
  CHECK(srv.server->stats().open_connections == 0);
  for (int fd : fds) ::close(fd);
}

TEST_CASE("server: connections beyond max_connections are closed at once", "[net][server]") {
  tls_fixture f;
  auto o = f.server_opts();
  o.max_connections = 2;
  running_server srv(o);
  int a = silent_connect(srv.port()), b = silent_connect(srv.port());
  for (int i = 0; i < 200 && srv.server->stats().open_connections < 2; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  net::https_client client(f.client_opts(srv.port()));
  auto r = client.request("GET", "/", {}, "");
  CHECK_FALSE(r.ok());
  ::close(a);
  ::close(b);
  for (int i = 0; i < 300 && srv.server->stats().open_connections > 0; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  auto later = client.request("GET", "/", {}, "");
  CHECK(later.ok());
}

TEST_CASE("server: plain HTTP mode for the loopback web app", "[net][server]") {
  tls_fixture f;
  auto o = f.server_opts();
  o.tls = false;
  running_server srv(o);
  auto co = f.client_opts(srv.port());
  co.tls = false;
  net::https_client client(co);
  auto r = client.request("GET", "/page?x=%E5%9C%9F", {}, "");
  REQUIRE(r.ok());
  CHECK(r->status == 200);
}

TEST_CASE("server: graceful stop lets an in-flight slow request finish", "[net][server]") {
  tls_fixture f;
  running_server srv(f.server_opts());
  result<net::http_response> answer = errc::server_error;
  std::thread t([&] {
    net::https_client client(f.client_opts(srv.port()));
    answer = client.request("POST", "/slow", {}, "patience");
  });
  for (int i = 0; i < 500 && !srv.handler->slow_entered; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  REQUIRE(srv.handler->slow_entered);
  srv.server->stop();
  t.join();
  REQUIRE(answer.ok());
  CHECK(answer->status == 200);
  CHECK(answer->body == "patience");
  // After stop nothing listens any more.
  net::https_client late(f.client_opts(srv.port()));
  CHECK_FALSE(late.request("GET", "/", {}, "").ok());
}
