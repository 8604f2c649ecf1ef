// Routing table and header-time admission of the province role.
#include "province/province_router.hpp"

#include <array>
#include <string_view>

#include "cunzhan/hub/auth.hpp"
#include "cunzhan/shared/compress.hpp"
#include "cunzhan/shared/time.hpp"
#include "cunzhan/shared/uuid.hpp"
#include "cunzhan/shared/version.hpp"
#include "http/http_reply.hpp"
#include "province/intake.hpp"
#include "province/province_routes.hpp"

namespace cunzhan::hub::province {

enum class who_kind { anyone, county, staff };

struct caller {
  who_kind kind = who_kind::anyone;
  std::string county;  // for a county token
  staff_row staff;     // for a staff token
};

namespace {

struct route {
  std::string_view path;  // a trailing '*' matches everything under it
  std::string_view verb;
  who_kind who;
  std::size_t max_body;
};

constexpr std::size_t k_form_bytes = 4 * 1024;

constexpr std::array<route, 8> k_routes{{
    {"/v1/province/reports", "POST", who_kind::county, k_max_report_bytes},
    {"/metrics", "GET", who_kind::staff, 0},  // Prometheus scrapes with a staff token
    {"/v1/province/*", "GET", who_kind::staff, 0},
    {"/v1/health", "GET", who_kind::anyone, 0},
    // The dashboard checks its own session cookie.
    {"/dashboard", "GET", who_kind::anyone, 0},
    {"/dashboard/report.csv", "GET", who_kind::anyone, 0},
    {"/dashboard/login", "POST", who_kind::anyone, k_form_bytes},
    {"/dashboard/logout", "POST", who_kind::anyone, k_form_bytes},
}};

bool matches(std::string_view pattern, std::string_view path) {
  if (!pattern.empty() && pattern.back() == '*')
    return path.starts_with(pattern.substr(0, pattern.size() - 1));
  return pattern == path;
}

const route* find_route(std::string_view path, std::string_view verb, bool& path_known) {
  path_known = false;
  for (const auto& r : k_routes) {
    if (!matches(r.path, path)) continue;
    path_known = true;
    if (r.verb == verb || (verb == "HEAD" && r.verb == "GET")) return &r;
    // An exact path owns its verbs: GET /v1/province/reports is 405, not a read route.
    if (r.path.back() != '*') return nullptr;
  }
  return nullptr;
}

net::http_response& stamp(net::http_response& res) {
  res.headers.emplace_back("x-province-version", std::string(program_version()));
  return res;
}

result<caller> authenticate_caller(province_store& store, const net::request_head& head, who_kind need) {
  const std::string* auth = head.header("authorization");
  if (auth == nullptr)
    return error(errc::unauthorized, "missing Authorization: Bearer <token>", "缺少访问令牌");
  auto text = bearer_of(*auth);
  auto tok = text ? parse_token(*text) : std::nullopt;
  if (!tok) return error(errc::unauthorized, "malformed token", "令牌格式不正确");
  caller c;
  if (tok->kind == token_kind::county) {
    auto row = store.county_token(tok->token_id);
    if (!row) return std::move(row).err();
    // Unknown id and wrong secret answer alike, so ids cannot be probed.
    if (!*row || !constant_time_equal((*row)->token_hash, sha256(tok->secret))) {
      return error(errc::unauthorized, "unknown token", "令牌无效");
    }
    if ((*row)->revoked_at) return error(errc::unauthorized, "token revoked", "令牌已被吊销");
    c.kind = who_kind::county;
    c.county = (*row)->county_code;
  } else if (tok->kind == token_kind::province_staff) {
    auto s = verify_staff(store, *text);
    if (!s) return std::move(s).err();
    c.kind = who_kind::staff;
    c.staff = std::move(*s);
  } else {
    return error(errc::unauthorized, "not a token of this province hub", "不是本省级平台的令牌");
  }
  if (c.kind != need) {
    return error(errc::forbidden,
                 need == who_kind::county ? "this endpoint needs a county token"
                                          : "this endpoint needs a province staff token",
                 need == who_kind::county ? "此接口需要区县令牌" : "此接口需要省级工作人员令牌");
  }
  return c;
}

bool is_submission(const net::request_head& head) {
  return head.method == "POST" && head.path == "/v1/province/reports";
}

bool is_json_type(const std::string* ct) {
  if (ct == nullptr) return false;
  const std::string_view v(*ct);
  return v.substr(0, v.find(';')) == "application/json";
}

}  // namespace

result<staff_row> verify_staff(province_store& store, std::string_view token) {
  auto tok = parse_token(token);
  if (!tok || tok->kind != token_kind::province_staff)
    return error(errc::unauthorized, "malformed token", "令牌格式不正确");
  auto row = store.staff_by_token(tok->token_id);
  if (!row) return std::move(row).err();
  if (!*row || !constant_time_equal((*row)->token_hash, sha256(tok->secret))) {
    return error(errc::unauthorized, "unknown token", "令牌无效");
  }
  if ((*row)->revoked_at) return error(errc::unauthorized, "token revoked", "令牌已被吊销");
  return std::move(**row);
}

std::optional<net::http_response> province_router::precheck(const net::request_head& head,
                                                            std::optional<caller>& who) {
  bool known = false;
  const route* r = find_route(head.path, head.method, known);
  if (r == nullptr) {
    if (!known) return error_reply(404, errc::not_found, "no such endpoint", "没有这个接口");
    std::string allow;
    for (const auto& k : k_routes) {
      if (matches(k.path, head.path)) allow += (allow.empty() ? "" : ", ") + std::string(k.verb);
    }
    auto res = error_reply(405, errc::bad_request, "method not allowed; use " + allow,
                           "请求方法不允许，应使用 " + allow);
    res.headers.emplace_back("allow", allow);
    return res;
  }
  if (r->who == who_kind::anyone) {
    // Open routes take no compressed body: a stranger cannot make the province inflate.
    const std::string* ce = head.header("content-encoding");
    if (auto enc = parse_content_encoding(ce ? *ce : "");
        ce != nullptr && (!enc || *enc != content_encoding::identity)) {
      return error_reply(415, errc::unsupported_encoding, "this endpoint takes no compressed body",
                         "此接口不接受压缩的请求体");
    }
  } else {
    auto c = authenticate_caller(store_, head, r->who);
    if (!c) return error_reply(c.err());
    who = std::move(*c);
  }
  if (head.method == "POST") {
    if (!head.content_length)
      return error_reply(411, errc::bad_request, "Content-Length is required", "请求必须带 Content-Length");
    if (r->max_body != 0 && *head.content_length > r->max_body) {
      return error_reply(413, errc::payload_too_large,
                         "body exceeds " + std::to_string(r->max_body) + " bytes",
                         "请求体超过上限 " + std::to_string(r->max_body) + " 字节");
    }
    if (r->who == who_kind::county && !is_json_type(head.header("content-type"))) {
      return error_reply(415, errc::unsupported_media_type, "Content-Type must be application/json",
                         "Content-Type 必须是 application/json");
    }
  }
  return std::nullopt;
}

std::optional<net::http_response> province_router::admit(const net::request_head& head) {
  std::optional<caller> who;
  std::optional<net::http_response> refusal;
  try {
    refusal = precheck(head, who);
  } catch (const std::exception& e) {
    refusal = error_reply(500, errc::server_error, e.what(), "服务器内部错误");
  }
  if (refusal) {
    stamp(*refusal);
    metrics_.count_request(refusal->status);
    if (is_submission(head)) metrics_.count_submission(*refusal);
  }
  return refusal;
}

std::size_t province_router::body_limit(const net::request_head& head) {
  bool known = false;
  const route* r = find_route(head.path, head.method, known);
  return r != nullptr ? r->max_body : 0;
}

net::http_response province_router::handle(net::http_request&& req) {
  net::http_response res = respond(req);
  metrics_.count_request(res.status);
  if (is_submission(req)) metrics_.count_submission(res);
  return res;
}

net::http_response province_router::respond(net::http_request& req) {
  net::http_response res;
  try {
    // Checked again: handle() may run without admit(), and a token may be revoked meanwhile.
    std::optional<caller> who;
    if (auto refusal = precheck(req, who)) {
      res = std::move(*refusal);
    } else if (who && who->kind == who_kind::county) {  // the submit route, the only one for counties
      res = take_submission(store_, who->county, req, clock_.unix_seconds(), clock_.today());
    } else if (req.path == "/v1/health") {
      auto rows = store_.province_code();
      res = rows ? json_reply(200, boost::json::object{{"status", "ok"},
                                                       {"role", "province"},
                                                       {"server_time", format_instant(clock_.now())}})
                 : error_reply(503, errc::unavailable, "database not readable", "数据库不可读");
    } else if (req.path == "/metrics") {
      res.status = 200;
      res.content_type = "text/plain; version=0.0.4";
      res.body = metrics_.render();
    } else if (req.path == "/dashboard/login") {
      res = handle_login(store_, req, clock_);
    } else if (req.path == "/dashboard/logout") {
      res = handle_logout(store_, req);
    } else if (req.path.starts_with("/dashboard")) {
      res = handle_dashboard(store_, req, clock_);
    } else {
      res = handle_read(store_, who->staff, req, clock_);
    }
  } catch (const std::exception& e) {
    res = error_reply(500, errc::server_error, e.what(), "服务器内部错误");
  }
  return stamp(res);
}

}  // namespace cunzhan::hub::province
