// The province dashboard: GET /dashboard[?period=&county=&lang=en], sign-in and sign-out
// as the county dashboard (session cookie, CSRF double submit, kpi/dashboard_session.hpp),
// with sessions in province.db. One self-contained page: every county's indicator table
// (sortable; cells carry data-county/data-k so tests compare them with the JSON), the
// province's totals, the submission states and, with ?county=, its 12-month trend.
#include <boost/json.hpp>
#include <cmath>

#include "cunzhan/hub/kpi_targets.hpp"
#include "cunzhan/hub/province/periods.hpp"
#include "cunzhan/shared/html.hpp"
#include "cunzhan/shared/text.hpp"
#include "cunzhan/shared/time.hpp"
#include "cunzhan/shared/uuid.hpp"
#include "http/dashboard_session.hpp"
#include "http/http_reply.hpp"
#include "province/province_routes.hpp"
#include "report/dashboard_html.hpp"
#include "report/format.hpp"
#include "report/kpi_csv.hpp"

namespace cunzhan::hub::province {
namespace {

namespace json = boost::json;
using cunzhan::html_escape;  // the one escaper (shared/html.hpp)

constexpr const char* k_cookie = "pv_session";

// "苍溪县 510824", or the code alone when the registry has no name for it.
std::string named(const json::object& row, const std::string& what) {
  const auto* name = row.if_contains(what + "_name");
  const std::string code(row.at(what + "_code").as_string());
  if (name == nullptr || !name->is_string() || name->as_string().empty()) return html_escape(code);
  return html_escape(std::string(name->as_string()) + " " + code);
}

net::http_response html(int status, std::string body) {
  net::http_response r;
  r.status = status;
  r.content_type = "text/html; charset=utf-8";
  r.body = std::move(body);
  r.headers.emplace_back("cache-control", "no-store");
  r.headers.emplace_back("x-content-type-options", "nosniff");
  r.headers.emplace_back("content-security-policy",
                         "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; "
                         "form-action 'self'; frame-ancestors 'none'");
  r.headers.emplace_back("referrer-policy", "no-referrer");
  return r;
}

net::http_response page_with_form(const net::http_request& req, int status,
                                  const std::function<std::string(const std::string&)>& body) {
  bool fresh = false;
  const std::string token = kpi::form_token(req.header("cookie"), fresh);
  auto r = html(status, body(token));
  if (fresh) r.headers.emplace_back("set-cookie", kpi::csrf_cookie(token));
  return r;
}

std::string session_cookie(const std::string& value, std::int64_t max_age) {
  return std::string(k_cookie) + "=" + value + "; Path=/dashboard; Max-Age=" + std::to_string(max_age) +
         "; HttpOnly; Secure; SameSite=Strict";
}

net::http_response redirect(const std::string& to, const std::string& cookie) {
  auto r = html(303, "");
  r.content_type = "text/plain; charset=utf-8";
  r.headers.emplace_back("location", to);
  r.headers.emplace_back("set-cookie", cookie);
  return r;
}

std::string q(const net::http_request& req, const char* k) {
  auto it = req.query.find(k);
  return it == req.query.end() ? "" : it->second;
}

std::string pct(const json::value& v) { return v.is_number() ? report::percent(v.to_number<double>()) : "—"; }
// A KPI's figure: a count as its number (KPIS.md "Targets"), a share as a percentage.
std::string figure_text(const kpi::kpi_def& d, const json::value& v) {
  if (d.kind != kpi::kpi_kind::count) return pct(v);
  if (v.is_int64()) return std::to_string(v.as_int64());
  return v.is_number() ? std::to_string(std::llround(v.to_number<double>())) : "—";  // never throws
}

std::string yuan(const json::value& fen) {
  const std::int64_t f = fen.is_number() ? fen.to_number<std::int64_t>() : 0;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%lld.%02lld", static_cast<long long>(f / 100),
                static_cast<long long>(f % 100));
  return buf;
}

const json::object* kpi_of(const json::value& kpis, std::string_view key) {
  if (!kpis.is_array()) return nullptr;
  for (const auto& r : kpis.as_array()) {
    if (r.as_object().at("kpi").as_string() == key) return &r.as_object();
  }
  return nullptr;
}

const char* state_zh(std::string_view s) {
  if (s == "on_time") return "按时";
  if (s == "late") return "逾期报送";
  if (s == "missing") return "逾期未报";
  if (s == "not_due") return "未到截止日";
  return "";
}

constexpr const char* k_style =
    "<style>body{font-family:'Noto Sans CJK "
    "SC',sans-serif;margin:16px;color:#222}table{border-collapse:collapse;"
    "font-size:12px}th,td{border:1px solid #bbb;padding:3px "
    "5px;text-align:right}th{background:#eef;cursor:pointer}"
    "td.l,th.l{text-align:left}.fail{color:#b00}.pass{color:#070}tr.total "
    "td{font-weight:bold;background:#f6f6f6}"
    "@page{size:A4 landscape;margin:10mm}@media print{form,.noprint{display:none}}</style>";

// Click a header to sort by it (numbers by data-v, text otherwise); again to reverse.
constexpr const char* k_sort_script =
    "<script>document.querySelectorAll('table.sortable "
    "th').forEach(function(th,i){th.addEventListener('click',"
    "function(){var tb=th.closest('table').tBodies[0];var rows=Array.from(tb.rows);var "
    "d=th.dataset.dir==='a'?-1:1;"
    "th.dataset.dir=d===1?'a':'d';rows.sort(function(a,b){var x=a.cells[i].dataset.v,y=b.cells[i].dataset.v;"
    "if(x!==undefined&&y!==undefined)return d*(parseFloat(x)-parseFloat(y));return d*a.cells[i].textContent."
    "localeCompare(b.cells[i].textContent);});rows.forEach(function(r){tb.appendChild(r);});});});</script>";

// Two review periods side by side (the two-yearly re-review): grade and indicators met.
std::string render_compare(const json::object& a, const json::object& b) {
  const std::string pa(a.at("period").as_string()), pb(b.at("period").as_string());
  std::string h =
      "<h2>两个考核期对比 Two review periods</h2><table id=\"compare\"><thead><tr><th class=\"l\">区县 "
      "County</th><th>" +
      html_escape(pa) + " 达标 Met</th><th class=\"l\">" + html_escape(pa) + " 等级 Grade</th><th>" +
      html_escape(pb) + " 达标 Met</th><th class=\"l\">" + html_escape(pb) +
      " 等级 Grade</th></tr></thead><tbody>";
  const auto& ra = a.at("counties").as_array();
  const auto& rb = b.at("counties").as_array();
  for (std::size_t i = 0; i < ra.size() && i < rb.size(); ++i) {
    h += "<tr data-county=\"" + std::string(ra[i].at("county_code").as_string()) + "\"><td class=\"l\">" +
         named(ra[i].as_object(), "county") + "</td>";
    for (const auto* r : {&ra[i], &rb[i]}) {
      const auto& g = r->at("grade");
      h +=
          "<td>" + std::to_string(r->at("met").as_int64()) + "/" +
          std::to_string(r->at("targeted").as_int64()) + "</td><td class=\"l\">" +
          (g.is_object() ? std::string(g.at("zh").as_string()) + " " + g.at("en").as_string().c_str() : "—") +
          "</td>";
    }
    h += "</tr>";
  }
  return h + "</tbody></table>";
}

std::string render(const staff_row& staff, const json::object& view, const json::object& subs,
                   const std::optional<json::object>& trend, const std::string& csrf) {
  const std::string period(view.at("period").as_string());
  std::string h =
      "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>省级示范县报表 Province "
      "review " +
      html_escape(period) + "</title>" + k_style + "</head><body>";
  h += "<h1>省级电子商务进农村示范县报表 <small>Province review of demonstration counties</small></h1>";
  h += "<p>统计期 Period: <b id=\"period\">" + html_escape(period) + "</b> · " + html_escape(staff.name) +
       "</p>";
  h += "<form method=\"get\" action=\"/dashboard\" class=\"noprint\"><label>统计期 Period <input "
       "name=\"period\" value=\"" +
       html_escape(period) +
       "\"></label> <label>对比 Compare with <input name=\"compare\" placeholder=\"2024\"></label> "
       "<button>查看 Show</button> <a href=\"/dashboard/report.csv?period=" +
       html_escape(period) + "\">CSV (Excel)</a></form>";
  h += "<form method=\"post\" action=\"/dashboard/logout\" class=\"noprint\"><input type=\"hidden\" "
       "name=\"csrf\" value=\"" +
       html_escape(csrf) + "\"><button>退出 Sign out</button></form>";
  if (!subs.empty()) {
    h += "<h2>报送情况 Submissions <small>截止 deadline " +
         html_escape(std::string(subs.at("deadline").as_string())) + "</small></h2><ul>";
    for (const char* k : {"on_time", "late", "missing", "not_due", "corrected"}) {
      std::string list;
      for (const auto& c : subs.at(k).as_array())
        list += (list.empty() ? "" : ", ") + html_escape(std::string(c.as_string()));
      h += "<li>" + std::string(std::string_view(k) == "corrected" ? "已更正" : state_zh(k)) + " " + k +
           ": <span data-list=\"" + k + "\">" + list + "</span></li>";
    }
    h += "</ul>";
  }
  h += "<h2>各县指标 Indicators by county</h2><table class=\"sortable\" id=\"counties\"><thead><tr><th "
       "class=\"l\">区县 County</th>"
       "<th class=\"l\">地市 City</th><th class=\"l\">状态 State</th><th>版本 Ver.</th><th>达标 Met</th><th "
       "class=\"l\">等级 Grade</th>";
  for (const auto& d : kpi::kpi_defs())
    h += "<th>" + std::string(d.zh) + "<br><small>" + std::string(d.en) + "</small></th>";
  h += "<th>销售额（元）Sales</th></tr></thead><tbody>";
  for (const auto& rv : view.at("counties").as_array()) {
    const auto& r = rv.as_object();
    const std::string code(r.at("county_code").as_string());
    const auto* st = r.if_contains("state");
    const std::string state = st ? std::string(st->as_string())
                                 : std::to_string(r.at("months_submitted").as_int64()) + "/" +
                                       std::to_string(r.at("months_in_period").as_int64());
    const auto& g = r.at("grade");
    h += "<tr data-county=\"" + code +
         "\"><td class=\"l\"><a href=\"/dashboard?period=" + html_escape(period) + "&amp;county=" + code +
         "\">" + named(r, "county") + "</a></td><td class=\"l\">" + named(r, "city") +
         "</td><td class=\"l\">" + state_zh(state) + " " + html_escape(state) + "</td><td data-v=\"" +
         (r.contains("version") ? std::to_string(r.at("version").as_int64()) : "0") + "\">" +
         (r.contains("version") ? std::to_string(r.at("version").as_int64()) : "") + "</td><td data-v=\"" +
         (r.at("share_met").is_number() ? std::to_string(r.at("share_met").to_number<double>()) : "-1") +
         "\" data-k=\"met\">" + std::to_string(r.at("met").as_int64()) + "/" +
         std::to_string(r.at("targeted").as_int64()) + "</td><td class=\"l\" data-k=\"grade\">" +
         (g.is_object() ? std::string(g.as_object().at("zh").as_string()) + " " +
                              std::string(g.as_object().at("en").as_string())
                        : "—") +
         "</td>";
    for (const auto& d : kpi::kpi_defs()) {
      const auto* k = kpi_of(r.at("kpis"), d.key);
      if (k == nullptr) {
        h += "<td data-v=\"-1\">—</td>";
        continue;
      }
      const auto& v = k->at("figure").as_object().at("value");
      const auto& pass = k->at("pass");
      h += "<td data-k=\"" + std::string(d.key) + "\" data-v=\"" +
           (v.is_number() ? std::to_string(v.to_number<double>()) : "-1") + "\" class=\"" +
           (pass.is_bool() ? (pass.as_bool() ? "pass" : "fail") : "") + "\">" + figure_text(d, v) +
           (pass.is_bool() ? (pass.as_bool() ? " ✓" : " ✗") : "") + "</td>";
    }
    h += "<td data-k=\"sales_yuan\" data-v=\"" + yuan(r.at("sales").as_object().at("amount_fen")) + "\">" +
         yuan(r.at("sales").as_object().at("amount_fen")) + "</td></tr>";
  }
  h += "</tbody><tfoot><tr class=\"total\" data-county=\"total\"><td class=\"l\" colspan=\"6\">全省合计 "
       "Province total</td>";
  const auto& t = view.at("totals").as_object();
  for (const auto& d : kpi::kpi_defs()) {
    const auto* k = kpi_of(t.at("kpis"), d.key);
    h += "<td data-k=\"" + std::string(d.key) + "\">" +
         (k ? figure_text(d, k->at("figure").as_object().at("value")) : "—") + "</td>";
  }
  h += "<td data-k=\"sales_yuan\">" + yuan(t.at("sales").as_object().at("amount_fen")) +
       "</td></tr></tfoot></table>";
  const auto& rules = view.at("rules").as_object();
  h +=
      "<p>等级规则 Grading: 达标指标占有目标指标的比例 share of targeted indicators met — 优秀 excellent ≥ " +
      pct(rules.at("grade_excellent")) + "，良好 good ≥ " + pct(rules.at("grade_good")) + "，一般 fair ≥ " +
      pct(rules.at("grade_fair")) + "，否则较差 else poor. 截止日 deadline: 次月 " +
      std::to_string(rules.at("deadline_day").as_int64()) + " 日 day of the next month.</p>";
  if (trend) {
    h += "<h2>" + named(*trend, "county") +
         " 近 12 个月 12-month trend</h2>"
         "<table id=\"trend\"><thead><tr><th class=\"l\">月份 Month</th><th class=\"l\">状态 "
         "State</th><th>等级 Grade</th>";
    for (const auto& d : kpi::kpi_defs()) h += "<th>" + std::string(d.zh) + "</th>";
    h += "<th>销售额（元）Sales</th></tr></thead><tbody>";
    for (const auto& pv : trend->at("months").as_array()) {
      const auto& p = pv.as_object();
      h += "<tr><td class=\"l\">" + html_escape(std::string(p.at("period").as_string())) + "</td>";
      if (!p.contains("kpis")) {
        h += "<td colspan=\"" + std::to_string(kpi::kpi_defs().size() + 3) + "\"></td></tr>";
        continue;
      }
      const auto& g = p.at("grade");
      h += "<td class=\"l\">" + std::string(state_zh(p.at("state").as_string())) + "</td><td>" +
           (g.is_object() ? std::string(g.as_object().at("zh").as_string()) : "—") + "</td>";
      for (const auto& d : kpi::kpi_defs()) {
        const auto* k = kpi_of(p.at("kpis"), d.key);
        h += "<td>" + (k ? figure_text(d, k->at("figure").as_object().at("value")) : "—") + "</td>";
      }
      h += "<td>" + yuan(p.at("sales").as_object().at("amount_fen")) + "</td></tr>";
    }
    h += "</tbody></table>";
  }
  return h + k_sort_script + "</body></html>";
}

}  // namespace

