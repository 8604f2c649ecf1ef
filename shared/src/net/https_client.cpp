// The blocking HTTPS client: each call runs a coroutine on the client's own io_context,
// with one kept-alive connection, pinned-CA TLS, session resumption and deadlines.
#include "cunzhan/net/https_client.hpp"

#include "net_pch.hpp"
#include "tls_context.hpp"

#include <optional>

#include "cunzhan/shared/compress.hpp"

namespace cunzhan::net {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using boost::system::error_code;

constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

bool is_tls_error(const error_code& ec) {
  return ec.category() == asio::error::get_ssl_category() ||
         ec.category() == asio::ssl::error::get_stream_category();
}

// The English detail is "<step>: <reason>" (callers tell the steps apart by it); the
// Chinese one keeps that technical text too, so neither language loses the detail.
error net_error(const error_code& ec, const char* step, SSL* ssl = nullptr) {
  std::string what = std::string(step) + ": ";
  if (ec == beast::error::timeout)
    return error(errc::timeout, what + "timed out", "超时（" + what + "timed out）");
  if (is_tls_error(ec)) {
    const std::string en = what + (ssl ? last_tls_error(ssl) : ec.message());
    return error(errc::tls_error, en, "TLS 握手或加密通道失败（" + en + "）");
  }
  return error(errc::network_error, what + ec.message(), "网络连接失败（" + what + ec.message() + "）");
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

}  // namespace

struct https_client::impl {
  client_options opts;
  std::string verify_name;
  asio::io_context ioc;
  std::shared_ptr<asio::ssl::context> ctx;
  std::optional<error> ctx_error;
  std::optional<beast::ssl_stream<beast::tcp_stream>> tls;
  std::optional<beast::tcp_stream> plain;
  beast::flat_buffer buf;
  SSL_SESSION* session = nullptr;  // our reference to the newest resumable session
  bool reused = false;
  bool drop_after = false;  // the server said Connection: close
  // Connected, nothing sent on it yet: bytes already waiting are the server's TLS 1.3
  // session tickets, not a close, so the idle check below does not apply.
  bool fresh = false;
  std::size_t unanswered = 0;  // requests written whose responses are not read yet
  std::size_t sent = 0, received = 0;

  ~impl() {
    drop();
    if (session) SSL_SESSION_free(session);
  }

  beast::tcp_stream& lowest() { return tls ? beast::get_lowest_layer(*tls) : *plain; }
  bool connected() const { return tls.has_value() || plain.has_value(); }

  void drop() {
    if (tls) beast::get_lowest_layer(*tls).close();
    if (plain) plain->close();
    tls.reset();
    plain.reset();
    buf.clear();
    unanswered = 0;
    drop_after = false;
    fresh = false;
  }

  // An idle kept-alive connection the server has closed (FIN, close_notify or junk)
  // is readable; reconnecting then is safe because nothing of the request was sent.
  // Dropped only when it is idle after use (see `fresh`) with nothing owed on it.
  void drop_if_dead() {
    if (unanswered == 0 && connected() && !fresh && idle_connection_dead()) drop();
  }
  bool idle_connection_dead() {
    if (buf.size() > 0) return true;
    // A peek that does not wait: data, end of stream or an error all mean readable.
    auto& sock = lowest().socket();
    boost::system::error_code ec, ignored;
    char byte;
    sock.non_blocking(true, ec);
    if (!ec) sock.receive(asio::buffer(&byte, 1), asio::socket_base::message_peek, ec);
    sock.non_blocking(false, ignored);
    return ec != asio::error::would_block;
  }

  // OpenSSL hands us each new session (TLS 1.3: after the handshake, with a ticket).
  // Asio keeps its verify callback in SSL app data, so we use our own ex_data slot.
  static int ex_index() {
    static const int index = SSL_get_ex_new_index(0, nullptr, nullptr, nullptr, nullptr);
    return index;
  }

  static int on_new_session(SSL* ssl, SSL_SESSION* sess) {
    auto* self = static_cast<impl*>(SSL_get_ex_data(ssl, ex_index()));
    if (!self) return 0;
    if (self->session) SSL_SESSION_free(self->session);
    self->session = sess;
    return 1;  // we keep the reference
  }

