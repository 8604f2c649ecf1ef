// The KPI read side through the router's handle(): county scoping (403 and never data for
// another county, on every endpoint), bad periods (400, bilingual), CSV for Excel, and the
// dashboard's sign-in, session cookie and pages.
#include <catch2/catch.hpp>

#include "cunzhan/hub/router.hpp"
#include "cunzhan/shared/json_util.hpp"
#include "cunzhan/shared/text.hpp"
#include "hub_fixture.hpp"

using namespace cunzhan;
using namespace cunzhan::hub;
using namespace cunzhan::hub::testing;

namespace {

net::http_request get(const std::string& path, const std::string& token = "",
                      std::map<std::string, std::string> query = {{"period", "2026-11"}}) {
  net::http_request r;
  r.method = "GET";
  r.path = path;
  r.target = path;
  r.query = std::move(query);
  if (!token.empty()) r.headers.emplace_back("authorization", "Bearer " + token);
  return r;
}

net::http_request post_form(const std::string& path, const std::string& body,
                            const std::string& cookie = "") {
  net::http_request r;
  r.method = "POST";
  r.path = path;
  r.target = path;
  r.body = body;
  r.content_length = body.size();
  r.headers.emplace_back("content-type", "application/x-www-form-urlencoded");
  if (!cookie.empty()) r.headers.emplace_back("cookie", cookie);
  return r;
}

// The login page's CSRF pair: the cookie to send back ("__Host-cz_csrf=V") and the form
// token V the page carries in its hidden field.
std::pair<std::string, std::string> login_page_csrf(router& rt) {
  auto page = rt.handle(get("/dashboard", "", {}));
  const std::string* set = page.header("set-cookie");
  REQUIRE(set != nullptr);
  const std::string pair = set->substr(0, set->find(';'));
  const std::string token = pair.substr(pair.find('=') + 1);
  REQUIRE(page.body.find("name=\"csrf\" value=\"" + token + "\"") != std::string::npos);
  return {pair, token};
}

// A sign-in post as the browser sends it from the login page (cookie and hidden token).
net::http_request login_post(router& rt, const std::string& fields) {
  const auto [cookie, token] = login_page_csrf(rt);
  return post_form("/dashboard/login", fields + "&csrf=" + token, cookie);
}

std::string error_code_of(const net::http_response& res) {
  auto v = parse_json(res.body);
  if (!v || !v->is_object() || !v->as_object().contains("error")) return "";
  return std::string(v->at("error").at("code").as_string());
}

// Revokes the fixture's staff token through the seam (the tests run on both backends).
void revoke_staff(fixture& f) {
  auto st = f.backend->staff_by_token_id(parse_token(f.staff_token)->token_id);
  REQUIRE(st);
  REQUIRE(*st);
  REQUIRE(f.backend->write_admin([&](admin_writer& w) { return w.revoke_staff((*st)->id, 5); }));
}

const std::vector<std::string> k_endpoints{"kpis", "townships", "stations", "coverage", "report.csv"};

}  // namespace

TEST_CASE("kpi endpoints: staff read only their counties", "[kpi][router]") {
  fixture f;  // staff_token reads 510824; station c is in 500153
  router rt(*f.backend, {}, nullptr);
  for (const auto& what : k_endpoints) {
    INFO(what);
    SECTION("own county → 200: " + what) {
      auto res = rt.handle(get("/v1/counties/510824/" + what, f.staff_token));
      CHECK(res.status == 200);
    }
    SECTION("another county → 403 with no data: " + what) {
      auto res = rt.handle(get("/v1/counties/500153/" + what, f.staff_token));
      CHECK(res.status == 403);
      CHECK(error_code_of(res) == "forbidden");
      CHECK(res.body.find("丙村") == std::string::npos);
      CHECK(res.body.find("villages") == std::string::npos);
      // An unknown county and a malformed code get the same answer.
      CHECK(rt.handle(get("/v1/counties/999999/" + what, f.staff_token)).status == 403);
      CHECK(rt.handle(get("/v1/counties/../" + what, f.staff_token)).status == 403);
    }
    SECTION("station tokens and no token are refused: " + what) {
      CHECK(rt.handle(get("/v1/counties/500153/" + what, f.token_c)).status == 403);
      CHECK(rt.handle(get("/v1/counties/510824/" + what, f.token_a)).status == 403);
      CHECK(rt.handle(get("/v1/counties/510824/" + what)).status == 401);
      auto head = get("/v1/counties/510824/" + what);
      CHECK(rt.admit(head)->status == 401);
    }
  }
  SECTION("a revoked staff token → 401") {
    revoke_staff(f);
    CHECK(rt.handle(get("/v1/counties/510824/kpis", f.staff_token)).status == 401);
  }
}

