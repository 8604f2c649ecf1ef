// An HTTPS/1.1 server (Beast + Asio, TLS 1.2/1.3 only) hardened for the open internet:
// every read and write has a deadline, headers and bodies are size-limited (compressed
// and decompressed separately), connections are capped, and a request is admitted on
// its header alone before any body byte is read.
#pragma once
#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "cunzhan/net/http_types.hpp"
#include "cunzhan/shared/result.hpp"

namespace cunzhan::net {

struct server_options {
  std::string listen_address = "127.0.0.1";  // never 0.0.0.0 unless configured
  unsigned short port = 8443;                // 0 → pick a free port (see bound_port)
  std::string cert_file;                     // PEM chain
  std::string key_file;                      // PEM key
  bool tls = true;                           // false only for the station's loopback web app
  std::size_t threads = 0;                   // I/O threads; 0 → hardware concurrency
  // Threads that run admit()/handle(). Handlers block (SQLite, the hub's group commit
  // waits for its group), so this bounds how many requests can be queued at the
  // application at once, not the CPU used; 0 → max(64, 4 × threads).
  std::size_t handler_threads = 0;
  std::size_t max_header_bytes = 8 * 1024;
  std::size_t max_body_bytes = 8 << 20;    // as received (compressed)
  std::size_t max_decompressed_bytes = 0;  // after Content-Encoding; 0 → max_body_bytes
  std::size_t max_connections = 1024;
  // Open connections from one client address (IPv6: one /64), so a single client cannot
  // take every slot by reopening idle connections; over it, new ones are closed at once.
  // 0 → no cap of its own (max_connections still applies).
  std::size_t max_connections_per_address = 64;
  std::chrono::milliseconds handshake_timeout{10'000};
  std::chrono::milliseconds header_timeout{10'000};
  // The body is cut when no byte arrives for body_timeout_base (per read), so a slow
  // but live upload is never cut while bytes keep coming; the whole body must also be in
  // within min(body_time_cap, body_timeout_base + Content-Length / min_body_rate), so a
  // client trickling just above the idle timeout is still bounded by the cap.
  std::chrono::milliseconds body_timeout_base{15'000};
  std::size_t min_body_rate_bytes_per_s = 1'000;
  std::chrono::milliseconds body_time_cap{600'000};
  // Same shape for responses: write_timeout + size / min_write_rate, at most write_time_cap.
  std::chrono::milliseconds write_timeout{30'000};
  std::size_t min_write_rate_bytes_per_s = 1'000;
  std::chrono::milliseconds write_time_cap{600'000};
  std::chrono::milliseconds idle_timeout{30'000};    // keep-alive between requests
  std::chrono::milliseconds shutdown_grace{10'000};  // finish in-flight requests
  std::size_t max_requests_per_connection = 1000;
};

// The application side. admit() sees only the header: return a response to refuse the
// request (401, 413, 415...) before its body is read; handle() gets the full request.
// Both may block (SQLite); the server runs them off its I/O threads, and so it does the
// decompression of a body and the compression of a response. A HEAD request reaches
// handle() as HEAD; the server sends the headers of the answer (Content-Length included)
// and never its body.
class http_handler {
 public:
  virtual ~http_handler() = default;
  virtual std::optional<http_response> admit(const request_head& head) = 0;
  // The most body bytes an admitted request may carry, both as received and after its
  // Content-Encoding is undone (decompression stops the moment it passes the limit):
  // a route's own limit, so a small compressed body cannot inflate past what the route
  // takes. 0 → the server's limits. Asked on the handler pool right after admit().
  virtual std::size_t body_limit(const request_head& head) {
    (void)head;
    return 0;
  }
  virtual http_response handle(http_request&& req) = 0;
  // Told about every request the server itself answered with an error (431, 413, 415,
  // framing 400, 500), so those are counted too; head is null when the header did not
  // parse. Runs on an I/O thread: must not block.
  virtual void refused(const request_head* head, int status) {
    (void)head;
    (void)status;
  }
};

struct server_stats {
  std::size_t open_connections = 0;
  std::size_t tls_handshake_failures = 0;
  std::size_t accepted = 0;
  std::size_t refused_per_address = 0;  // closed at once: that address had its cap
  std::size_t refused_at_capacity = 0;  // closed at once: max_connections reached
};

class https_server {
 public:
  https_server(server_options opts, std::shared_ptr<http_handler> handler);
  ~https_server();
  // Binds and starts the I/O threads. Fails on bad cert/key or a busy port.
  status start();
  unsigned short bound_port() const;
  // Stops accepting, lets in-flight requests finish (up to shutdown_grace), joins.
  void stop();
  // Waits for a stop request (SIGINT/SIGTERM, Ctrl+C), then stop(). For the programs'
  // `serve` commands, which call platform::block_stop_signals() before anything else.
  void run_until_signal();
  server_stats stats() const;

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace cunzhan::net
