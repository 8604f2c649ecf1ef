// GET /v1/counties/{code}/...: the county scope is checked before anything else is read,
// so a token of another county learns nothing (not even whether the county exists).
#include "http/kpi_routes.hpp"

#include <boost/json.hpp>

#include "cunzhan/shared/division_code.hpp"
#include "http/http_reply.hpp"
#include "report/kpi_csv.hpp"
#include "report/kpi_json.hpp"
#include "report/report_cache.hpp"

namespace cunzhan::hub {
namespace kpi {

bool may_read(const principal* who, const std::string& county_code) {
  if (who == nullptr) return false;
  const auto* staff = std::get_if<staff_row>(who);
  if (staff == nullptr || staff->revoked_at) return false;
  for (const auto& c : staff->counties) {
    if (c == county_code) return true;
  }
  return false;
}

result<period> period_from_query(const std::map<std::string, std::string>& query, date today) {
  const auto get = [&](const char* k) -> std::optional<std::string> {
    auto it = query.find(k);
    if (it == query.end()) return std::nullopt;
    return it->second;
  };
  return resolve_period(get("period"), get("from"), get("to"), today);
}

}  // namespace kpi

net::http_response handle_county(route_context& c, const principal* who, net::http_request& req) {
  // /v1/counties/{code}/{what}
  constexpr std::string_view prefix = "/v1/counties/";
  const std::string_view path(req.path);
  const std::string_view rest = path.substr(std::min(prefix.size(), path.size()));
  const auto slash = rest.find('/');
  const std::string code(rest.substr(0, slash));
  const std::string_view what = slash == std::string_view::npos ? std::string_view{} : rest.substr(slash + 1);
  if (!kpi::may_read(who, code)) {
    return error_reply(403, errc::forbidden, "this token may not read county " + code,
                       "此令牌无权查看区县 " + code);
  }
  if (what != "kpis" && what != "townships" && what != "stations" && what != "coverage" &&
      what != "report.csv") {
    return error_reply(404, errc::not_found, "no such endpoint: " + req.path, "没有这个接口：" + req.path);
  }
  auto per = kpi::period_from_query(req.query, c.clock.today());
  if (!per) return error_reply(400, per.err().code, per.err().detail_en, per.err().detail_zh);
  std::string table;
  if (what == "report.csv") {
    if (auto it = req.query.find("table"); it != req.query.end()) table = it->second;
    if (!kpi::is_csv_table(table)) {
      return error_reply(400, errc::invalid_argument, "table must be kpis, townships, stations or coverage",
                         "table 应为 kpis、townships、stations 或 coverage");
    }
  }
  auto loaded = kpi::load_report_cached(c.reports, c.store, code, *per);
  if (!loaded) return error_reply(loaded.err());
  const auto& r = (*loaded)->report;
  if (what == "kpis") return json_reply(200, kpi::report_json(r, (*loaded)->targets));
  if (what == "townships") return json_reply(200, kpi::townships_json(r));
  if (what == "stations") return json_reply(200, kpi::stations_json(r));
  if (what == "coverage") return json_reply(200, kpi::villages_json(r));
  net::http_response res;
  res.content_type = "text/csv; charset=utf-8";
  const std::string name = code + "-" + (table.empty() ? "kpis" : table) + "-" + r.per.label + ".csv";
  res.headers.emplace_back("content-disposition", "attachment; filename=\"" + name + "\"");
  res.body = kpi::report_csv(r, (*loaded)->targets, table);
  return res;
}

}  // namespace cunzhan::hub
