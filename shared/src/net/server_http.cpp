// Framing checks, request heads, JSON errors and response compression for the server.
#include "server_http.hpp"

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <cctype>

#include "cunzhan/shared/compress.hpp"
#include "cunzhan/shared/text.hpp"

namespace cunzhan::net {
namespace {

namespace http = boost::beast::http;

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool all_digits(std::string_view s) {
  if (s.empty() || s.size() > 19) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

// Whether Accept-Encoding allows `name` (q=0 forbids; "*" allows anything).
bool accepts(std::string_view header, std::string_view name) {
  bool star = false;
  while (!header.empty()) {
    std::size_t comma = header.find(',');
    std::string_view item = trim(header.substr(0, comma));
    header = comma == std::string_view::npos ? std::string_view{} : header.substr(comma + 1);
    std::string_view coding = trim(item.substr(0, item.find(';')));
    bool zero = false;
    if (std::size_t q = item.find("q="); q != std::string_view::npos) {
      std::string_view v = trim(item.substr(q + 2));
      zero = !v.empty() && v.find_first_not_of("0.") == std::string_view::npos;
    }
    if (lower(coding) == name) return !zero;
    if (coding == "*") star = !zero;
  }
  return star;
}

}  // namespace

std::optional<http_reject> check_framing(const http::fields& f, std::size_t max_body) {
  int cl_count = 0, te_count = 0, host_count = 0;
  std::string_view cl_value, te_value;
  for (const auto& field : f) {
    if (field.name() == http::field::host) {
      ++host_count;
    } else if (field.name() == http::field::content_length) {
      ++cl_count;
      cl_value = trim(field.value());
    } else if (field.name() == http::field::transfer_encoding) {
      ++te_count;
      te_value = trim(field.value());
    }
  }
  // Request smuggling defences (RFC 9112 §6.3): one unambiguous framing or none.
  if (te_count > 0 && cl_count > 0)
    return http_reject{400, errc::bad_request, "both Content-Length and Transfer-Encoding"};
  if (te_count > 1 || (te_count == 1 && lower(te_value) != "chunked"))
    return http_reject{400, errc::bad_request, "unsupported Transfer-Encoding"};
  if (cl_count > 1) return http_reject{400, errc::bad_request, "repeated Content-Length"};
  // Two Host headers name two sites: a proxy and we could each pick a different one.
  if (host_count > 1) return http_reject{400, errc::bad_request, "repeated Host"};
  if (cl_count == 1) {
    if (!all_digits(cl_value)) return http_reject{400, errc::bad_request, "bad Content-Length"};
    if (std::stoull(std::string(cl_value)) > max_body)
      return http_reject{413, errc::payload_too_large, "body exceeds the limit"};
  }
  return std::nullopt;
}

std::chrono::milliseconds size_deadline(std::chrono::milliseconds base, std::uint64_t bytes, std::size_t rate,
                                        std::chrono::milliseconds cap) {
  const std::uint64_t r = rate ? rate : 1;
  return std::min(cap, base + std::chrono::milliseconds(bytes * 1000 / r));
}

std::optional<http_reject> check_body_allowed(std::string_view method,
                                              std::optional<std::uint64_t> content_length, bool chunked) {
  if (method != "GET" && method != "HEAD") return std::nullopt;
  if (chunked || content_length.value_or(0) > 0)
    return http_reject{400, errc::bad_request, "a GET or HEAD request carries no body"};
  return std::nullopt;
}

std::optional<http_reject> make_request_head(const http::request_header<>& h,
                                             std::optional<std::uint64_t> content_length, std::string peer,
                                             request_head& out) {
  out.method = std::string(h.method_string());
  out.target = std::string(h.target());
  std::string_view target = out.target;
  if (target.empty() || target.front() != '/')
    return http_reject{400, errc::bad_request, "request target must be a path"};
  std::size_t qmark = target.find('?');
  if (!percent_decode(target.substr(0, qmark), out.path, false))
    return http_reject{400, errc::bad_request, "malformed path escape"};
  if (qmark != std::string_view::npos && !parse_query(target.substr(qmark + 1), out.query))
    return http_reject{400, errc::bad_request, "malformed query escape"};
  out.headers.clear();
  for (const auto& field : h)
    out.headers.emplace_back(lower(field.name_string()), std::string(field.value()));
  if (content_length) out.content_length = static_cast<std::size_t>(*content_length);
  out.peer = std::move(peer);
  return std::nullopt;
}

beast_response error_response(const http_reject& r, unsigned version) {
  std::string msg(message(r.code, lang::en));
  if (!r.detail.empty()) msg += ": " + r.detail;
  boost::json::object inner;
  inner["code"] = code_name(r.code);
  inner["message"] = msg;
  inner["message_zh"] = message(r.code, lang::zh);
  boost::json::object outer;
  outer["error"] = std::move(inner);
  beast_response res;
  res.version(version);
  res.result(static_cast<unsigned>(r.status));
  res.set(http::field::content_type, "application/json; charset=utf-8");
  res.body() = to_valid_utf8(boost::json::serialize(outer));  // a detail may quote the request
  res.keep_alive(false);
  res.prepare_payload();
  return res;
}

beast_response to_beast(http_response&& r, unsigned version, bool keep_alive,
                        const std::string* accept_encoding) {
  beast_response res;
  res.version(version);
  res.result(static_cast<unsigned>(r.status));
  if (!r.content_type.empty()) res.set(http::field::content_type, r.content_type);
  bool encoded = false;
  for (auto& [k, v] : r.headers) {
    if (lower(k) == "content-encoding") encoded = true;
    res.insert(k, v);
  }
  if (!encoded && accept_encoding && r.body.size() >= k_min_compress_bytes) {
    if (accepts(*accept_encoding, "zstd")) {
      r.body = zstd_compress(r.body);
      res.set(http::field::content_encoding, "zstd");
    } else if (accepts(*accept_encoding, "gzip")) {
      r.body = gzip_compress(r.body);
      res.set(http::field::content_encoding, "gzip");
    }
    res.set(http::field::vary, "Accept-Encoding");
  }
  res.body() = std::move(r.body);
  res.keep_alive(keep_alive);
  res.prepare_payload();
  return res;
}

}  // namespace cunzhan::net
