// Request admission, sessions, CSRF and routing for the web app (see app.hpp), and
// web_server, which runs it on the net layer's plain-HTTP server.
#include "app.hpp"

#include <exception>

#include "assets.hpp"
#include "cunzhan/platform/network.hpp"
#include "html.hpp"

namespace cunzhan::station_client {
namespace web {
namespace {

struct route {
  std::string_view method;
  std::string_view path;
  page_fn fn;
};

// Forms post back to the URL of their page, so a refused form is shown again in place.
constexpr route k_routes[] = {
    {"GET", "/", home_page},
    {"GET", "/listings", listings_page},
    {"GET", "/listings/new", listing_new_page},
    {"POST", "/listings/new", listing_add},
    {"GET", "/listings/edit", listing_edit_page},
    {"POST", "/listings/edit", listing_update},
    {"GET", "/listings/sell", listing_sell_page},
    {"POST", "/listings/sell", listing_sell},
    {"POST", "/listings/withdraw", listing_withdraw},
    {"GET", "/pickups", pickups_page},
    {"POST", "/pickups", pickup_add},
    {"POST", "/pickups/collect", pickup_collect},
    {"POST", "/pickups/cancel", pickup_cancel},
    {"POST", "/pickups/fail", pickup_fail},
    {"GET", "/points", points_page},
    {"GET", "/points/new", point_new_page},
    {"POST", "/points/new", point_add},
    {"GET", "/points/edit", point_edit_page},
    {"POST", "/points/edit", point_update},
    {"POST", "/points/close", point_close},
    {"GET", "/villagers", villagers_page},
    {"POST", "/villagers", villager_add},
    {"GET", "/orders", orders_page},
    {"POST", "/orders", order_add},
    {"POST", "/orders/arrive", order_arrive},
    {"POST", "/orders/handover", order_handover},
    {"POST", "/orders/return", order_return},
    {"POST", "/orders/cancel", order_cancel},
    {"GET", "/services", services_page},
    {"POST", "/services", service_add},
    {"GET", "/import", import_page},
    {"POST", "/import/preview", import_preview},
    {"POST", "/import/commit", import_commit},
    {"POST", "/import/cancel", import_cancel},
    {"GET", "/export", export_csv_file},
    {"GET", "/sync", sync_page},
    {"POST", "/sync", sync_start},
    {"GET", "/sync/status", sync_status_json},
    {"GET", "/enrol", enrol_page},
    {"POST", "/enrol", enrol_submit},
};

constexpr std::size_t k_form_limit = 256 << 10;  // any form but the CSV upload
constexpr long k_lang_cookie_age_s = 365L * 24 * 3600;

const route* find_route(std::string_view method, std::string_view path, bool& path_known) {
  path_known = false;
  for (const auto& r : k_routes) {
    if (r.path != path) continue;
    path_known = true;
    if (r.method == method) return &r;
  }
  return nullptr;
}

}  // namespace

const std::string& ctx::query(const std::string& name) const {
  static const std::string empty;
  auto it = req.query.find(name);
  return it == req.query.end() ? empty : it->second;
}

app::app(web_options o) : opts_(std::move(o)) {}
app::~app() = default;

status app::open() {
  store_options so;
  so.create = false;
  auto st = store::open(opts_.data_dir, so);
  if (!st && st.err().code == errc::not_initialised) {
    // First start: an empty store, exactly as `station init` makes it, and the
    // enrolment page until the officer uploads the hub's file.
    so.create = true;
    st = store::open(opts_.data_dir, so);
  }
  if (!st) return std::move(st).err();
  auto keys = session_keys::load(opts_.data_dir);
  if (!keys) return std::move(keys).err();
  keys_ = std::move(*keys);
  store_ = std::move(*st);
  svc_.data_dir = opts_.data_dir;
  svc_.max_upload_bytes = opts_.max_upload_bytes;
  if (opts_.listen_address == "0.0.0.0" || opts_.listen_address == "::")
    own_hosts_ = platform::interface_addresses();
  return check_enrolled();
}

bool app::enrolled() {
  std::lock_guard lock(store_mu_);
  return svc_.enrolled;
}

// Not enrolled yet: looks again (the web form or `station init` may have done it since).
status app::check_enrolled() {
  if (svc_.enrolled) return ok_status();
  auto e = store_->meta().enrolment_info();
  if (!e) {
    if (e.err().code == errc::not_initialised) return ok_status();
    return std::move(e).err();
  }
  auto cursor = store_->meta().sync_value("pull_cursor");
  if (!cursor) return std::move(cursor).err();
  pull_cursor_ = *cursor;
  sync_ = std::make_unique<sync_runner>(opts_.data_dir, sync_options{}, store_->clock());
  svc_.station = std::move(*e);
  svc_.sync = sync_.get();
  svc_.enrolled = true;
  return ok_status();
}

// DNS rebinding: a page on evil.example whose name now resolves to 127.0.0.1 reaches us
// with "Host: evil.example:8765". Only the names this app is served under are accepted.
bool app::host_allowed(const net::request_head& h) const {
  const std::string* host = h.header("host");
  if (!host) return false;
  const std::string port = ":" + std::to_string(port_.load());
  if (*host == "127.0.0.1" + port || *host == "localhost" + port) return true;
  const std::string& addr = opts_.listen_address;
  const bool v6 = addr.find(':') != std::string::npos;
  if (*host == (v6 ? "[" + addr + "]" : addr) + port) return true;
  for (const auto& own : own_hosts_) {
    if (*host == own + port) return true;
  }
  return false;
}

std::optional<net::http_response> app::refuse_foreign(const net::request_head& h) const {
  if (!host_allowed(h)) {
    return refusal(
        403,
        "拒绝访问：请用本机地址打开本页面（例如 http://127.0.0.1:" + std::to_string(port_.load()) + "/）。",
        "Forbidden: this app answers only to its local address (Host header refused).");
  }
  // Cross-site requests: a browser names the page that sent them. A missing Origin (old
  // browsers, curl) is left to the CSRF token; a wrong or opaque one is refused.
  if (const std::string* origin = h.header("origin"); origin && *origin != "http://" + *h.header("host")) {
    return refusal(403, "拒绝访问：请求来自其他网站。",
                   "Forbidden: the request comes from another site (Origin refused).");
  }
  if (const std::string* site = h.header("sec-fetch-site");
      site && *site == "cross-site" && h.method != "GET") {
    return refusal(403, "拒绝访问：请求来自其他网站。", "Forbidden: cross-site request.");
  }
  return std::nullopt;
}

// The body a request may carry, as received and after decoding alike (the server holds
// chunked and gzip bodies to it too, so no transfer form gets a bigger form through).
std::size_t app::body_limit(const net::request_head& h) {
  return h.path == "/import/preview" ? opts_.max_upload_bytes + (64 << 10)
         : h.method == "POST"        ? k_form_limit
                                     : 0;
}

std::optional<net::http_response> app::admit(const net::request_head& h) {
  if (auto r = refuse_foreign(h)) return r;
  if (h.content_length && *h.content_length > body_limit(h)) {
    return refusal(413,
                   "文件或表单太大（CSV 文件最大 " + std::to_string(opts_.max_upload_bytes >> 20) + " MB）。",
                   "The file or form is too large.");
  }
  return std::nullopt;
}

status app::refresh_store() {
  // `station sync` (here or from the CLI/nightly job) may have pulled new villages: the
  // store caches its validation context, so a changed cursor means a fresh connection.
  auto cursor =
      store_->connected() ? store_->meta().sync_value("pull_cursor") : result<std::string>(std::string("-"));
  if (!cursor) return std::move(cursor).err();
  if (*cursor == pull_cursor_ && store_->connected()) return ok_status();
  store_options so;
  so.create = false;
  auto st = store::open(opts_.data_dir, so);
  if (!st) return std::move(st).err();
  store_ = std::move(*st);
  pull_cursor_ = *cursor;
  return ok_status();
}

net::http_response app::handle(net::http_request&& r) {
  // HEAD is answered as GET; the server sends the headers only.
  if (r.method == "HEAD") r.method = "GET";
  if (r.method == "GET" && r.path == "/static/app.css") return asset(app_css, "text/css; charset=utf-8");
  if (r.method == "GET" && r.path == "/static/app.js") return asset(app_js, "text/javascript; charset=utf-8");
  if (r.method == "GET" && r.path == "/favicon.ico") return asset("", "image/x-icon");
  if (r.method == "GET" && r.path == "/ping") {
    // Lets `station serve --open` tell a running station from another program on the port.
    return json_response(std::string("{\"app\":\"cunzhan-station\",\"enrolled\":") +
                         (enrolled() ? "true" : "false") + "}");
  }

  // Language: ?lang= switches and is remembered in a cookie; Chinese unless told.
  lang language = opts_.default_language;
  std::vector<std::string> cookies;
  auto q = r.query.find("lang");
  if (q != r.query.end() && (q->second == "zh" || q->second == "en")) {
    language = q->second == "en" ? lang::en : lang::zh;
    cookies.push_back(set_cookie(lang_cookie, q->second, false, k_lang_cookie_age_s));
  } else if (const std::string c = cookie(r, lang_cookie); c == "en" || c == "zh") {
    language = c == "en" ? lang::en : lang::zh;
  }
  std::string sid = cookie(r, session_cookie);
  if (!session_keys::well_formed(sid)) {
    if (r.method != "GET") {
      return refusal(
          403,
          "请求无效：会话已过期或浏览器未保存 Cookie。请返回上一页，刷新后再提交（已填写的内容仍在上一页）。",
          "Refused: no session. Go back, reload the page and submit again.");
    }
    sid = session_keys::new_session_id();
    cookies.push_back(set_cookie(session_cookie, sid, true));
  }
  net::http_response out;
  try {
    out = dispatch(r, language, sid);
  } catch (const std::exception& e) {
    out = refusal(500, std::string("内部错误：") + e.what(), std::string("Internal error: ") + e.what());
  }
  for (auto& c : cookies) out.headers.emplace_back("Set-Cookie", std::move(c));
  return out;
}

net::http_response app::dispatch(net::http_request& r, lang language, const std::string& session_id) {
  bool path_known = false;
  const route* rt = find_route(r.method, r.path, path_known);
  if (!rt) {
    if (!path_known) return refusal(404, "没有这个页面。", "Not found.");
    auto res = refusal(405, "不支持的请求方式。", "Method not allowed.");
    res.headers.emplace_back("Allow", r.method == "GET" ? "POST" : "GET");
    return res;
  }
  form body;
  std::vector<upload> files;
  if (r.method == "POST") {
    const std::string* ct = r.header("content-type");
    const std::string type = ct ? *ct : "";
    const bool ok = type.starts_with("multipart/form-data") ? parse_multipart(type, r.body, body, files)
                    : type.starts_with("application/x-www-form-urlencoded") ? parse_urlencoded(r.body, body)
                                                                            : false;
    if (!ok) return refusal(400, "表单格式无法识别。", "The form could not be read.");
    // Every state-changing request carries the session's token; a page on another site
    // cannot read it, so it cannot forge the request.
    if (!keys_.check(session_id, body.get(csrf_field))) {
      return refusal(403, "请求无效（安全令牌不符）。请返回上一页，刷新后再提交（已填写的内容仍在上一页）。",
                     "Refused: missing or wrong CSRF token. Go back, reload the page and submit again.");
    }
  }
  std::lock_guard lock(store_mu_);
  if (auto s = check_enrolled(); !s) {
    return refusal(500, "无法读取数据库：" + s.err().describe(lang::zh),
                   "Cannot read the database: " + s.err().describe(lang::en));
  }
  const bool enrol_route = r.path == "/enrol";
  if (!svc_.enrolled && !enrol_route) return redirect("/enrol");
  if (svc_.enrolled && enrol_route) {
    if (r.method == "GET") return redirect("/");
    return refusal(
        409, "本站已注册。如需更换注册，请在命令行运行 station init --force 注册文件。",
        "This station is already enrolled. To replace the enrolment, run `station init --force FILE`.");
  }
  if (auto s = refresh_store(); !s) {
    return refusal(500, "无法读取数据库：" + s.err().describe(lang::zh),
                   "Cannot read the database: " + s.err().describe(lang::en));
  }
  ctx c{r, *store_, svc_, language, keys_.csrf_token(session_id), std::move(body), std::move(files)};
  return rt->fn(c);
}

}  // namespace web

// ---- web_server ----

struct web_server::impl {
  web_options opts;
  std::shared_ptr<web::app> handler;
  std::unique_ptr<net::https_server> server;
};

web_server::web_server(web_options o) : impl_(std::make_unique<impl>()) { impl_->opts = std::move(o); }

web_server::~web_server() { stop(); }

status web_server::start() {
  impl_->handler = std::make_shared<web::app>(impl_->opts);
  if (auto s = impl_->handler->open(); !s) return s;
  net::server_options so;
  so.tls = false;  // loopback only: nothing crosses a network (see WEB.md)
  so.listen_address = impl_->opts.listen_address;
  so.port = impl_->opts.port;
  so.threads = 1;
  so.max_header_bytes = 16 << 10;
  so.max_body_bytes = impl_->opts.max_upload_bytes + (64 << 10);
  so.max_decompressed_bytes = so.max_body_bytes;
  so.max_connections = impl_->opts.max_connections;
  so.max_connections_per_address = 0;  // every browser tab is 127.0.0.1: no cap of its own
  so.header_timeout = std::chrono::seconds(20);
  so.idle_timeout = std::chrono::seconds(60);
  so.shutdown_grace = std::chrono::seconds(5);
  impl_->server = std::make_unique<net::https_server>(so, impl_->handler);
  if (auto s = impl_->server->start(); !s) return s;
  impl_->handler->set_port(impl_->server->bound_port());
  return ok_status();
}

unsigned short web_server::port() const { return impl_->server ? impl_->server->bound_port() : 0; }

std::string web_server::url() const {
  const std::string& a = impl_->opts.listen_address;
  const bool v6 = a.find(':') != std::string::npos;
  return "http://" + (v6 ? "[" + a + "]" : a) + ":" + std::to_string(port()) + "/";
}

void web_server::run_until_signal() {
  if (impl_->server) impl_->server->run_until_signal();
}

void web_server::stop() {
  if (impl_->server) impl_->server->stop();
  impl_->server.reset();
  impl_->handler.reset();
}

}  // namespace cunzhan::station_client
