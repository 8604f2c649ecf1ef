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
  std::size_t max_body_bytes = 8 << 20;          // as received (compressed)
  std::size_t max_decompressed_bytes = 32 << 20; // after Content-Encoding
  std::size_t max_connections = 1024;
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
// Both may block (SQLite); the server runs them off its I/O threads.
class http_handler {
 public:
  virtual ~http_handler() = default;
  virtual std::optional<http_response> admit(const request_head& head) = 0;
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
};

// Blocks SIGINT and SIGTERM in the calling thread and so in every thread it starts
// later. A `serve` command calls it first, before any thread (store writer, I/O, handler)
// exists: a stop that arrives while the program starts up, even once the port accepts,
// then waits pending for run_until_signal() and ends in a graceful stop instead of
// killing the process by the signal. Child processes inherit the mask; a serve command
// starts none.
void block_stop_signals();
// Waits up to `wait` for a SIGINT/SIGTERM blocked by block_stop_signals; true when one
// was taken (it is then consumed).
bool take_stop_signal(std::chrono::milliseconds wait);

class https_server {
 public:
  https_server(server_options opts, std::shared_ptr<http_handler> handler);
  ~https_server();
  // Binds and starts the I/O threads. Fails on bad cert/key or a busy port.
  status start();
  unsigned short bound_port() const;
  // Stops accepting, lets in-flight requests finish (up to shutdown_grace), joins.
  void stop();
  // Waits for SIGINT/SIGTERM (taken with sigwait), then stop(). For the programs' `serve`
  // commands, which call block_stop_signals() before anything else.
  void run_until_signal();
  server_stats stats() const;

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace cunzhan::net
