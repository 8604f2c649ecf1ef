// GET /v1/province/...: the reader's scope is applied before anything is read.
#include "province/province_routes.hpp"

#include <boost/json.hpp>

#include "cunzhan/hub/province/periods.hpp"
#include "cunzhan/shared/time.hpp"
#include "http/http_reply.hpp"

namespace cunzhan::hub::province {
namespace {

namespace json = boost::json;

std::string query(const net::http_request& req, const char* key) {
  auto it = req.query.find(key);
  return it == req.query.end() ? std::string() : it->second;
}

net::http_response bad_period(const error& e) {
  return error_reply(400, errc::invalid_argument, e.detail_en, e.detail_zh);
}

// Default: the last complete month (the reports are "as of the end of last month").
std::string period_or_default(const std::string& p, const clock_source& clock) {
  return p.empty() ? previous_month(format_date(clock.today()).substr(0, 7)) : p;
}

net::http_response county_report(province_store& store, const std::string& code, const net::http_request& req,
                                 const clock_source& clock) {
  const std::string month = period_or_default(query(req, "period"), clock);
  auto months = months_of(month);
  if (!months || months->size() != 1)
    return error_reply(400, errc::invalid_argument, "period must be YYYY-MM", "统计期应为 YYYY-MM");
  auto versions = store.versions(code, month);
  if (!versions) return error_reply(versions.err());
  if (versions->empty()) {
    return error_reply(404, errc::not_found, "county " + code + " has not submitted " + month,
                       "区县 " + code + " 尚未报送 " + month);
  }
  const submission_row* pick = &versions->back();
  if (const std::string v = query(req, "version"); !v.empty()) {
    pick = nullptr;
    for (const auto& s : *versions) {
      if (std::to_string(s.version) == v) pick = &s;
    }
    if (pick == nullptr) return error_reply(404, errc::not_found, "no version " + v, "没有版本 " + v);
  }
  json::array history;
  for (const auto& s : *versions) {
    history.push_back(
        json::object{{"version", s.version},
                     {"received_at", format_instant(sys_seconds(std::chrono::seconds(s.received_at)))},
                     {"county_program_version", s.program_version},
                     {"changes", json::parse(s.changes)}});
  }
  return json_reply(200, json::object{{"county_code", code},
                                      {"period", month},
                                      {"version", pick->version},
                                      {"latest_version", versions->back().version},
                                      {"report", json::parse(pick->report)},
                                      {"versions", std::move(history)}});
}

}  // namespace

result<view_input> load_view(province_store& store, const staff_row& reader, const std::string& period,
                             const clock_source& clock) {
  view_input in;
  in.period = period;
  auto months = months_of(period);
  if (!months) return std::move(months).err();
  in.months = std::move(*months);
  auto counties = store.enrolled();
  if (!counties) return std::move(counties).err();
  for (auto& c : *counties) {
    if (reader.may_see(c.code)) in.counties.push_back(std::move(c));
  }
  auto latest = store.latest_in(in.months.front(), in.months.back());
  if (!latest) return std::move(latest).err();
  for (auto& l : *latest) {
    if (reader.may_see(l.latest.county_code)) in.latest.push_back(std::move(l));
  }
  auto rules = store.load_settings();
  if (!rules) return std::move(rules).err();
  in.rules = *rules;
  in.now_s = clock.unix_seconds();
  return in;
}

net::http_response handle_read(province_store& store, const staff_row& reader, const net::http_request& req,
                               const clock_source& clock) {
  constexpr std::string_view prefix = "/v1/province/";
  const std::string rest = req.path.substr(prefix.size());
  if (rest == "counties" || rest == "submissions" || rest == "report.csv") {
    auto in = load_view(store, reader, period_or_default(query(req, "period"), clock), clock);
    if (!in) return in.err().code == errc::invalid_argument ? bad_period(in.err()) : error_reply(in.err());
    if (rest == "counties") return json_reply(200, counties_view(*in));
    if (rest == "submissions") {
      if (in->months.size() != 1)
        return error_reply(400, errc::invalid_argument, "period must be YYYY-MM", "统计期应为 YYYY-MM");
      return json_reply(200, submissions_view(*in));
    }
    const std::string table = query(req, "table");
    net::http_response res;
    res.content_type = "text/csv; charset=utf-8";
    if (table.empty() || table == "counties") {
      res.body = counties_csv(counties_view(*in));
    } else if (table == "submissions" && in->months.size() == 1) {
      res.body = submissions_csv(submissions_view(*in));
    } else {
      return error_reply(400, errc::invalid_argument, "table must be counties, or submissions for a month",
                         "table 应为 counties，或按月的 submissions");
    }
    res.headers.emplace_back("content-disposition", "attachment; filename=\"province-" +
                                                        (table.empty() ? std::string("counties") : table) +
                                                        "-" + in->period + ".csv\"");
    return res;
  }
  if (rest == "compare") {
    json::object out;
    for (const char* side : {"a", "b"}) {
      auto in = load_view(store, reader, query(req, side), clock);
      if (!in) return bad_period(in.err());
      auto v = counties_view(*in);
      json::array rows;
      for (auto& row : v["counties"].as_array()) {
        auto& o = row.as_object();
        rows.push_back(json::object{{"county_code", o["county_code"]},
                                    {"months_submitted", o["months_submitted"]},
                                    {"met", o["met"]},
                                    {"targeted", o["targeted"]},
                                    {"share_met", o["share_met"]},
                                    {"grade", o["grade"]}});
      }
      out[side] = json::object{{"period", in->period}, {"counties", std::move(rows)}};
    }
    return json_reply(200, out);
  }
  if (rest.starts_with("counties/")) {
    const auto slash = rest.find('/', 9);
    const std::string code = rest.substr(9, slash == std::string::npos ? std::string::npos : slash - 9);
    const std::string what = slash == std::string::npos ? "" : rest.substr(slash + 1);
    // The scope first: a reader outside it learns nothing, not even whether the county exists.
    if (!reader.may_see(code)) {
      return error_reply(403, errc::forbidden, "this token may not read county " + code,
                         "此令牌无权查看区县 " + code);
    }
    if (what == "report") return county_report(store, code, req, clock);
    if (what == "trend") {
      std::string to = period_or_default(query(req, "to"), clock);
      auto m = months_of(to);
      if (!m || m->size() != 1)
        return error_reply(400, errc::invalid_argument, "to must be YYYY-MM", "to 应为 YYYY-MM");
      std::string from = to;
      for (int i = 0; i < 11; ++i) from = previous_month(from);
      auto in = load_view(store, reader, to, clock);
      if (!in) return error_reply(in.err());
      in->months.clear();
      for (std::string m2 = from;; m2 = next_month(m2)) {
        in->months.push_back(m2);
        if (m2 == to) break;
      }
      auto latest = store.latest_in(from, to);
      if (!latest) return error_reply(latest.err());
      in->latest = std::move(*latest);
      return json_reply(200, trend_view(*in, code));
    }
  }
  return error_reply(404, errc::not_found, "no such endpoint", "没有这个接口");
}

}  // namespace cunzhan::hub::province
