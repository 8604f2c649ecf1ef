// A loopback TCP proxy for fault-injection tests: adds latency, caps the rate, and cuts
// (FIN or RST) or stalls a connection after N bytes in either direction. Latency and
// rate combine like a real link: chunks are scheduled (see read_side), not delayed one
// after another.
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
#include <deque>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cunzhan/shared/sanitizer_options.hpp"

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
  bool faults = true;  // false for later connections under --once
  bool cut = false;    // a cut point was reached
  bool closed = false;
  int pumps_running = 2;

  void close_all(bool rst) {
    if (closed) return;
    closed = true;
    error_code ec;
    for (tcp::socket* s : {&client, &server}) {
      if (rst)
        s->set_option(asio::socket_base::linger(true, 0), ec);
      else
        s->shutdown(tcp::socket::shutdown_both, ec);
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

using clock_type = std::chrono::steady_clock;

// One direction's queue between its reader and its writer. Everything runs on the one
// io_context thread, so a state change followed by cancel() of the waiter's timer is a
// wake-up that cannot be lost.
struct direction {
  explicit direction(const asio::any_io_executor& ex) : reader_wake(ex), writer_wake(ex) {}
  struct chunk {
    std::vector<char> data;
    clock_type::time_point due;
  };
  std::deque<chunk> queue;
  std::size_t queued_bytes = 0;
  bool reader_done = false, writer_done = false;
  bool eof = false;  // the reader saw a clean FIN
  asio::steady_timer reader_wake, writer_wake;
};

asio::awaitable<void> wait_for_wake(asio::steady_timer& t) {
  t.expires_at(clock_type::time_point::max());
  co_await t.async_wait(use_tuple);
}

// How much a direction may hold: a latency's worth at the rate (so latency and rate
// overlap) plus slack; beyond it the reader stops and TCP pushes back on the sender, as
// a real slow link would.
std::size_t queue_limit(const config& cfg) {
  if (!cfg.rate_bps) return std::size_t{4} << 20;
  const auto in_flight = cfg.rate_bps * static_cast<std::uint64_t>(cfg.latency.count()) / 1000;
  return static_cast<std::size_t>(std::max<std::uint64_t>(64 * 1024, 2 * in_flight));
}

// Reads as fast as the queue allows and stamps each chunk with its delivery time: the
// link serialises at the rate (a chunk starts when it arrives or when the one before has
// gone out, whichever is later), then the chunk takes `latency` to arrive. So latency
// overlaps across chunks and the rate holds, instead of every chunk waiting its latency
// in turn.
asio::awaitable<void> read_side(std::shared_ptr<link> l, const config& cfg, bool upward,
                                std::shared_ptr<direction> d) {
  tcp::socket& from = upward ? l->client : l->server;
  const std::size_t limit = queue_limit(cfg);
  clock_type::time_point sent_out{};  // when the previous chunk finished serialising
  std::vector<char> buf(16 * 1024);
  for (;;) {
    while (d->queued_bytes >= limit && !d->writer_done && !l->closed) co_await wait_for_wake(d->reader_wake);
    if (d->writer_done || l->closed) break;
    std::size_t want = buf.size();
    if (cfg.rate_bps) want = std::min<std::size_t>(want, std::max<std::uint64_t>(1, cfg.rate_bps / 10));
    auto [rec, n] = co_await from.async_read_some(asio::buffer(buf.data(), want), use_tuple);
    if (rec || l->closed) {
      d->eof = rec == asio::error::eof;
      break;
    }
    if (l->cut) continue;  // stalled: swallow everything, forward nothing
    const auto now = clock_type::now();
    auto start = std::max(now, sent_out);
    sent_out = cfg.rate_bps ? start + std::chrono::microseconds(n * 1'000'000 / cfg.rate_bps) : now;
    d->queue.push_back({std::vector<char>(buf.begin(), buf.begin() + static_cast<std::ptrdiff_t>(n)),
                        sent_out + cfg.latency});
    d->queued_bytes += n;
    d->writer_wake.cancel();
  }
  d->reader_done = true;
  d->writer_wake.cancel();
}

// One direction: the writer half (delivery at each chunk's due time, the cut point),
// with the reader running beside it; then the end of the direction as before.
asio::awaitable<void> pump(std::shared_ptr<link> l, const config& cfg, bool upward) {
  tcp::socket& to = upward ? l->server : l->client;
  std::uint64_t& count = upward ? l->up : l->down;
  std::optional<std::uint64_t> cut = upward ? cfg.cut_up : cfg.cut_down;
  if (!l->faults) cut.reset();
  auto ex = co_await asio::this_coro::executor;
  auto d = std::make_shared<direction>(ex);
  asio::co_spawn(ex, read_side(l, cfg, upward, d), asio::detached);
  asio::steady_timer timer(ex);
  for (;;) {
    while (d->queue.empty() && !d->reader_done && !l->closed) co_await wait_for_wake(d->writer_wake);
    if (d->queue.empty() || l->closed) break;
    auto chunk = std::move(d->queue.front());
    d->queue.pop_front();
    d->queued_bytes -= chunk.data.size();
    d->reader_wake.cancel();
    if (l->cut) continue;  // stalled after the cut: drop what was queued
    timer.expires_at(chunk.due);
    co_await timer.async_wait(use_tuple);
    if (l->closed) break;
    std::size_t forward = chunk.data.size();
    bool cutting = false;
    if (cut && count + forward >= *cut) {
      forward = static_cast<std::size_t>(*cut - count);
      cutting = true;
    }
    if (forward > 0) {
      auto [wec, wn] = co_await asio::async_write(to, asio::buffer(chunk.data.data(), forward), use_tuple);
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
  d->writer_done = true;
  d->reader_wake.cancel();
  // The reader may still be in a read; closing below (or the peer) ends it.
  const bool eof = d->reader_done && d->eof && d->queue.empty();
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
    std::fprintf(stderr, "conn %llu up=0 down=0 (connect failed: %s)\n", static_cast<unsigned long long>(id),
                 ec.message().c_str());
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
    if (a == "--reset")
      cfg.reset = true;
    else if (a == "--stall")
      cfg.stall = true;
    else if (a == "--once")
      cfg.once = true;
    else if (a == "--listen" && value(v) && parse_endpoint(v, cfg.listen))
      have_listen = true;
    else if (a == "--target" && value(v) && parse_endpoint(v, cfg.target))
      have_target = true;
    else if (a == "--latency-ms" && value(v) && parse_number(v, n))
      cfg.latency = std::chrono::milliseconds(n);
    else if (a == "--rate-bps" && value(v) && parse_number(v, n))
      cfg.rate_bps = n;
    else if (a == "--cut-up-after" && value(v) && parse_number(v, n))
      cfg.cut_up = n;
    else if (a == "--cut-down-after" && value(v) && parse_number(v, n))
      cfg.cut_down = n;
    else if (a == "--port-file" && value(v))
      cfg.port_file = std::string(v);
    else
      return usage();
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
