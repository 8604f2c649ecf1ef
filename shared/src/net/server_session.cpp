// One coroutine per connection: TLS handshake, then keep-alive requests, each read in
// two steps (header, then body only once admitted), all under deadlines.
#include "server_http.hpp"
#include "server_impl.hpp"

#include "cunzhan/shared/compress.hpp"

namespace cunzhan::net {
namespace {

using namespace std::chrono_literals;

// Runs f() on the handler pool (handlers may block on SQLite) and resumes here after.
template <class F>
asio::awaitable<std::invoke_result_t<F&>> on_pool(server_state& s, F f) {
  using R = std::invoke_result_t<F&>;
  co_return co_await asio::co_spawn(
      s.handler_pool->get_executor(), [f = std::move(f)]() mutable -> asio::awaitable<R> { co_return f(); },
      asio::use_awaitable);
}

bool quiet_error(const boost::system::error_code& ec) {
  return ec == asio::error::operation_aborted || ec == asio::ssl::error::stream_truncated ||
         ec == http::error::end_of_stream || ec == asio::error::eof || ec == beast::error::timeout ||
         ec == asio::error::connection_reset;
}

// head_only answers a HEAD: the headers a GET gets (its Content-Length too), no body, so
// the next response on a kept-alive connection is not misread.
template <class Stream>
asio::awaitable<boost::system::error_code> write_message(server_state& s, Stream& stream, beast_response& res,
                                                         bool head_only) {
  const auto& o = s.opts;
  beast::get_lowest_layer(stream).expires_after(size_deadline(
      o.write_timeout, head_only ? 0 : res.body().size(), o.min_write_rate_bytes_per_s, o.write_time_cap));
  if (head_only) {
    http::response_serializer<http::string_body> sr{res};
    auto [ec, n] = co_await http::async_write_header(stream, sr, use_tuple);
    (void)n;
    co_return ec;
  }
  auto [ec, n] = co_await http::async_write(stream, res, use_tuple);
  (void)n;
  co_return ec;
}

bool is_head(const request_head* head) { return head != nullptr && head->method == "HEAD"; }

// Closes after an answer the peer may still be sending into (unread header or body):
// half-close, then discard what arrives for a short while, so the kernel does not answer
// the unread bytes with a RST that would destroy our response in flight.
template <class Stream>
asio::awaitable<void> linger_close(Stream& stream) {
  auto& tcp_layer = beast::get_lowest_layer(stream);
  boost::system::error_code ec;
  tcp_layer.socket().shutdown(tcp::socket::shutdown_send, ec);
  tcp_layer.expires_after(2s);
  char junk[4096];
  for (std::size_t total = 0; !ec && total < (1u << 20);) {
    auto [e, n] = co_await tcp_layer.async_read_some(asio::buffer(junk), use_tuple);
    ec = e;
    total += n;
  }
  tcp_layer.close();
}

// Callers pass a named http_reject: GCC 12 mishandles braced temporaries in co_await
// expressions (double destruction). head (null before the header parsed) lets the
// application count the refusal.
template <class Stream>
asio::awaitable<void> reject_and_close(server_state& s, Stream& stream, http_reject r, unsigned version,
                                       const request_head* head) {
  s.handler->refused(head, r.status);
  auto res = error_response(r, version);
  if (!co_await write_message(s, stream, res, is_head(head))) co_await linger_close(stream);
}

// The absolute deadline for reading one body (the per-read idle timeout is
// body_timeout_base); a chunked body is judged as if it were as big as allowed.
std::chrono::milliseconds body_cap(const server_options& o, std::optional<std::uint64_t> cl,
                                   std::size_t limit) {
  return size_deadline(o.body_timeout_base, cl ? *cl : limit, o.min_body_rate_bytes_per_s, o.body_time_cap);
}

// What admission decided, on the handler pool: a refusal, or the body limit of the route.
struct admission {
  std::optional<http_response> refusal;
  std::size_t body_limit = 0;  // 0 → the server's
};

// The answer worked out on the handler pool: a refusal of the body (it did not
// decompress, or decompressed past the limit) or the response, already compressed.
struct answer {
  std::optional<http_reject> reject;
  beast_response res;
};

// Reads the body piece by piece: each read must bring a byte within body_timeout_base,
// and the whole body must be in before the cap.
template <class Stream, class Parser>
asio::awaitable<boost::system::error_code> read_body(const server_options& o, Stream& stream,
                                                     beast::flat_buffer& buf, Parser& p,
                                                     std::optional<std::uint64_t> cl, std::size_t limit) {
  using clock = std::chrono::steady_clock;
  auto& tcp_layer = beast::get_lowest_layer(stream);
  const auto cap_at = clock::now() + body_cap(o, cl, limit);
  while (!p.is_done()) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(cap_at - clock::now());
    if (left.count() <= 0) co_return beast::error::timeout;
    tcp_layer.expires_after(std::min(o.body_timeout_base, left));
    auto [ec, n] = co_await http::async_read_some(stream, buf, p, use_tuple);
    (void)n;
    if (ec) co_return ec;
  }
  co_return boost::system::error_code{};
}

// The request loop on an established stream (TLS or plain).
template <class Stream>
asio::awaitable<void> serve_requests(server_state& s, Stream& stream, session_ctl& ctl,
                                     const std::string& peer) {
  const server_options& o = s.opts;
  auto& tcp_layer = beast::get_lowest_layer(stream);
  beast::flat_buffer buf;
  for (std::size_t n = 0; n < o.max_requests_per_connection; ++n) {
    ctl.busy = false;
    if (s.stopping) co_return;
    if (n > 0 && buf.size() == 0) {
      // Idle keep-alive: wait for the first byte under the idle timeout.
      tcp_layer.expires_after(o.idle_timeout);
      auto [ec, got] = co_await stream.async_read_some(buf.prepare(4096), use_tuple);
      if (ec) co_return;
      buf.commit(got);
    }
    http::request_parser<http::empty_body> hp;
    hp.header_limit(static_cast<std::uint32_t>(o.max_header_bytes));
    hp.body_limit(boost::none);  // we judge Content-Length ourselves (413 before reading)
    tcp_layer.expires_after(o.header_timeout);
    auto [hec, hn] = co_await http::async_read_header(stream, buf, hp, use_tuple);
    (void)hn;
    ctl.busy = true;
    if (hec == http::error::header_limit) {
      http_reject r{431, errc::header_too_large, ""};
      co_await reject_and_close(s, stream, std::move(r), 11, nullptr);
      co_return;
    }
    if (hec && quiet_error(hec)) co_return;
    if (hec) {
      http_reject r{400, errc::bad_request, hec.message()};
      co_await reject_and_close(s, stream, std::move(r), 11, nullptr);
      co_return;
    }
    const auto& h = hp.get();
    const unsigned version = h.version();
    const bool keep_alive_wanted = h.keep_alive();
    std::optional<std::uint64_t> cl;
    if (auto v = hp.content_length()) cl = *v;
    request_head head;
    const auto head_rej = make_request_head(h.base(), cl, peer, head);
    auto rej = head_rej;
    if (!rej) rej = check_framing(h.base(), o.max_body_bytes);
    if (!rej) rej = check_body_allowed(head.method, cl, hp.chunked());
    // Content-Encoding is judged on the header too, so `br` with a big body costs nothing.
    const std::string* ce = head.header("content-encoding");
    auto enc = parse_content_encoding(ce ? *ce : std::string());
    if (!rej && !enc) rej = http_reject{415, errc::unsupported_encoding, *ce};
    if (rej) {
      co_await reject_and_close(s, stream, *rej, version, head_rej ? nullptr : &head);
      co_return;
    }
    // Admission on the header alone: a refused upload never costs us its body.
    admission adm;
    bool crashed = false;
    try {
      adm = co_await on_pool(s, [&s, &head] {
        admission a;
        a.refusal = s.handler->admit(head);
        if (!a.refusal) a.body_limit = s.handler->body_limit(head);
        return a;
      });
    } catch (const std::exception&) {
      crashed = true;
    }
    if (crashed) {
      http_reject r{500, errc::server_error, ""};
      co_await reject_and_close(s, stream, std::move(r), version, &head);
      co_return;
    }
    if (adm.refusal) {
      auto res = to_beast(std::move(*adm.refusal), version, false, nullptr);
      if (!co_await write_message(s, stream, res, is_head(&head))) co_await linger_close(stream);
      co_return;
    }
    // The route's limit bounds the body as received and after decoding alike.
    const std::size_t decoded_cap = o.max_decompressed_bytes ? o.max_decompressed_bytes : o.max_body_bytes;
    const std::size_t wire_limit =
        adm.body_limit ? std::min(adm.body_limit, o.max_body_bytes) : o.max_body_bytes;
    const std::size_t plain_limit = adm.body_limit ? std::min(adm.body_limit, decoded_cap) : decoded_cap;
    if (cl && *cl > wire_limit) {
      http_reject r{413, errc::payload_too_large, "body exceeds the limit"};
      co_await reject_and_close(s, stream, std::move(r), version, &head);
      co_return;
    }
    if (const std::string* expect = head.header("expect");
        expect && beast::iequals(*expect, "100-continue")) {
      http::response<http::empty_body> cont{http::status::continue_, version};
      tcp_layer.expires_after(o.write_timeout);
      auto [cec, cn] = co_await http::async_write(stream, cont, use_tuple);
      (void)cn;
      if (cec) co_return;
    }

    http::request_parser<http::string_body> bp{std::move(hp)};
    bp.body_limit(wire_limit);
    if (!bp.is_done()) {
      const auto bec = co_await read_body(o, stream, buf, bp, cl, wire_limit);
      if (bec == http::error::body_limit) {
        http_reject r{413, errc::payload_too_large, ""};
        co_await reject_and_close(s, stream, std::move(r), version, &head);
        co_return;
      }
      if (bec && quiet_error(bec)) co_return;
      if (bec) {
        http_reject r{400, errc::bad_request, bec.message()};
        co_await reject_and_close(s, stream, std::move(r), version, &head);
        co_return;
      }
    }
    std::string wire = std::move(bp.get().body());
    std::string accept_encoding;
    if (const std::string* ae = head.header("accept-encoding")) accept_encoding = *ae;
    const bool head_only = is_head(&head);
    const bool keep_alive_ok = keep_alive_wanted && n + 1 < o.max_requests_per_connection;

    // Decompressing the body, the handler and compressing the response all run on the
    // handler pool: a large body must not hold up the I/O threads other connections use.
    answer out;
    try {
      out = co_await on_pool(s, [&, coding = *enc]() {
        answer a;
        http_request req;
        req.wire_bytes = wire.size();
        if (coding == content_encoding::identity) {
          req.body = std::move(wire);
        } else {
          auto plain = decompress(coding, wire, plain_limit);  // streams; stops past the limit
          if (!plain) {
            const bool big = plain.err().code == errc::payload_too_large;
            a.reject = http_reject{big ? 413 : 400, big ? errc::payload_too_large : errc::bad_request, ""};
            return a;
          }
          std::string().swap(wire);
          req.body = std::move(*plain);
        }
        static_cast<request_head&>(req) = std::move(head);
        a.res = to_beast(s.handler->handle(std::move(req)), version, keep_alive_ok && !s.stopping,
                         accept_encoding.empty() ? nullptr : &accept_encoding);
        return a;
      });
    } catch (const std::exception&) {
      crashed = true;
    }
    if (crashed) {
      http_reject r{500, errc::server_error, ""};
      co_await reject_and_close(s, stream, std::move(r), version, nullptr);
      co_return;
    }
    if (out.reject) {
      co_await reject_and_close(s, stream, *out.reject, version, &head);
      co_return;
    }
    auto& res = out.res;
    if (s.stopping) res.keep_alive(false);
    const bool keep_alive = res.keep_alive();
    if (co_await write_message(s, stream, res, head_only)) co_return;
    if (!keep_alive) {
      co_await linger_close(stream);
      co_return;
    }
  }
}

// Unregisters the session however the coroutine ends (return, exception, destruction).
struct session_guard {
  server_state& s;
  std::uint64_t id;
  session_ctl& ctl;
  ~session_guard() {
    ctl.close = nullptr;
    s.session_ended(id);
  }
};

}  // namespace