std::optional<staff_row> session_staff(province_store& store, const net::request_head& req,
                                       const clock_source& clock) {
  const auto value = kpi::cookie_value(req.header("cookie"), k_cookie);
  if (value.empty()) return std::nullopt;
  auto s = store.session(sha256(value), clock.unix_seconds());
  if (!s || !*s) return std::nullopt;
  return std::move(**s);
}

net::http_response handle_dashboard(province_store& store, const net::http_request& req,
                                    const clock_source& clock) {
  auto staff = session_staff(store, req, clock);
  if (!staff) {
    if (req.path == "/dashboard/report.csv")
      return error_reply(401, errc::unauthorized, "sign in at /dashboard first", "请先在 /dashboard 登录");
    return page_with_form(req, 200, [](const std::string& t) { return kpi::render_login(false, t, ""); });
  }
  const std::string period =
      q(req, "period").empty() ? previous_month(format_date(clock.today()).substr(0, 7)) : q(req, "period");
  auto in = load_view(store, *staff, period, clock);
  if (!in)
    return html(400, kpi::render_notice(false, "无法显示 Cannot show",
                                        in.err().detail_zh + " / " + in.err().detail_en));
  const auto view = counties_view(*in);
  if (req.path == "/dashboard/report.csv") {
    net::http_response res;
    res.content_type = "text/csv; charset=utf-8";
    res.headers.emplace_back("content-disposition",
                             "attachment; filename=\"province-counties-" + period + ".csv\"");
    res.body = counties_csv(view);
    return res;
  }
  const json::object subs = in->months.size() == 1 ? submissions_view(*in) : json::object{};
  std::optional<json::object> trend;
  if (const std::string county = q(req, "county"); !county.empty() && staff->may_see(county)) {
    const std::string to = in->months.back();
    std::string from = to;
    for (int i = 0; i < 11; ++i) from = previous_month(from);
    view_input t = *in;
    t.months.clear();
    for (std::string m = from;; m = next_month(m)) {
      t.months.push_back(m);
      if (m == to) break;
    }
    if (auto latest = store.latest_in(from, to)) t.latest = std::move(*latest);
    trend = trend_view(t, county);
  }
  std::string compare;
  if (const std::string other = q(req, "compare"); !other.empty()) {
    auto in2 = load_view(store, *staff, other,
                         clock);  // the same counties: both lists are the enrolled ones in scope
    if (!in2)
      return html(400, kpi::render_notice(false, "无法显示 Cannot show",
                                          in2.err().detail_zh + " / " + in2.err().detail_en));
    compare = render_compare(counties_view(*in2), view);
  }
  return page_with_form(req, 200, [&](const std::string& tok) {
    std::string page = render(*staff, view, subs, trend, tok);
    return page.insert(page.rfind("<script>"), compare);
  });
}

