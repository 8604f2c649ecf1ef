// Shared set-up for the network tests: a CA and server certificate in a temp dir, a small
// counting handler, a started server on a free loopback port, and matching client options.
#pragma once
#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "cunzhan/net/certs.hpp"
#include "cunzhan/net/https_client.hpp"
#include "cunzhan/net/https_server.hpp"
#include "test_support.hpp"

namespace cunzhan::test {

// Echoes the request body; counts calls. "/slow" sleeps first; "x-need-auth" is refused;
// "/small" takes at most 1000 body bytes (its own limit, as a route declares one).
struct counting_handler : net::http_handler {
  std::atomic<int> admits{0};
  std::atomic<int> handles{0};
  std::atomic<bool> slow_entered{false};
  std::atomic<int> refusals{0};      // refused() calls: answered by the network layer
  std::atomic<int> last_refused{0};  // status of the last one

  std::optional<net::http_response> admit(const net::request_head& head) override {
    ++admits;
    if (head.header("x-need-auth") && !head.header("authorization")) {
      net::http_response r;
      r.status = 401;
      r.body = R"({"error":{"code":"unauthorized","message":"no token","message_zh":"无令牌"}})";
      return r;
    }
    return std::nullopt;
  }

  std::size_t body_limit(const net::request_head& head) override { return head.path == "/small" ? 1000 : 0; }

  void refused(const net::request_head*, int status) override {
    last_refused = status;
    ++refusals;
  }

  net::http_response handle(net::http_request&& req) override {
    ++handles;
    if (req.path == "/slow") {
      slow_entered = true;
      std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    }
    net::http_response r;
    r.content_type = "application/octet-stream";
    r.headers.emplace_back("x-method", req.method);
    r.headers.emplace_back("x-wire-bytes", std::to_string(req.wire_bytes));
    r.body = std::move(req.body);
    return r;
  }
};

struct tls_fixture {
  temp_dir dir{"cunzhan-net"};
  net::key_pair_pem ca;
  net::key_pair_pem leaf;
  std::string cert_file, key_file, ca_file;

  explicit tls_fixture(const std::vector<std::string>& hosts = {"127.0.0.1", "localhost"}) {
    auto c = net::make_ca("Cunzhan Test CA");
    if (!c) throw std::runtime_error("make_ca failed");
    ca = *c;
    auto l = net::make_server_cert(ca, hosts);
    if (!l) throw std::runtime_error("make_server_cert failed");
    leaf = *l;
    cert_file = (dir / "server.pem").string();
    key_file = (dir / "server.key").string();
    ca_file = (dir / "ca.pem").string();
    write_file(cert_file, leaf.cert_pem);
    write_file(key_file, leaf.key_pem);
    write_file(ca_file, ca.cert_pem);
  }

  net::server_options server_opts() const {
    net::server_options o;
    o.port = 0;
    o.cert_file = cert_file;
    o.key_file = key_file;
    o.threads = 2;
    o.max_body_bytes = 64 * 1024;
    o.max_decompressed_bytes = 1 << 20;
    o.handshake_timeout = std::chrono::seconds(5);
    o.header_timeout = std::chrono::seconds(5);
    o.idle_timeout = std::chrono::seconds(5);
    o.shutdown_grace = std::chrono::seconds(10);
    return o;
  }

  net::client_options client_opts(unsigned short port) const {
    net::client_options o;
    o.host = "127.0.0.1";
    o.port = port;
    o.ca_pem = ca.cert_pem;
    o.connect_timeout = std::chrono::seconds(10);
    o.io_timeout = std::chrono::seconds(20);
    return o;
  }
};

// A server started on a free port with a counting handler; stopped on destruction.
struct running_server {
  std::shared_ptr<counting_handler> handler = std::make_shared<counting_handler>();
  std::unique_ptr<net::https_server> server;

  explicit running_server(net::server_options o) {
    server = std::make_unique<net::https_server>(std::move(o), handler);
    auto st = server->start();
    if (!st) throw std::runtime_error("server start failed: " + st.err().describe(lang::en));
  }
  ~running_server() { server->stop(); }
  unsigned short port() const { return server->bound_port(); }
};

// Sends raw bytes over TLS with `openssl s_client` and returns what the server answered
// (the server closes after each error, which ends s_client).
inline std::string raw_tls_exchange(const tls_fixture& f, unsigned short port, const std::string& bytes) {
  auto r = run({"/usr/bin/openssl", "s_client", "-connect", "127.0.0.1:" + std::to_string(port), "-quiet",
                "-ign_eof", "-CAfile", f.ca_file, "-verify_return_error"},
               bytes);
  return r.out;
}

}  // namespace cunzhan::test