asio::awaitable<void> run_session(server_state& s, tcp::socket sock, std::uint64_t id,
                                  std::shared_ptr<session_ctl> ctl) {
  session_guard guard{s, id, *ctl};
  boost::system::error_code ec;
  auto ep = sock.remote_endpoint(ec);
  std::string peer = ec ? std::string("?") : ep.address().to_string() + ":" + std::to_string(ep.port());
  if (!s.tls) {
    beast::tcp_stream stream(std::move(sock));
    ctl->close = [&stream] { stream.close(); };
    if (!s.stopping) co_await serve_requests(s, stream, *ctl, peer);
    stream.close();
    co_return;
  }
  beast::ssl_stream<beast::tcp_stream> stream(beast::tcp_stream(std::move(sock)), *s.tls);
  ctl->close = [&stream] { beast::get_lowest_layer(stream).close(); };
  if (s.stopping) co_return;
  beast::get_lowest_layer(stream).expires_after(s.opts.handshake_timeout);
  auto [hec] = co_await stream.async_handshake(asio::ssl::stream_base::server, use_tuple);
  if (hec) {
    ++s.handshake_failures;
    beast::get_lowest_layer(stream).close();
    co_return;
  }
  co_await serve_requests(s, stream, *ctl, peer);
  beast::get_lowest_layer(stream).close();
}

}  // namespace cunzhan::net