net::http_response handle_login(province_store& store, const net::http_request& req,
                                const clock_source& clock) {
  std::map<std::string, std::string> form;
  const auto again = [&](int status, std::string_view msg) {
    return page_with_form(req, status,
                          [&](const std::string& t) { return kpi::render_login(false, t, msg); });
  };
  if (!net::parse_query(req.body, form) || !kpi::own_form(req, form)) {
    return again(
        403, "表单已过期或来自其他网站，请在本页重新登录。The form has expired or came from another site.");
  }
  auto staff = verify_staff(store, trim(form["token"]));
  if (!staff)
    return again(401, "令牌无效或不是省级工作人员令牌。That token is not a valid province staff token.");
  const std::string value = to_hex(random_bytes(32));
  if (auto s = store.insert_session(sha256(value), staff->id, clock.unix_seconds() + kpi::k_session_ttl_s);
      !s)
    return error_reply(s.err());
  return redirect("/dashboard", session_cookie(value, kpi::k_session_ttl_s));
}

net::http_response handle_logout(province_store& store, const net::http_request& req) {
  std::map<std::string, std::string> form;
  if (!net::parse_query(req.body, form) || !kpi::own_form(req, form)) {
    return html(
        403, kpi::render_notice(false, "未退出登录 Not signed out",
                                "表单已过期或来自其他网站。The form has expired or came from another site."));
  }
  if (const auto value = kpi::cookie_value(req.header("cookie"), k_cookie); !value.empty()) {
    (void)store.delete_session(sha256(value));
  }
  return redirect("/dashboard", session_cookie("", 0));
}

}  // namespace cunzhan::hub::province
