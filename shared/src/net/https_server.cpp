// The listener and lifecycle of https_server: bind, accept loop with connection caps (in
// all and per client address) and EMFILE back-off, I/O threads, graceful stop and the
// signal-driven run loop.
#include "server_impl.hpp"
#include "tls_context.hpp"

#include "cunzhan/platform/console.hpp"

#include <future>

namespace cunzhan::net {
namespace {

using namespace std::chrono_literals;

// Resource exhaustion on accept: transient, so wait and try again rather than give up.
bool out_of_resources(const boost::system::error_code& ec) {
  return ec == asio::error::no_descriptors || ec == asio::error::no_buffer_space ||
         ec == asio::error::no_memory || ec.value() == ENFILE;
}

asio::awaitable<void> accept_loop(server_state& s) {
  asio::steady_timer backoff(s.acceptor->get_executor());
  for (;;) {
    tcp::socket sock(asio::make_strand(*s.ioc));
    auto [ec] = co_await s.acceptor->async_accept(sock, use_tuple);
    if (s.stopping || !s.acceptor->is_open()) co_return;
    if (ec) {
      if (out_of_resources(ec)) {
        backoff.expires_after(100ms);
        co_await backoff.async_wait(use_tuple);
      }
      continue;  // never leave the loop: one bad accept must not stop the server
    }
    ++s.accepted;
    auto ctl = std::make_shared<session_ctl>();
    ctl->strand = sock.get_executor();
    boost::system::error_code pec;
    const auto peer = sock.remote_endpoint(pec);
    if (!pec) ctl->client = address_key(peer.address());
    std::uint64_t id = 0;
    {
      std::lock_guard lk(s.sessions_mu);
      std::size_t& mine = s.per_address[ctl->client];
      if (s.open_connections.load() >= s.opts.max_connections) {
        ++s.refused_at_capacity;
      } else if (s.opts.max_connections_per_address != 0 && mine >= s.opts.max_connections_per_address) {
        ++s.refused_per_address;
      } else {
        ++mine;
        ++s.open_connections;
        id = ++s.next_session;
        s.sessions.emplace(id, ctl);
      }
      if (mine == 0) s.per_address.erase(ctl->client);
    }
    if (id == 0) {
      boost::system::error_code ignored;
      sock.close(ignored);  // over a cap: refuse cheaply rather than queue
      continue;
    }
    auto ex = sock.get_executor();
    asio::co_spawn(ex, run_session(s, std::move(sock), id, ctl), [](std::exception_ptr) {});
  }
}

}  // namespace

struct https_server::impl : server_state {};

std::string address_key(const asio::ip::address& a) {
  if (a.is_v4()) return a.to_string();
  const auto v6 = a.to_v6();
  if (v6.is_v4_mapped()) return asio::ip::make_address_v4(asio::ip::v4_mapped, v6).to_string();
  auto bytes = v6.to_bytes();
  std::fill(bytes.begin() + 8, bytes.end(), 0);
  return asio::ip::address_v6(bytes).to_string() + "/64";
}

void server_state::session_ended(std::uint64_t id) {
  {
    std::lock_guard lk(sessions_mu);
    if (auto it = sessions.find(id); it != sessions.end()) {
      if (auto a = per_address.find(it->second->client); a != per_address.end() && --a->second == 0)
        per_address.erase(a);
      sessions.erase(it);
    }
    --open_connections;
  }
  sessions_cv.notify_all();
}

https_server::https_server(server_options opts, std::shared_ptr<http_handler> handler)
    : impl_(std::make_unique<impl>()) {
  impl_->opts = std::move(opts);
  impl_->handler = std::move(handler);
}

https_server::~https_server() { stop(); }

status https_server::start() {
  impl& s = *impl_;
  std::lock_guard lk(s.lifecycle_mu);
  if (s.started) return error(errc::invalid_argument, "server already started", "服务已启动");
  if (s.opts.tls) {
    auto ctx = make_server_tls_context(s.opts.cert_file, s.opts.key_file);
    if (!ctx) return ctx.err();
    s.tls = std::move(*ctx);
  }
  boost::system::error_code ec;
  auto addr = asio::ip::make_address(s.opts.listen_address, ec);
  if (ec)
    return error(errc::invalid_argument, "bad listen address " + s.opts.listen_address,
                 "监听地址无效：" + s.opts.listen_address);
  s.ioc = std::make_unique<asio::io_context>();
  s.acceptor = std::make_unique<tcp::acceptor>(asio::make_strand(*s.ioc));
  tcp::endpoint ep(addr, s.opts.port);
  s.acceptor->open(ep.protocol(), ec);
  if (!ec) s.acceptor->set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) s.acceptor->bind(ep, ec);
  if (!ec) s.acceptor->listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    s.acceptor.reset();
    s.ioc.reset();
    std::string where = s.opts.listen_address + ":" + std::to_string(s.opts.port);
    return error(errc::io_error, "cannot listen on " + where + ": " + ec.message(), "无法监听 " + where);
  }
  s.port = s.acceptor->local_endpoint().port();
  std::size_t n = s.opts.threads ? s.opts.threads : std::thread::hardware_concurrency();
  if (n == 0) n = 1;
  const std::size_t handlers =
      s.opts.handler_threads ? s.opts.handler_threads : std::max<std::size_t>(64, 4 * n);
  s.handler_pool = std::make_unique<asio::thread_pool>(handlers);
  asio::co_spawn(s.acceptor->get_executor(), accept_loop(s), [](std::exception_ptr) {});
  for (std::size_t i = 0; i < n; ++i) s.threads.emplace_back([&s] { s.ioc->run(); });
  s.started = true;
  return ok_status();
}

