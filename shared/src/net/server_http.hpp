// HTTP message checks and conversions for the server: framing rules on the raw header,
// request_head from a Beast header, JSON error responses, response compression.
#pragma once
#include "net_pch.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "cunzhan/net/http_types.hpp"
#include "cunzhan/shared/errc.hpp"

namespace cunzhan::net {

namespace beast_http = boost::beast::http;
using beast_response = beast_http::response<beast_http::string_body>;

struct http_reject {
  int status = 400;
  errc code = errc::bad_request;
  std::string detail;
};

// Transfer-Encoding other than exactly "chunked", both CL and TE, a repeated /
// malformed Content-Length or a repeated Host → 400; Content-Length over max_body → 413.
std::optional<http_reject> check_framing(const beast_http::fields& f, std::size_t max_body);
// A GET or HEAD carrying a body (Content-Length > 0 or chunked) → 400: no route reads
// one, and reading it anyway would let an unauthenticated client hold the connection.
std::optional<http_reject> check_body_allowed(std::string_view method,
                                              std::optional<std::uint64_t> content_length, bool chunked);
// base + bytes / rate, at most cap: the deadline for moving one body or response, so a
// big transfer on a slow link gets time in proportion and a stalled peer is still dropped.
std::chrono::milliseconds size_deadline(std::chrono::milliseconds base, std::uint64_t bytes, std::size_t rate,
                                        std::chrono::milliseconds cap);
// Fills method/target/path/query/headers/content_length/peer; 400 on a bad target.
std::optional<http_reject> make_request_head(const beast_http::request_header<>& h,
                                             std::optional<std::uint64_t> content_length, std::string peer,
                                             request_head& out);
// `{"error": {"code", "message", "message_zh"}}` with the given status; Connection: close.
beast_response error_response(const http_reject& r, unsigned version);
// The application's response as a Beast message, compressed per Accept-Encoding when
// the body is big enough to be worth it.
beast_response to_beast(http_response&& r, unsigned version, bool keep_alive,
                        const std::string* accept_encoding);

}  // namespace cunzhan::net