  asio::awaitable<void> connect(std::optional<error>& err) {
    tcp::resolver resolver(ioc);
    auto [rec, endpoints] = co_await resolver.async_resolve(opts.host, std::to_string(opts.port), use_tuple);
    if (rec) {
      err = net_error(rec, "resolve");
      co_return;
    }
    beast::tcp_stream stream(ioc);
    stream.expires_after(opts.connect_timeout);
    auto [cec, ep] = co_await stream.async_connect(endpoints, use_tuple);
    (void)ep;
    if (cec) {
      err = net_error(cec, "connect");
      co_return;
    }
    stream.socket().set_option(tcp::no_delay(true));
    if (!opts.tls) {
      plain.emplace(std::move(stream));
      fresh = true;
      co_return;
    }
    tls.emplace(std::move(stream), *ctx);
    SSL* ssl = tls->native_handle();
    SSL_set_ex_data(ssl, ex_index(), this);
    if (!set_peer_name(ssl, verify_name)) {
      err = error(errc::tls_error, "cannot set the expected host name", "无法设置主机名校验");
      drop();
      co_return;
    }
    if (session) SSL_set_session(ssl, session);
    beast::get_lowest_layer(*tls).expires_after(opts.connect_timeout);
    auto [hec] = co_await tls->async_handshake(asio::ssl::stream_base::client, use_tuple);
    if (hec) {
      err = net_error(hec, "TLS handshake", ssl);
      drop();
      co_return;
    }
    reused = SSL_session_reused(ssl) == 1;
    fresh = true;
  }

  template <class Stream>
  asio::awaitable<void> write_request(Stream& stream, http::request<http::string_body>& req,
                                      std::optional<error>& err) {
    auto [wec, wn] = co_await http::async_write(stream, req, use_tuple);
    sent += wn;
    if (wec) {
      err = net_error(wec, "send");
      lowest().close();  // ends a read waiting beside us
    }
  }

  template <class Stream>
  asio::awaitable<void> read_response(Stream& stream, std::optional<http_response>& out,
                                      std::optional<error>& err) {
    http::response_parser<http::string_body> p;
    p.header_limit(64 * 1024);
    p.body_limit(opts.max_response_bytes);
    auto [rec, rn] = co_await http::async_read(stream, buf, p, use_tuple);
    received += rn;
    if (rec) {
      err = rec == http::error::body_limit
                ? error(errc::payload_too_large, "response exceeds the limit", "响应过大")
                : net_error(rec, "receive");
      lowest().close();  // ends a write waiting beside us
      co_return;
    }
    auto& msg = p.get();
    http_response r;
    r.status = static_cast<int>(msg.result_int());
    for (const auto& f : msg) {
      std::string name = lower(f.name_string());
      if (name == "content-type")
        r.content_type = std::string(f.value());
      else
        r.headers.emplace_back(std::move(name), std::string(f.value()));
    }
    r.wire_bytes = msg.body().size();
    const std::string* ce = r.header("content-encoding");
    auto enc = parse_content_encoding(ce ? *ce : std::string());
    if (!enc) {
      err = error(errc::unsupported_encoding, "response Content-Encoding " + *ce, "响应编码不支持");
      co_return;
    }
    if (*enc == content_encoding::identity) {
      r.body = std::move(msg.body());
    } else {
      auto plain_body = decompress(*enc, msg.body(), opts.max_response_bytes);
      if (!plain_body) {
        err = plain_body.err();
        co_return;
      }
      r.body = std::move(*plain_body);
    }
    if (!msg.keep_alive()) drop_after = true;
    out = std::move(r);
  }

  // Writes `req` (if any) while reading the oldest unanswered response (if `read`): the
  // two run side by side, so a pipelined request can never deadlock against an answer
  // the server is writing.
  template <class Stream>
  asio::awaitable<void> exchange(Stream& stream, http::request<http::string_body>* req, bool read,
                                 std::optional<http_response>& out, std::optional<error>& err,
                                 std::optional<error>& write_err) {
    lowest().expires_after(opts.io_timeout);
    if (req) asio::co_spawn(ioc, write_request(stream, *req, write_err), asio::detached);
    if (read) co_await read_response(stream, out, err);
  }

  asio::awaitable<void> start(http::request<http::string_body>* req, bool read,
                              std::optional<http_response>& out, std::optional<error>& err,
                              std::optional<error>& write_err) {
    if (!connected()) {
      co_await connect(err);
      if (err) co_return;
    }
    if (tls)
      co_await exchange(*tls, req, read, out, err, write_err);
    else
      co_await exchange(*plain, req, read, out, err, write_err);
  }