unsigned short https_server::bound_port() const { return impl_->port; }

void https_server::stop() {
  impl& s = *impl_;
  std::lock_guard lk(s.lifecycle_mu);
  if (!s.started || s.stopped) return;
  s.stopped = true;
  s.stopping = true;
  asio::post(s.acceptor->get_executor(), [&s] {
    boost::system::error_code ignored;
    s.acceptor->close(ignored);
  });
  // Idle connections (handshaking, waiting for a request) go now; busy ones finish.
  auto close_sessions = [&s](bool busy_too) {
    std::lock_guard g(s.sessions_mu);
    for (auto& [id, ctl] : s.sessions)
      asio::post(ctl->strand, [ctl = ctl, busy_too] {
        if (ctl->close && (busy_too || !ctl->busy)) ctl->close();
      });
  };
  close_sessions(false);
  {
    std::unique_lock g(s.sessions_mu);
    s.sessions_cv.wait_for(g, s.opts.shutdown_grace, [&s] { return s.sessions.empty(); });
  }
  close_sessions(true);
  {
    // Sessions blocked in a handler cannot be cancelled; give them a bounded moment.
    std::unique_lock g(s.sessions_mu);
    s.sessions_cv.wait_for(g, 5s, [&s] { return s.sessions.empty(); });
  }
  s.ioc->stop();
  for (auto& t : s.threads) t.join();
  s.threads.clear();
  s.handler_pool->join();
  s.acceptor.reset();
  s.ioc.reset();  // destroys any remaining coroutine frames while the state is alive
}

void https_server::run_until_signal() {
  impl& s = *impl_;
  if (!s.started || s.stopped) return;
  platform::wait_for_stop_signal();  // SIGINT/SIGTERM; Ctrl+C or closing the console on Windows
  stop();
}

server_stats https_server::stats() const {
  server_stats st;
  st.open_connections = impl_->open_connections.load();
  st.tls_handshake_failures = impl_->handshake_failures.load();
  st.accepted = impl_->accepted.load();
  st.refused_per_address = impl_->refused_per_address.load();
  st.refused_at_capacity = impl_->refused_at_capacity.load();
  return st;
}

}  // namespace cunzhan::net
