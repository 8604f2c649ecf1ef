// A loopback TCP proxy for fault-injection tests: adds latency, caps the rate, and cuts
// (FIN or RST) or stalls a connection after N bytes in either direction.
//
// fault_proxy --listen 127.0.0.1:PORT --target 127.0.0.1:PORT [--latency-ms N] [--rate-bps N]
//             [--cut-up-after N] [--cut-down-after N] [--reset] [--stall] [--once]
//             [--port-file F]
// On each connection close it prints "conn N up=BYTES down=BYTES" to stderr.
#include <boost/asio.hpp>

#include <atomic>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using boost::system::error_code;
using namespace std::chrono_literals;

namespace {

constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

struct config {
  tcp::endpoint listen;
  tcp::endpoint target;
  std::chrono::milliseconds latency{0};
  std::uint64_t rate_bps = 0;  // 0 → unlimited
  std::optional<std::uint64_t> cut_up, cut_down;
  bool reset = false;
  bool stall = false;
  bool once = false;
  std::string port_file;
};

// One proxied connection: both sockets, byte counters and the fault state.
struct link : std::enable_shared_from_this<link> {
  link(tcp::socket c, tcp::socket s, std::uint64_t n) : client(std::move(c)), server(std::move(s)), id(n) {}
  tcp::socket client, server;
  std::uint64_t id;
  std::uint64_t up = 0, down = 0;
  bool faults = true;    // false for later connections under --once
  bool cut = false;      // a cut point was reached
  bool closed = false;
  int pumps_running = 2;

