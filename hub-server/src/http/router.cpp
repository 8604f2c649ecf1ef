// Routing table, header-time admission (auth, verb, content type/length) and dispatch.
// Exceptions stop here and become a 500, so one bad request never takes the server down.
#include "cunzhan/hub/router.hpp"

#include <array>
#include <iostream>
#include <string_view>

#include <boost/json.hpp>

#include "cunzhan/shared/compress.hpp"
#include "cunzhan/shared/op.hpp"
#include "cunzhan/shared/time.hpp"
#include "cunzhan/shared/version.hpp"
#include "http/http_reply.hpp"
#include "http/kpi_routes.hpp"
#include "http/routes.hpp"
#include "report/report_cache.hpp"

namespace cunzhan::hub {

enum class caller { anyone, station, staff };

struct route {
  std::string_view path;  // also the metrics label: never the client's own path
  std::string_view verb;
  caller who;
  route_fn fn;
  std::size_t max_body = 0;  // declared body limit checked at admission; 0 → the server's limit
};

namespace {

// The sign-in form is two short fields; anyone may post it, so it gets no more than that.
constexpr std::size_t k_form_body_bytes = 4 * 1024;

constexpr std::array<route, 9> k_routes{{
    {"/v1/sync/push", "POST", caller::station, handle_push},
    {"/v1/sync/pull", "GET", caller::station, handle_pull},
    {"/v1/health", "GET", caller::anyone, handle_health},
    {"/metrics", "GET", caller::staff, handle_metrics},
    {"/v1/counties/*", "GET", caller::staff, handle_county},
    // The dashboard authenticates by its own session cookie (kpi/dashboard.cpp).
    {"/dashboard", "GET", caller::anyone, handle_dashboard},
    {"/dashboard/report.csv", "GET", caller::anyone, handle_dashboard_csv},
    {"/dashboard/login", "POST", caller::anyone, handle_dashboard_login, k_form_body_bytes},
    {"/dashboard/logout", "POST", caller::anyone, handle_dashboard_logout, k_form_body_bytes},
}};

// A pattern ending in '*' matches every path under it (/v1/counties/{code}/...).
bool path_matches(std::string_view pattern, std::string_view path) {
  if (!pattern.empty() && pattern.back() == '*')
    return path.starts_with(pattern.substr(0, pattern.size() - 1));
  return pattern == path;
}

// The dashboard's sign-in is a plain HTML form, not JSON.
bool is_form_route(std::string_view path) { return path.starts_with("/dashboard/"); }

// The route for path+verb; sets `known` to the first route with that path under any verb.
const route* find_route(std::string_view path, std::string_view verb, const route*& known) {
  known = nullptr;
  for (const auto& r : k_routes) {
    if (!path_matches(r.path, path)) continue;
    if (known == nullptr) known = &r;
    if (r.verb == verb || (verb == "HEAD" && r.verb == "GET")) return &r;
  }
  return nullptr;
}

// The path is not echoed: it is the client's, any bytes, and the client knows it.
net::http_response not_found() {
  return error_reply(404, errc::not_found, "no such endpoint", "没有这个接口");
}

net::http_response wrong_verb(std::string_view path) {
  std::string allow;
  for (const auto& r : k_routes) {
    if (path_matches(r.path, path)) allow += (allow.empty() ? "" : ", ") + std::string(r.verb);
  }
  auto res = error_reply(405, errc::bad_request, "method not allowed; use " + allow,
                         "请求方法不允许，应使用 " + allow);
  res.headers.emplace_back("allow", allow);
  return res;
}

// Authenticates and checks the principal's kind against the route.
result<principal> check_caller(storage& store, const net::request_head& head, caller need) {
  const std::string* auth = head.header("authorization");
  if (auth == nullptr)
    return error(errc::unauthorized, "missing Authorization: Bearer <token>", "缺少访问令牌");
  auto token = bearer_of(*auth);
  if (!token)
    return error(errc::unauthorized, "Authorization must be Bearer <token>",
                 "访问令牌格式应为 Bearer <令牌>");
  auto who = authenticate(store, *token);
  if (!who) return who;
  const bool is_station = std::holds_alternative<station_row>(*who);
  if (need == caller::station && !is_station) {
    return error(errc::forbidden, "this endpoint needs a station token", "此接口需要站点令牌");
  }
  if (need == caller::staff && is_station) {
    return error(errc::forbidden, "this endpoint needs a staff token", "此接口需要工作人员令牌");
  }
  return who;
}

// A station below the configured minimum (or one too old to say its version) is told so
// before its body is read; the officer must install the newer station program.
std::optional<net::http_response> check_station_version(const net::request_head& head,
                                                        const std::string& min) {
  if (min.empty()) return std::nullopt;
  const std::string* v = head.header(std::string(k_station_version_header));
  const std::string have = v ? *v : std::string();
  const auto order = compare_versions(have, min);
  if (order && *order >= 0) return std::nullopt;
  const std::string en_have =
      have.empty() ? "an older version that does not say its version" : "version " + have;
  const std::string zh_have = have.empty() ? "旧版本（未报告版本号）" : "版本 " + have;
  return error_reply(426, errc::station_too_old,
                     "this station runs " + en_have + "; the hub accepts " + min +
                         " or newer: install the newer station program, then sync again (nothing was sent)",
                     "本站程序为" + zh_have + "，区县中心只接受 " + min +
                         " 或更新的版本：请安装新版站点程序后再同步（未发送任何数据）");
}

// Every answer says which hub version gave it (PROTOCOL.md "Compatibility").
net::http_response& stamp(net::http_response& res) {
  res.headers.emplace_back(std::string(k_hub_version_header), std::string(program_version()));
  // The entities this hub accepts: a station holds back ops of any other (PROTOCOL.md).
  res.headers.emplace_back(std::string(k_hub_entities_header), known_entity_names());
  return res;
}

bool is_json_type(const std::string* ct) {
  if (ct == nullptr) return false;
  const std::string_view v(*ct);
  const auto semi = v.find(';');
  std::string_view base = v.substr(0, semi);
  while (!base.empty() && base.back() == ' ') base.remove_suffix(1);
  return base == "application/json";
}

}  // namespace

router::router(storage& store, router_options opts, std::shared_ptr<metrics> m,
               std::function<net::server_stats()> server_stats, const clock_source& clock)
    : store_(store),
      opts_(std::move(opts)),
      metrics_(std::move(m)),
      server_stats_(std::move(server_stats)),
      clock_(clock),
      reports_(std::make_unique<kpi::report_cache>(clock)) {
  if (!metrics_) metrics_ = std::make_shared<metrics>();
}

router::~router() = default;

void router::refused(const net::request_head* head, int status) {
  const route* known = nullptr;
  if (head != nullptr) find_route(head->path, head->method, known);
  metrics_->count_request(known ? std::string(known->path) : "other", status);
}

std::size_t router::body_limit(const net::request_head& head) {
  const route* known = nullptr;
  const route* r = find_route(head.path, head.method, known);
  return r != nullptr ? r->max_body : 0;
}

std::optional<net::http_response> router::admit(const net::request_head& head) {
  const route* r = nullptr;
  std::optional<principal> who;
  std::string label = "other";
  std::optional<net::http_response> refusal;
  try {
    refusal = precheck(head, r, who, label);
  } catch (const std::exception& e) {
    refusal = error_reply(500, errc::server_error, e.what(), "服务器内部错误");
  }
  if (refusal && refusal->status >= 500) note_storage_error(label, who ? &*who : nullptr, *refusal);
  if (refusal) metrics_->count_request(label, stamp(*refusal).status);
  return refusal;
}

net::http_response router::handle(net::http_request&& req) {
  std::string label = "other";
  net::http_response res;
  try {
    // handle() may be called without admit() (tests, or another transport), so every
    // check runs again; the token is verified again too in case it was revoked meanwhile.
    const route* r = nullptr;
    std::optional<principal> who;
    if (auto refusal = precheck(req, r, who, label)) {
      res = std::move(*refusal);
    } else {
      route_context ctx{store_, opts_, *metrics_, server_stats_, *reports_, clock_};
      res = r->fn(ctx, who ? &*who : nullptr, req);
    }
    if (res.status >= 500) note_storage_error(label, who ? &*who : nullptr, res);
  } catch (const std::exception& e) {
    res = error_reply(500, errc::server_error, e.what(), "服务器内部错误");
  }
  metrics_->count_request(label, stamp(res).status);
  return res;
}

void router::note_storage_error(const std::string& label, const principal* who, net::http_response& res) {
  // Error replies are small, uncompressed JSON: {"error": {"code", "message", ...}}.
  boost::system::error_code ec;
  const auto v = boost::json::parse(res.body, ec);
  const auto* e = !ec && v.is_object() ? v.as_object().if_contains("error") : nullptr;
  if (e == nullptr || !e->is_object()) return;
  const auto* code = e->as_object().if_contains("code");
  const auto* msg = e->as_object().if_contains("message");
  if (code == nullptr || !code->is_string()) return;
  const errc c = code_from_name(code->as_string());
  if (static_cast<int>(c) < 100 || static_cast<int>(c) >= 200) return;  // not the storage group
  metrics_->count_storage_error(label, std::string(code->as_string()));
  const std::string text = msg && msg->is_string() ? std::string(msg->as_string()) : std::string();
  if (c == errc::db_corrupt) {
    // SQLite says "malformed" also when a read failed half-way (a failing disk): a verdict
    // on the file needs `hub check` (quick_check on a fresh open), not one request.
    const auto at = text.rfind("[code ");
    const std::string sqlite_code = at == std::string::npos
                                        ? std::string()
                                        : " (SQLite " + text.substr(at + 1, text.size() - at - 2) + ")";
    res = error_reply(
        500, errc::server_error,
        "a read of the hub's database failed" + sqlite_code +
            "; whether the file is damaged is not known until `hub check` has run",
        "读取区县服务器数据库时出错" + sqlite_code + "；文件是否损坏，要运行 `hub check` 才能确定");
  }
  std::string station = "-";
  if (who != nullptr) {
    if (const auto* s = std::get_if<station_row>(who)) station = s->id;
  }
  // The hub's own log (stderr, the journal under systemd): which route, which station,
  // which SQLite error ("[code N]" in the message).
  std::cerr << format_instant(clock_.now()) << " storage error: route=" << label << " station=" << station
            << " status=" << res.status << " code=" << code->as_string().c_str() << " message=" << text
            << (c == errc::db_corrupt ? " (unconfirmed: run `hub check`)" : "") << std::endl;
}

std::optional<net::http_response> router::precheck(const net::request_head& head, const route*& r,
                                                   std::optional<principal>& who, std::string& label) {
  const route* known = nullptr;
  r = find_route(head.path, head.method, known);
  if (r == nullptr) {
    if (known == nullptr) return not_found();
    label = std::string(known->path);
    return wrong_verb(head.path);
  }
  label = std::string(r->path);
  if (r->who == caller::anyone) {
    // Anyone may reach these routes, and their bodies are a few bytes: a compressed body
    // has no use here and would make the hub inflate for a stranger.
    const std::string* ce = head.header("content-encoding");
    if (auto enc = parse_content_encoding(ce ? *ce : "");
        ce != nullptr && (!enc || *enc != content_encoding::identity)) {
      return error_reply(415, errc::unsupported_encoding,
                         "this endpoint takes no compressed body (Content-Encoding)",
                         "此接口不接受压缩的请求体（Content-Encoding）");
    }
  } else {
    auto checked = check_caller(store_, head, r->who);
    if (!checked) return error_reply(checked.err());
    who = std::move(*checked);
    if (r->who == caller::station) {
      if (auto old = check_station_version(head, opts_.min_station_version)) return old;
    }
  }
  if (head.method == "POST") {
    if (!head.content_length) {
      return error_reply(411, errc::bad_request, "Content-Length is required", "请求必须带 Content-Length");
    }
    if (r->max_body != 0 && *head.content_length > r->max_body) {
      return error_reply(413, errc::payload_too_large,
                         "body exceeds " + std::to_string(r->max_body) + " bytes for this endpoint",
                         "请求体超过此接口的上限 " + std::to_string(r->max_body) + " 字节");
    }
    if (!is_form_route(head.path) && !is_json_type(head.header("content-type"))) {
      return error_reply(415, errc::unsupported_media_type, "Content-Type must be application/json",
                         "Content-Type 必须是 application/json");
    }
  }
  return std::nullopt;
}

}  // namespace cunzhan::hub