TEST_CASE("kpi endpoints: periods, JSON shape and CSV", "[kpi][router]") {
  fixture f;
  router rt(*f.backend, {}, nullptr);
  for (const auto& q :
       std::vector<std::map<std::string, std::string>>{{{"period", "2026-13"}},
                                                       {{"period", "Q4"}},
                                                       {{"from", "2026-11-01"}},
                                                       {{"from", "2026-11-09"}, {"to", "2026-11-01"}}}) {
    auto res = rt.handle(get("/v1/counties/510824/kpis", f.staff_token, q));
    CHECK(res.status == 400);
    auto v = parse_json(res.body);
    REQUIRE(v);
    CHECK(v->at("error").at("code").as_string() == "invalid_argument");
    CHECK_FALSE(v->at("error").at("message_zh").as_string().empty());
  }
  CHECK(rt.handle(get("/v1/counties/510824/nope", f.staff_token)).status == 404);
  CHECK(rt.handle(get("/v1/counties/510824/report.csv", f.staff_token, {{"table", "bogus"}})).status == 400);

  auto res = rt.handle(
      get("/v1/counties/510824/kpis", f.staff_token, {{"from", "2026-11-01"}, {"to", "2026-11-30"}}));
  REQUIRE(res.status == 200);
  auto v = parse_json(res.body);
  REQUIRE(v);
  CHECK(v->at("administrative_villages").as_int64() == 2);
  CHECK(v->at("coverage").at("station_coverage").at("numerator").as_int64() ==
        2);  // A and B opened 2026-01-01
  CHECK(v->at("coverage").at("station_coverage").at("value").as_double() == Approx(1.0));
  CHECK(v->at("activity").at("pickup_timeliness").at("value").is_null());  // nothing due: null, not 0
  const auto& kpis = v->at("kpis").as_array();
  REQUIRE(kpis.size() >= 8);
  CHECK(kpis[0].at("kpi").as_string() == "station_coverage");
  CHECK(kpis[0].at("target").as_double() == Approx(0.8));
  CHECK(kpis[0].at("pass").as_bool());

  auto csv = rt.handle(
      get("/v1/counties/510824/report.csv", f.staff_token, {{"period", "2026-11"}, {"table", "coverage"}}));
  REQUIRE(csv.status == 200);
  CHECK(csv.content_type.find("text/csv") == 0);
  CHECK(csv.body.rfind("\xEF\xBB\xBF", 0) == 0);
  CHECK(csv.body.find("村代码") != std::string::npos);
  CHECK(csv.body.find("甲村") != std::string::npos);
  for (const char* table : {"kpis", "townships", "stations"}) {
    auto t = rt.handle(
        get("/v1/counties/510824/report.csv", f.staff_token, {{"period", "2026-11"}, {"table", table}}));
    CHECK(t.status == 200);
    CHECK(t.body.rfind("\xEF\xBB\xBF", 0) == 0);
  }
}

TEST_CASE("kpi: a formula-like station name is escaped in the CSV", "[kpi][csv]") {
  fixture f;
  std::string token;
  const auto s = new_station("=HYPERLINK(\"x\")", village_a, "510824", token);
  REQUIRE(f.backend->write_admin([&](admin_writer& w) { return w.insert_station(s); }));
  router rt(*f.backend, {}, nullptr);
  auto t = rt.handle(
      get("/v1/counties/510824/report.csv", f.staff_token, {{"period", "2026-11"}, {"table", "stations"}}));
  REQUIRE(t.status == 200);
  CHECK(t.body.find(",=HYPERLINK") == std::string::npos);
  CHECK(t.body.find("'=HYPERLINK") != std::string::npos);
}

