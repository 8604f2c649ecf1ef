// GET /dashboard, GET /dashboard/report.csv, POST /dashboard/login and /logout: staff sign
// in once with their token and get a session cookie (HttpOnly; Secure; SameSite=Strict),
// so the token is not kept in the browser. Pages are scoped to the staff's counties.
#include <boost/json.hpp>

#include "cunzhan/hub/kpi_rollup.hpp"
#include "cunzhan/shared/text.hpp"
#include "http/dashboard_session.hpp"
#include "http/http_reply.hpp"
#include "http/kpi_routes.hpp"
#include "report/dashboard_html.hpp"
#include "report/kpi_csv.hpp"
#include "report/report_cache.hpp"

namespace cunzhan::hub {
namespace {

bool wants_en(const net::http_request& req) {
  auto it = req.query.find("lang");
  return it != req.query.end() && it->second == "en";
}

std::int64_t now_s(const route_context& c) { return c.clock.now().time_since_epoch().count(); }

// Self-contained pages: nothing may load from elsewhere, nobody may frame them.
void harden(net::http_response& r) {
  r.headers.emplace_back("cache-control", "no-store");
  r.headers.emplace_back("x-content-type-options", "nosniff");
  r.headers.emplace_back("content-security-policy",
                         "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; "
                         "img-src data:; form-action 'self'; frame-ancestors 'none'");
  r.headers.emplace_back("referrer-policy", "no-referrer");
}

net::http_response html(int status, std::string body) {
  net::http_response r;
  r.status = status;
  r.content_type = "text/html; charset=utf-8";
  r.body = std::move(body);
  harden(r);
  return r;
}

net::http_response redirect(const std::string& to) {
  net::http_response r;
  r.status = 303;
  r.content_type = "text/plain; charset=utf-8";
  r.headers.emplace_back("location", to);
  harden(r);
  return r;
}

std::string session_cookie(const std::string& value, std::int64_t max_age) {
  return std::string(kpi::k_session_cookie) + "=" + value +
         "; Path=/dashboard; Max-Age=" + std::to_string(max_age) + "; HttpOnly; Secure; SameSite=Strict";
}

// The signed-in staff member, or nullopt (no cookie, expired, revoked).
result<std::optional<staff_row>> signed_in(route_context& c, const net::http_request& req) {
  const auto value = kpi::cookie_value(req.header("cookie"), kpi::k_session_cookie);
  if (value.empty()) return std::optional<staff_row>{};
  return kpi::session_staff(c.store, value, now_s(c));
}

// County and period of a dashboard request, checked against the staff's counties.
struct page_scope {
  std::string county;
  kpi::period per;
};

result<page_scope> scope_of(const staff_row& staff, const net::http_request& req, bool en, date today) {
  page_scope s;
  auto it = req.query.find("county");
  s.county = it != req.query.end() ? it->second : (staff.counties.empty() ? "" : staff.counties.front());
  const principal who(staff);
  if (!kpi::may_read(&who, s.county)) {
    return error(errc::forbidden, en ? "You may not read county " + s.county : "您无权查看区县 " + s.county);
  }
  auto per = kpi::period_from_query(req.query, today);
  if (!per) return error(errc::invalid_argument, en ? per.err().detail_en : per.err().detail_zh);
  s.per = *per;
  return s;
}

// A page with a form: its CSRF token goes in the page, and a new cookie along with it when
// the browser had none.
struct with_form {
  bool fresh = false;  // before token: its initialiser sets it
  std::string token;
  explicit with_form(const net::http_request& req) : token(kpi::form_token(req.header("cookie"), fresh)) {}
  net::http_response page(int status, std::string body) const {
    auto r = html(status, std::move(body));
    if (fresh) r.headers.emplace_back("set-cookie", kpi::csrf_cookie(token));
    return r;
  }
};

std::string_view stale_form_text(bool en) {
  return en ? "The form has expired or came from another site. Sign in again on this page."
            : "表单已过期或来自其他网站，请在本页重新登录。";
}

net::http_response refusal(const error& e, bool en) {
  const int status = e.code == errc::forbidden ? 403 : e.code == errc::invalid_argument ? 400 : 500;
  const std::string_view title =
      status == 403 ? (en ? "Forbidden" : "无权访问") : (en ? "Cannot show" : "无法显示");
  return html(status, kpi::render_notice(en, title, e.detail_en));
}

}  // namespace

net::http_response handle_dashboard(route_context& c, const principal*, net::http_request& req) {
  const bool en = wants_en(req);
  auto staff = signed_in(c, req);
  if (!staff) return refusal(staff.err(), en);
  const with_form form(req);
  if (!*staff) return form.page(200, kpi::render_login(en, form.token, ""));
  auto scope = scope_of(**staff, req, en, c.clock.today());
  if (!scope) return refusal(scope.err(), en);
  auto loaded = kpi::load_report_cached(c.reports, c.store, scope->county, scope->per);
  if (!loaded) {
    return refusal(error(errc::invalid_argument, loaded.err().describe(en ? lang::en : lang::zh)), en);
  }
  kpi::dashboard_page page;
  page.en = en;
  page.staff = std::move(**staff);
  page.targets = (*loaded)->targets;
  auto trend = report::monthly_trend(c.store, scope->county, scope->per.end, 12,
                                     kpi::deadline_hour(page.targets), c.clock.today(), &(*loaded)->report);
  if (!trend) return refusal(trend.err(), en);
  page.trend = std::move(*trend);
  page.report = (*loaded)->report;
  page.csrf = form.token;
  return form.page(200, kpi::render_dashboard(page));
}

net::http_response handle_dashboard_csv(route_context& c, const principal*, net::http_request& req) {
  const bool en = wants_en(req);
  auto staff = signed_in(c, req);
  if (!staff) return refusal(staff.err(), en);
  if (!*staff)
    return error_reply(401, errc::unauthorized, "sign in at /dashboard first", "请先在 /dashboard 登录");
  auto scope = scope_of(**staff, req, en, c.clock.today());
  if (!scope) return refusal(scope.err(), en);
  std::string table;
  if (auto it = req.query.find("table"); it != req.query.end()) table = it->second;
  if (!kpi::is_csv_table(table)) return refusal(error(errc::invalid_argument, "table?"), en);
  auto loaded = kpi::load_report_cached(c.reports, c.store, scope->county, scope->per);
  if (!loaded) return error_reply(loaded.err());
  net::http_response res;
  res.content_type = "text/csv; charset=utf-8";
  res.headers.emplace_back("content-disposition", "attachment; filename=\"" + scope->county + "-" +
                                                      (table.empty() ? "kpis" : table) + "-" +
                                                      (*loaded)->report.per.label + ".csv\"");
  res.headers.emplace_back("cache-control", "no-store");
  res.body = kpi::report_csv((*loaded)->report, (*loaded)->targets, table);
  return res;
}

net::http_response handle_dashboard_login(route_context& c, const principal*, net::http_request& req) {
  const bool en = wants_en(req);
  const with_form again(req);  // the form shown again when this post is refused
  std::map<std::string, std::string> form;
  const bool parsed = net::parse_query(req.body, form);
  if (!parsed || !kpi::own_form(req, form))
    return again.page(403, kpi::render_login(en, again.token, stale_form_text(en)));
  if (form.find("token") == form.end()) {
    return again.page(
        400, kpi::render_login(en, again.token, en ? "Enter your staff token." : "请输入工作人员令牌。"));
  }
  std::string token(trim(form["token"]));
  std::optional<staff_row> staff;
  {
    auto who = authenticate(c.store, token);
    if (who && std::holds_alternative<staff_row>(*who)) staff = std::get<staff_row>(std::move(*who));
  }
  if (!staff) {
    // Same answer for a wrong, revoked or station token: nothing to learn by probing.
    return again.page(401, kpi::render_login(en, again.token,
                                             en ? "That token is not a valid staff token."
                                                : "令牌无效或不是工作人员令牌。"));
  }
  auto value = kpi::create_session(c.store, staff->id, now_s(c));
  if (!value) return refusal(value.err(), en);
  auto res = redirect(en ? "/dashboard?lang=en" : "/dashboard");
  res.headers.emplace_back("set-cookie", session_cookie(*value, kpi::k_session_ttl_s));
  return res;
}

net::http_response handle_dashboard_logout(route_context& c, const principal*, net::http_request& req) {
  std::map<std::string, std::string> form;
  if (!net::parse_query(req.body, form) || !kpi::own_form(req, form)) {
    const bool en = wants_en(req);
    return html(403, kpi::render_notice(en, en ? "Not signed out" : "未退出登录", stale_form_text(en)));
  }
  const auto value = kpi::cookie_value(req.header("cookie"), kpi::k_session_cookie);
  if (!value.empty()) {
    (void)kpi::delete_session(c.store, value);
  }
  auto res = redirect(wants_en(req) ? "/dashboard?lang=en" : "/dashboard");
  res.headers.emplace_back("set-cookie", session_cookie("", 0));
  return res;
}

}  // namespace cunzhan::hub
