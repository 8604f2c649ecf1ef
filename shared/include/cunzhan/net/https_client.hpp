// An HTTPS/1.1 client for the station (and tests/benchmarks): pins a private CA, checks
// the host name, keeps one keep-alive connection, resumes TLS sessions between runs,
// and bounds every step with a deadline.
#pragma once
#include <chrono>
#include <memory>
#include <string>

#include "cunzhan/net/http_types.hpp"
#include "cunzhan/shared/result.hpp"
#include "cunzhan/shared/url.hpp"

namespace cunzhan::net {

struct client_options {
  std::string host = "127.0.0.1";  // connect to
  unsigned short port = 8443;
  std::string server_name;  // name to verify; empty → host
  std::string ca_pem;       // the pinned CA (PEM text); required when tls
  bool tls = true;
  std::chrono::milliseconds connect_timeout{15'000};
  std::chrono::milliseconds io_timeout{60'000};  // per request/response exchange
  std::size_t max_response_bytes = 64 << 20;
  std::string session_blob;  // a TLS session saved from an earlier run (DER), may be empty
};

struct outgoing_request {
  std::string method;
  std::string target;
  header_list headers;
  std::string body;
};

using cunzhan::parse_https_url;  // the one URL parser (shared/url.hpp)

class https_client {
 public:
  explicit https_client(client_options opts);
  ~https_client();
  // Sends one request on the kept-alive connection (connecting/reconnecting as needed;
  // a request is never silently re-sent: a failure mid-request is returned as
  // network_error/timeout/tls_error and the caller decides).
  result<http_response> request(const std::string& method, const std::string& target,
                                const header_list& headers, const std::string& body);
  // Pipelining (HTTP/1.1 keep-alive; the server answers in order): writes `next` (if
  // given) and, at the same time, reads the answer to the oldest unanswered request (if
  // `read`; nullopt when not reading). After any failure the connection is dropped and
  // every unanswered request is in doubt: nothing is re-sent by itself.
  result<std::optional<http_response>> pipeline(const outgoing_request* next, bool read);
  // Opens the connection (TCP + TLS handshake) now if none is usable; sends nothing. A
  // caller that must know whether a request can go out at all (the station marks ops in
  // flight only then) asks here first.
  status connect();
  std::size_t unanswered() const;  // requests written whose answers are not read yet
  // The current TLS session as DER, to pass as session_blob next run ("" if none).
  std::string session_blob() const;
  bool session_reused() const;  // whether the last handshake resumed a session
  void close();
  // HTTP bytes (headers and bodies) written and read; TLS records, the TLS handshake
  // and TCP/IP overhead are not counted.
  std::size_t bytes_sent() const;
  std::size_t bytes_received() const;

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace cunzhan::net