TEST_CASE("dashboard: sign in with a staff token, session cookie, scoped pages", "[kpi][dashboard]") {
  fixture f;
  router rt(*f.backend, {}, nullptr);
  auto page = rt.handle(get("/dashboard", "", {}));
  CHECK(page.status == 200);
  CHECK(page.content_type.find("text/html") == 0);
  CHECK(page.body.find("name=\"token\"") != std::string::npos);
  CHECK(page.body.find("登录") != std::string::npos);
  CHECK(rt.handle(get("/dashboard", "", {{"lang", "en"}})).body.find("Sign in") != std::string::npos);
  CHECK(page.body.find("http://") == std::string::npos);  // no external assets
  CHECK(page.body.find("https://") == std::string::npos);

  CHECK_FALSE(rt.admit(post_form("/dashboard/login", "token=x")));  // a form post is admitted (not 415)
  CHECK_FALSE(rt.admit(get("/dashboard", "", {})));
  CHECK(rt.handle(login_post(rt, "token=garbage")).status == 401);
  CHECK(rt.handle(login_post(rt, "token=" + f.token_a)).status == 401);  // a station token

  auto login = rt.handle(login_post(rt, "token=" + f.staff_token));
  REQUIRE(login.status == 303);
  const std::string* set = login.header("set-cookie");
  REQUIRE(set != nullptr);
  for (const char* attr : {"HttpOnly", "Secure", "SameSite=Strict", "Path=/dashboard", "Max-Age="}) {
    CHECK(set->find(attr) != std::string::npos);
  }
  const std::string value = set->substr(std::string("cz_session=").size(), 64);
  const std::string cookie = "other=1; cz_session=" + value;
  // Only a hash of the session id is stored.
  CHECK(f.count("SELECT COUNT(*) FROM dashboard_session") == 1);
  CHECK(f.count("SELECT COUNT(*) FROM dashboard_session WHERE id_hash = '" + value +
                "' OR hex(id_hash) = upper('" + value + "')") == 0);
  CHECK(f.count("SELECT COUNT(*) FROM dashboard_session WHERE expires_at > created_at") == 1);

  auto with_cookie = [&](std::map<std::string, std::string> q, const std::string& path = "/dashboard") {
    auto r = get(path, "", std::move(q));
    r.headers.emplace_back("cookie", cookie);
    return rt.handle(std::move(r));
  };
  auto dash = with_cookie({{"period", "2026-11"}});
  REQUIRE(dash.status == 200);
  for (const char* part : {"<svg", "@media print", "czSort", "甲村", "站点上线率", "未达标原因"}) {
    INFO(part);
    CHECK(dash.body.find(part) != std::string::npos);
  }
  CHECK(dash.header("content-security-policy") != nullptr);
  // A from/to range keeps its dates in the language and CSV links (its label is no period= value).
  auto range = with_cookie({{"from", "2026-11-01"}, {"to", "2026-11-15"}});
  REQUIRE(range.status == 200);
  CHECK(range.body.find("from=2026-11-01&to=2026-11-15&lang=en") != std::string::npos);
  CHECK(range.body.find("from=2026-11-01&to=2026-11-15&table=coverage") != std::string::npos);
  CHECK(range.body.find("period=2026-11-01..") == std::string::npos);
  CHECK(with_cookie({{"period", "2026-11"}, {"lang", "en"}}).body.find("Village coverage") !=
        std::string::npos);
  CHECK(with_cookie({{"county", "500153"}}).status == 403);
  CHECK(with_cookie({{"county", "500153"}}).body.find("丙村") == std::string::npos);
  CHECK(with_cookie({{"period", "2026-99"}}).status == 400);
  auto csv = with_cookie({{"period", "2026-11"}, {"table", "coverage"}}, "/dashboard/report.csv");
  CHECK(csv.status == 200);
  CHECK(csv.body.rfind("\xEF\xBB\xBF", 0) == 0);
  CHECK(with_cookie({{"county", "500153"}}, "/dashboard/report.csv").status == 403);

  const auto csrf = login_page_csrf(rt);
  auto out = rt.handle(post_form("/dashboard/logout", "csrf=" + csrf.second, cookie + "; " + csrf.first));
  CHECK(out.status == 303);
  CHECK(f.count("SELECT COUNT(*) FROM dashboard_session") == 0);
  CHECK(with_cookie({{"period", "2026-11"}}).body.find("name=\"token\"") != std::string::npos);  // signed out
}