  void close_all(bool rst) {
    if (closed) return;
    closed = true;
    error_code ec;
    for (tcp::socket* s : {&client, &server}) {
      if (rst) s->set_option(asio::socket_base::linger(true, 0), ec);
      else s->shutdown(tcp::socket::shutdown_both, ec);
      s->close(ec);
    }
  }
};

bool parse_endpoint(std::string_view s, tcp::endpoint& out) {
  std::size_t colon = s.rfind(':');
  if (colon == std::string_view::npos) return false;
  std::string host(s.substr(0, colon));
  if (host != "127.0.0.1") return false;  // loopback only: this tool must never reach out
  unsigned port = 0;
  std::string_view p = s.substr(colon + 1);
  auto [ptr, ec] = std::from_chars(p.data(), p.data() + p.size(), port);
  if (ec != std::errc{} || ptr != p.data() + p.size() || port > 65535) return false;
  out = tcp::endpoint(asio::ip::make_address_v4(host), static_cast<unsigned short>(port));
  return true;
}

bool parse_number(std::string_view s, std::uint64_t& out) {
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc{} && ptr == s.data() + s.size();
}

// Copies one direction, applying latency, rate and the cut point.
asio::awaitable<void> pump(std::shared_ptr<link> l, const config& cfg, bool upward) {
  tcp::socket& from = upward ? l->client : l->server;
  tcp::socket& to = upward ? l->server : l->client;
  std::uint64_t& count = upward ? l->up : l->down;
  std::optional<std::uint64_t> cut = upward ? cfg.cut_up : cfg.cut_down;
  if (!l->faults) cut.reset();
  asio::steady_timer timer(co_await asio::this_coro::executor);
  auto started = std::chrono::steady_clock::now();
  std::uint64_t rate_bytes = 0;
  char data[16 * 1024];
  bool eof = false;
  for (;;) {
    std::size_t want = sizeof data;
    if (cfg.rate_bps) want = std::min<std::size_t>(want, std::max<std::uint64_t>(1, cfg.rate_bps / 10));
    auto [rec, n] = co_await from.async_read_some(asio::buffer(data, want), use_tuple);
    if (rec || l->closed) {
      eof = rec == asio::error::eof;
      break;
    }
    if (l->cut) continue;  // stalled: swallow everything, forward nothing
    std::size_t forward = n;
    bool cutting = false;
    if (cut && count + n >= *cut) {
      forward = static_cast<std::size_t>(*cut - count);
      cutting = true;
    }
    if (cfg.latency.count() > 0) {
      timer.expires_after(cfg.latency);
      co_await timer.async_wait(use_tuple);
    }
    if (cfg.rate_bps) {
      // Sleep until the bytes sent so far fit under the cap.
      rate_bytes += forward;
      auto due = started + std::chrono::microseconds(rate_bytes * 1'000'000 / cfg.rate_bps);
      timer.expires_at(due);
      co_await timer.async_wait(use_tuple);
    }
    if (l->closed) break;
    if (forward > 0) {
      auto [wec, wn] = co_await asio::async_write(to, asio::buffer(data, forward), use_tuple);
      count += wn;
      if (wec) break;
    }
    if (cutting) {
      l->cut = true;
      if (!cfg.stall) {
        l->close_all(cfg.reset);
        break;
      }
    }
  }
  if (l->cut && cfg.stall) {
    l->close_all(false);  // a stalled link ends when either side gives up
  } else if (eof && !l->closed) {
    error_code ec;
    to.shutdown(tcp::socket::shutdown_send, ec);  // pass the half-close on
  } else {
    l->close_all(false);  // an error on one side takes the whole link down
  }
  if (--l->pumps_running == 0) {
    l->close_all(false);
    std::fprintf(stderr, "conn %llu up=%llu down=%llu\n", static_cast<unsigned long long>(l->id),
                 static_cast<unsigned long long>(l->up), static_cast<unsigned long long>(l->down));
  }
}

asio::awaitable<void> serve(tcp::socket client, const config& cfg, std::uint64_t id) {
  auto ex = co_await asio::this_coro::executor;
  tcp::socket server(ex);
  auto [ec] = co_await server.async_connect(cfg.target, use_tuple);
  if (ec) {
    std::fprintf(stderr, "conn %llu up=0 down=0 (connect failed: %s)\n",
                 static_cast<unsigned long long>(id), ec.message().c_str());
    co_return;
  }
  error_code ignored;
  client.set_option(tcp::no_delay(true), ignored);
  server.set_option(tcp::no_delay(true), ignored);
  auto l = std::make_shared<link>(std::move(client), std::move(server), id);
  l->faults = !cfg.once || id == 1;
  asio::co_spawn(ex, pump(l, cfg, true), asio::detached);
  asio::co_spawn(ex, pump(l, cfg, false), asio::detached);
}

asio::awaitable<void> accept_loop(tcp::acceptor& acceptor, const config& cfg) {
  std::uint64_t next = 0;
  asio::steady_timer backoff(acceptor.get_executor());
  for (;;) {
    auto [ec, sock] = co_await acceptor.async_accept(use_tuple);
    if (ec) {
      if (ec == asio::error::operation_aborted) co_return;
      backoff.expires_after(100ms);  // EMFILE and friends: wait, then keep accepting
      co_await backoff.async_wait(use_tuple);
      continue;
    }
    asio::co_spawn(acceptor.get_executor(), serve(std::move(sock), cfg, ++next), asio::detached);
  }
}

int usage() {
  std::fprintf(stderr,
               "usage: fault_proxy --listen 127.0.0.1:PORT --target 127.0.0.1:PORT [--latency-ms N]\n"
               "       [--rate-bps N] [--cut-up-after N] [--cut-down-after N] [--reset] [--stall]\n"
               "       [--once] [--port-file F]   (loopback addresses only)\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  config cfg;
  bool have_listen = false, have_target = false;
  for (int i = 1; i < argc; ++i) {
    std::string_view a = argv[i];
    auto value = [&](std::string_view& out) {
      if (i + 1 >= argc) return false;
      out = argv[++i];
      return true;
    };
    std::string_view v;
    std::uint64_t n = 0;
    if (a == "--reset") cfg.reset = true;
    else if (a == "--stall") cfg.stall = true;
    else if (a == "--once") cfg.once = true;
    else if (a == "--listen" && value(v) && parse_endpoint(v, cfg.listen)) have_listen = true;
    else if (a == "--target" && value(v) && parse_endpoint(v, cfg.target)) have_target = true;
    else if (a == "--latency-ms" && value(v) && parse_number(v, n)) cfg.latency = std::chrono::milliseconds(n);
    else if (a == "--rate-bps" && value(v) && parse_number(v, n)) cfg.rate_bps = n;
    else if (a == "--cut-up-after" && value(v) && parse_number(v, n)) cfg.cut_up = n;
    else if (a == "--cut-down-after" && value(v) && parse_number(v, n)) cfg.cut_down = n;
    else if (a == "--port-file" && value(v)) cfg.port_file = std::string(v);
    else return usage();
  }
  if (!have_listen || !have_target) return usage();
  try {
    asio::io_context ioc;
    tcp::acceptor acceptor(ioc, cfg.listen);
    unsigned short port = acceptor.local_endpoint().port();
    if (!cfg.port_file.empty()) {
      // Write then rename, so a test polling the file never reads half a number.
      std::string tmp = cfg.port_file + ".tmp";
      { std::ofstream(tmp) << port << "\n"; }
      std::rename(tmp.c_str(), cfg.port_file.c_str());
    }
    std::fprintf(stderr, "listening on 127.0.0.1:%u\n", port);
    asio::signal_set signals(ioc, SIGINT, SIGTERM);
    signals.async_wait([&](const error_code&, int) { ioc.stop(); });
    asio::co_spawn(ioc, accept_loop(acceptor, cfg), asio::detached);
    ioc.run();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "fault_proxy: %s\n", e.what());
    return 1;
  }
  return 0;
}
