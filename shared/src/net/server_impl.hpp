// The server's private state, shared by the listener (https_server.cpp) and the
// per-connection coroutine (server_session.cpp). Not a public header.
#pragma once
#include "net_pch.hpp"

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "cunzhan/net/https_server.hpp"

namespace cunzhan::net {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

// Every awaited operation reports its error_code instead of throwing.
inline constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

// One live connection as seen by stop(): touched only on the connection's strand.
struct session_ctl {
  asio::any_io_executor strand;
  std::function<void()> close;  // closes the socket; empty once the session ended
  bool busy = false;            // a request is being processed (stop() lets it finish)
  std::string client;           // per-address key (address_key), set once at accept
};

// The key a connection counts under for max_connections_per_address: the IPv4 address,
// or the /64 prefix of an IPv6 one (one host usually holds a whole /64).
std::string address_key(const asio::ip::address& a);

// https_server::impl derives from this (impl itself is private to the class).
struct server_state {
  server_options opts;
  std::shared_ptr<http_handler> handler;
  std::shared_ptr<asio::ssl::context> tls;  // null in plain-HTTP mode

  std::atomic<bool> stopping{false};
  std::atomic<std::size_t> open_connections{0};
  std::atomic<std::size_t> handshake_failures{0};
  std::atomic<std::size_t> accepted{0};
  std::atomic<std::size_t> refused_per_address{0};
  std::atomic<std::size_t> refused_at_capacity{0};

  std::mutex sessions_mu;
  std::condition_variable sessions_cv;
  std::unordered_map<std::uint64_t, std::shared_ptr<session_ctl>> sessions;
  std::unordered_map<std::string, std::size_t> per_address;  // open connections by address_key
  std::uint64_t next_session = 0;

  std::mutex lifecycle_mu;  // start()/stop() against each other
  bool started = false;
  bool stopped = false;
  unsigned short port = 0;

  // Declared last and torn down explicitly in stop(): coroutine frames destroyed with
  // the io_context still refer to the members above.
  std::unique_ptr<asio::thread_pool> handler_pool;
  std::unique_ptr<asio::io_context> ioc;
  std::unique_ptr<tcp::acceptor> acceptor;
  std::vector<std::thread> threads;

  void session_ended(std::uint64_t id);
};

// The connection coroutine: TLS handshake (if any), then requests until close.
asio::awaitable<void> run_session(server_state& s, tcp::socket sock, std::uint64_t id,
                                  std::shared_ptr<session_ctl> ctl);

}  // namespace cunzhan::net