namespace {

// Signs in with the fixture's staff token; returns the Cookie header to send.
std::string sign_in(router& rt, const fixture& f) {
  auto login = rt.handle(login_post(rt, "token=" + f.staff_token));
  REQUIRE(login.status == 303);
  const std::string* set = login.header("set-cookie");
  REQUIRE(set != nullptr);
  return "cz_session=" + set->substr(std::string("cz_session=").size(), 64);
}

net::http_response with(router& rt, const std::string& cookie, std::map<std::string, std::string> q,
                        const std::string& path = "/dashboard") {
  auto r = get(path, "", std::move(q));
  r.headers.emplace_back("cookie", cookie);
  return rt.handle(std::move(r));
}

}  // namespace

TEST_CASE("kpi: an empty period box counts as no period (the dashboard form on a from/to page)",
          "[kpi][router][dashboard]") {
  fixture f;
  router rt(*f.backend, {}, nullptr);
  // What the form submits after a from/to page: period= with the box left empty.
  auto range = rt.handle(get("/v1/counties/510824/kpis", f.staff_token,
                             {{"period", ""}, {"from", "2026-11-01"}, {"to", "2026-11-15"}}));
  REQUIRE(range.status == 200);
  CHECK(parse_json(range.body)->at("period").at("label").as_string() == "2026-11-01..2026-11-15");
  auto empty = rt.handle(get("/v1/counties/510824/kpis", f.staff_token, {{"period", ""}}));
  REQUIRE(empty.status == 200);
  auto none = rt.handle(get("/v1/counties/510824/kpis", f.staff_token, {}));
  CHECK(parse_json(empty.body)->at("period") == parse_json(none.body)->at("period"));  // the default month
  CHECK(rt.handle(get("/v1/counties/510824/kpis", f.staff_token, {{"period", ""}, {"from", "2026-11-01"}}))
            .status == 400);

  const auto cookie = sign_in(rt, f);
  auto page = with(rt, cookie, {{"period", ""}});
  CHECK(page.status == 200);
  CHECK(page.body.find("id=\"summary\"") != std::string::npos);
  auto form_range =
      with(rt, cookie, {{"county", "510824"}, {"period", ""}, {"from", "2026-11-01"}, {"to", "2026-11-15"}});
  CHECK(form_range.status == 200);
  CHECK(form_range.body.find("data-to=\"2026-11-15\"") != std::string::npos);
  CHECK(with(rt, cookie, {{"period", ""}, {"table", "kpis"}}, "/dashboard/report.csv").status == 200);
}

TEST_CASE("dashboard: revoking a staff token ends its signed-in sessions", "[kpi][dashboard]") {
  fixture f;
  router rt(*f.backend, {}, nullptr);
  const auto cookie = sign_in(rt, f);
  auto before = with(rt, cookie, {{"period", "2026-11"}});
  REQUIRE(before.status == 200);
  CHECK(before.body.find("甲村") != std::string::npos);
  revoke_staff(f);
  auto after = with(rt, cookie, {{"period", "2026-11"}});
  CHECK(after.body.find("name=\"token\"") != std::string::npos);  // the sign-in form again
  CHECK(after.body.find("甲村") == std::string::npos);
  CHECK(with(rt, cookie, {{"period", "2026-11"}, {"table", "coverage"}}, "/dashboard/report.csv").status ==
        401);
  // Signing in again with the revoked token fails too.
  CHECK(rt.handle(login_post(rt, "token=" + f.staff_token)).status == 401);
}

