// Staff scoping on every KPI endpoint over the real hub (HTTPS, 127.0.0.1): a staff token of
// 苍溪县 asking for 荣昌区 — a county on the same hub with a station and a sale — gets 403 and
// none of its data from the JSON endpoints, every CSV table, and the dashboard page and
// CSV (signed in with the session cookie), in both languages and for every kind of period.
// kpi_routes_test checks the same through the router without TLS; this is the real path.
#include <catch2/catch.hpp>

#include "kpi_world.hpp"

using namespace cunzhan;
using namespace cunzhan::test::integration;

TEST_CASE("kpi scoping: a 苍溪县 staff token reads nothing of 荣昌区 on any KPI endpoint",
          "[kpi][integration][scope]") {
  kpi_world w({.stations = 4, .silent = 1});
  const std::string cookie = w.dashboard_cookie();
  const auto lm = format_date(w.edge.month_start).substr(0, 7);
  const std::vector<std::string> what{"kpis",
                                      "townships",
                                      "stations",
                                      "coverage",
                                      "report.csv",
                                      "report.csv?table=kpis",
                                      "report.csv?table=townships",
                                      "report.csv?table=stations",
                                      "report.csv?table=coverage"};
  const auto refused = [&](const net::http_response& res, const std::string& target) {
    INFO(target << " → " << res.status << " " << res.body.substr(0, 200));
    CHECK(res.status == 403);
    CHECK(res.body.find(w.other_village_name) == std::string::npos);
    CHECK(res.body.find("荣昌测试站") == std::string::npos);
    CHECK(res.body.find(k_village_a) == std::string::npos);
  };
  // Scope is checked before the period: a bad period is refused the same way.
  const std::vector<std::string> queries{
      "", "period=" + lm, "from=" + day_text(day_no(w.today) - 30) + "&to=" + day_text(day_no(w.today)),
      "period=2026-99"};
  for (const auto& q : queries) {
    for (const auto& x : what) {
      const std::string sep = x.find('?') == std::string::npos ? "?" : "&";
      const std::string tail = x + (q.empty() ? "" : sep + q);
      refused(w.get("/v1/counties/500153/" + tail), "/v1/counties/500153/" + tail);
      CHECK(w.get("/v1/counties/510824/" + tail).status == (q == "period=2026-99" ? 400 : 200));
    }
    for (const std::string page : {"/dashboard", "/dashboard/report.csv"}) {
      for (const std::string extra :
           {"", "&lang=en", "&table=kpis", "&table=townships", "&table=stations", "&table=coverage"}) {
        const std::string target = page + "?county=500153" + (q.empty() ? "" : "&" + q) + extra;
        refused(w.get(target, {{"cookie", cookie}}, true), target);
        // The staff token as a bearer does not open the dashboard for another county either.
        refused(w.get(target, {{"cookie", cookie}}), target);
        const std::string own = page + "?county=510824" + (q.empty() ? "" : "&" + q) + extra;
        CHECK(w.get(own, {{"cookie", cookie}}, true).status == (q == "period=2026-99" ? 400 : 200));
      }
    }
  }
}