  // Runs one coroutine to completion on our private io_context.
  void run(asio::awaitable<void> op) {
    ioc.restart();
    std::exception_ptr failure;
    asio::co_spawn(ioc, std::move(op), [&failure](std::exception_ptr e) { failure = e; });
    ioc.run();
    if (failure) std::rethrow_exception(failure);
  }
};

https_client::https_client(client_options opts) : impl_(std::make_unique<impl>()) {
  impl& s = *impl_;
  s.opts = std::move(opts);
  s.verify_name = s.opts.server_name.empty() ? s.opts.host : s.opts.server_name;
  if (!s.opts.tls) return;
  auto ctx = make_client_tls_context(s.opts.ca_pem);
  if (!ctx) {
    s.ctx_error = ctx.err();
    return;
  }
  s.ctx = std::move(*ctx);
  SSL_CTX_sess_set_new_cb(s.ctx->native_handle(), &impl::on_new_session);
  if (!s.opts.session_blob.empty()) {
    // A stale or garbled blob just means a full handshake.
    const auto* p = reinterpret_cast<const unsigned char*>(s.opts.session_blob.data());
    s.session = d2i_SSL_SESSION(nullptr, &p, static_cast<long>(s.opts.session_blob.size()));
  }
}

https_client::~https_client() = default;

namespace {

result<http::request<http::string_body>> make_request(const outgoing_request& o, const std::string& host) {
  http::verb verb = http::string_to_verb(o.method);
  if (verb == http::verb::unknown)
    return error(errc::invalid_argument, "unknown HTTP method " + o.method, "未知的 HTTP 方法");
  try {
    http::request<http::string_body> req{verb, o.target, 11};
    req.set(http::field::host, host);
    req.set(http::field::user_agent, "cunzhan");
    req.set(http::field::accept_encoding, "zstd, gzip");
    for (const auto& [k, v] : o.headers) req.set(k, v);
    req.body() = o.body;
    req.keep_alive(true);
    req.prepare_payload();
    return req;
  } catch (const std::exception& e) {  // Beast refuses oversized or malformed fields
    return error(errc::invalid_argument, std::string("bad request header: ") + e.what(), "请求头无效");
  }
}

}  // namespace

result<std::optional<http_response>> https_client::pipeline(const outgoing_request* next, bool read) {
  impl& s = *impl_;
  if (s.ctx_error) return *s.ctx_error;
  std::optional<http::request<http::string_body>> req;
  if (next) {
    auto r = make_request(*next, s.verify_name + ":" + std::to_string(s.opts.port));
    if (!r) return std::move(r).err();
    req = std::move(*r);
  }
  if (read && s.unanswered == 0 && !req)
    return error(errc::network_error, "the connection closed before answering", "连接在应答前关闭");
  // Reconnecting is safe only with nothing owed on this connection.
  s.drop_if_dead();
  std::optional<http_response> out;
  std::optional<error> err, write_err;
  try {
    s.run(s.start(req ? &*req : nullptr, read, out, err, write_err));
  } catch (const std::exception& e) {
    s.drop();
    return error(errc::network_error, e.what(), "网络连接失败（" + std::string(e.what()) + "）");
  }
  if (err || write_err) {
    s.drop();  // a failed exchange leaves the stream in an unknown state
    return std::move(err ? *err : *write_err);
  }
  if (req) {
    ++s.unanswered;
    s.fresh = false;
  }
  if (read) {
    --s.unanswered;
    if (!out) return error(errc::network_error, "no response", "没有响应");
  }
  if (s.drop_after) s.drop();  // requests still unanswered are lost; the caller re-sends
  return out;
}

result<http_response> https_client::request(const std::string& method, const std::string& target,
                                            const header_list& headers, const std::string& body) {
  outgoing_request o{method, target, headers, body};
  auto r = pipeline(&o, true);
  if (!r) return std::move(r).err();
  return std::move(**r);
}

status https_client::connect() {
  impl& s = *impl_;
  if (s.ctx_error) return *s.ctx_error;
  s.drop_if_dead();
  if (s.connected()) return ok_status();
  std::optional<error> err;
  try {
    s.run(s.connect(err));
  } catch (const std::exception& e) {
    s.drop();
    return error(errc::network_error, e.what(), "网络连接失败（" + std::string(e.what()) + "）");
  }
  if (err) {
    s.drop();
    return std::move(*err);
  }
  return ok_status();
}

std::size_t https_client::unanswered() const { return impl_->unanswered; }

std::string https_client::session_blob() const {
  SSL_SESSION* sess = impl_->session;
  if (!sess || SSL_SESSION_is_resumable(sess) != 1) return {};
  int n = i2d_SSL_SESSION(sess, nullptr);
  if (n <= 0) return {};
  std::string out(static_cast<std::size_t>(n), '\0');
  auto* p = reinterpret_cast<unsigned char*>(out.data());
  i2d_SSL_SESSION(sess, &p);
  return out;
}

bool https_client::session_reused() const { return impl_->reused; }
void https_client::close() { impl_->drop(); }
std::size_t https_client::bytes_sent() const { return impl_->sent; }
std::size_t https_client::bytes_received() const { return impl_->received; }

}  // namespace cunzhan::net