TEST_CASE("dashboard: sign-in and sign-out need the form's CSRF token (login CSRF)",
          "[kpi][dashboard][csrf]") {
  fixture f;
  router rt(*f.backend, {}, nullptr);
  const auto sessions = [&] { return f.count("SELECT COUNT(*) FROM dashboard_session"); };
  const auto signed_in = [](const net::http_response& r) {
    const std::string* set = r.header("set-cookie");
    return r.status == 303 && set != nullptr && set->starts_with("cz_session=");
  };
  // The cookie can only be set by this hub over TLS, and no page script can read it.
  {
    auto page = rt.handle(get("/dashboard", "", {}));
    const std::string* set = page.header("set-cookie");
    REQUIRE(set != nullptr);
    CHECK(set->starts_with("__Host-cz_csrf="));
    for (const char* attr : {"Path=/;", "Secure", "HttpOnly", "SameSite=Strict"})
      CHECK(set->find(attr) != std::string::npos);
    CHECK(set->find("Domain") == std::string::npos);
  }
  const auto pair = login_page_csrf(rt);
  const std::string& cookie = pair.first;
  const std::string& token = pair.second;
  const std::string staff = "token=" + f.staff_token;
  SECTION("another site's form (the staff token, no CSRF pair) signs nobody in") {
    auto r = rt.handle(post_form("/dashboard/login", staff));
    CHECK(r.status == 403);
    CHECK_FALSE(signed_in(r));
    CHECK(r.body.find("name=\"token\"") != std::string::npos);  // the form again, with a fresh token
    CHECK(r.body.find("表单已过期或来自其他网站") != std::string::npos);
    CHECK(sessions() == 0);
  }
  SECTION("the cookie without the form's token, or a token without the cookie, is refused") {
    CHECK(rt.handle(post_form("/dashboard/login", staff, cookie)).status == 403);
    CHECK(rt.handle(post_form("/dashboard/login", staff + "&csrf=" + token)).status == 403);
    CHECK(rt.handle(post_form("/dashboard/login", staff + "&csrf=" + std::string(64, 'a'), cookie)).status ==
          403);
    CHECK(sessions() == 0);
  }
  SECTION("a foreign Origin is refused even with the pair") {
    auto req = post_form("/dashboard/login", staff + "&csrf=" + token, cookie);
    req.headers.emplace_back("host", "hub.example:8443");
    req.headers.emplace_back("origin", "https://evil.example");
    CHECK(rt.handle(std::move(req)).status == 403);
    CHECK(sessions() == 0);
  }
  SECTION("this hub's own form signs in (Origin this host, or null as no-referrer pages send)") {
    for (const char* origin : {"https://hub.example:8443", "null"}) {
      auto req = post_form("/dashboard/login", staff + "&csrf=" + token, cookie);
      req.headers.emplace_back("host", "hub.example:8443");
      req.headers.emplace_back("origin", origin);
      CHECK(signed_in(rt.handle(std::move(req))));
    }
    CHECK(sessions() == 2);
  }
  SECTION("sign-out needs the token too") {
    auto login = rt.handle(post_form("/dashboard/login", staff + "&csrf=" + token, cookie));
    REQUIRE(signed_in(login));
    const std::string session = login.header("set-cookie")->substr(0, login.header("set-cookie")->find(';'));
    auto dash = rt.handle([&] {
      auto r = get("/dashboard", "", {{"period", "2026-11"}});
      r.headers.emplace_back("cookie", session + "; " + cookie);
      return r;
    }());
    REQUIRE(dash.status == 200);
    CHECK(dash.body.find("name=\"csrf\" value=\"" + token + "\"") != std::string::npos);  // the sign-out form
    CHECK(rt.handle(post_form("/dashboard/logout", "", session)).status == 403);
    CHECK(sessions() == 1);
    auto out = rt.handle(post_form("/dashboard/logout", "csrf=" + token, session + "; " + cookie));
    CHECK(out.status == 303);
    CHECK(sessions() == 0);
  }
}
