// Issue 15: the province's grading and missing-submission rules on hand-built cases at
// their boundaries, and a quarter built from its months (flow figures summed, coverage
// from the last month), over plain rows.
#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <map>

#include "cunzhan/hub/province/periods.hpp"
#include "cunzhan/hub/province/province_view.hpp"
#include "cunzhan/shared/time.hpp"

using namespace cunzhan;
using namespace cunzhan::hub::province;
namespace json = boost::json;

namespace {

std::int64_t at(const char* rfc3339) { return parse_instant(rfc3339)->time_since_epoch().count(); }

// A stored version whose KPI table has the given (kpi, numerator, denominator, target) rows.
province_store::latest_row version(const std::string& county, const std::string& month, int v,
                                   std::int64_t first,
                                   std::vector<std::tuple<const char*, int, int, double>> rows,
                                   std::int64_t fen) {
  json::array table;
  for (auto& [k, n, d, t] : rows) {
    json::object fig{{"numerator", n},
                     {"denominator", d},
                     {"value", d ? json::value(double(n) / d) : json::value(nullptr)}};
    const bool pass = d != 0 && double(n) / d + 1e-9 >= t;
    table.push_back(json::object{
        {"kpi", k}, {"figure", fig}, {"target", t}, {"pass", d ? json::value(pass) : json::value(nullptr)}});
  }
  json::object kpis{{"county_code", county},
                    {"period", json::object{{"label", month}}},
                    {"activity", json::object{{"sales", json::object{{"count", 1}, {"amount_fen", fen}}}}},
                    {"kpis", table}};
  province_store::latest_row r;
  r.latest.county_code = county;
  r.latest.period = month;
  r.latest.version = v;
  r.latest.received_at = first + 100;
  r.latest.report = json::serialize(json::object{{"kpis", kpis}});
  r.first_received_at = first;
  return r;
}

}  // namespace

TEST_CASE("grades at their thresholds", "[province][rules]") {
  const settings s;                                            // 0.9 / 0.75 / 0.6
  CHECK(std::string(grade_of(9, 10, s)->key) == "excellent");  // exactly 90 %
  CHECK(std::string(grade_of(10, 10, s)->zh) == "优秀");
  CHECK(std::string(grade_of(8, 10, s)->key) == "good");
  CHECK(std::string(grade_of(3, 4, s)->key) == "good");  // exactly 75 %
  CHECK(std::string(grade_of(7, 10, s)->key) == "fair");
  CHECK(std::string(grade_of(3, 5, s)->key) == "fair");  // exactly 60 %
  CHECK(std::string(grade_of(5, 10, s)->key) == "poor");
  CHECK(std::string(grade_of(0, 3, s)->zh) == "较差");
  CHECK_FALSE(grade_of(0, 0, s));  // nothing targeted: no grade
  settings strict;
  strict.excellent = 1.0;
  strict.good = 0.9;
  strict.fair = 0.8;
  CHECK(std::string(grade_of(9, 10, strict)->key) == "good");
  CHECK(std::string(grade_of(10, 10, strict)->key) == "excellent");
  CHECK(std::string(grade_of(7, 10, strict)->key) == "poor");
}

TEST_CASE("the deadline and the submission states at their boundaries", "[province][rules]") {
  // November's report is due by the end of 10 December, Asia/Shanghai.
  const std::int64_t d = deadline_s("2026-11", 10);
  CHECK(d == at("2026-12-10T23:59:59+08:00"));
  CHECK(deadline_s("2026-12", 10) == at("2027-01-10T23:59:59+08:00"));  // across the year
  CHECK(deadline_s("2026-11", 1) == at("2026-12-01T23:59:59+08:00"));
  CHECK(state_of(d, d, d + 999) == month_state::on_time);       // received at the last second
  CHECK(state_of(d + 1, d, d + 999) == month_state::late);      // one second after
  CHECK(state_of(std::nullopt, d, d) == month_state::not_due);  // not yet due
  CHECK(state_of(std::nullopt, d, d + 1) == month_state::missing);
  CHECK(std::string(state_key(month_state::missing)) == "missing");
  CHECK(months_of("2026-Q4")->size() == 3);
  CHECK(months_of("2026")->back() == "2026-12");
  CHECK_FALSE(months_of("2026-13"));
  CHECK(previous_month("2026-01") == "2025-12");
  CHECK(month_ended("2026-11", "2026-12-01"));
  CHECK_FALSE(month_ended("2026-12", "2026-12-31"));
}

TEST_CASE("the missing-submission list on hand-built counties", "[province][rules]") {
  view_input in;
  in.period = "2026-11";
  in.months = {"2026-11"};
  for (const char* c : {"510824", "510822", "511321", "500153"})
    in.counties.push_back({c, std::string(c).substr(0, 4), "51", 1, 1, {}, {}});
  const std::int64_t d = deadline_s("2026-11", 10);
  in.latest.push_back(
      version("510824", "2026-11", 1, d, {{"online_rate", 1, 1, 0.95}}, 100));  // on time, at the deadline
  in.latest.push_back(
      version("510822", "2026-11", 2, d + 1, {{"online_rate", 1, 1, 0.95}}, 100));  // late and corrected
  in.latest.push_back(
      version("511321", "2026-10", 1, d, {{"online_rate", 1, 1, 0.95}}, 100));  // another month
  in.now_s = d + 1;
  auto v = submissions_view(in);
  CHECK(json::serialize(v["on_time"]) == R"(["510824"])");
  CHECK(json::serialize(v["late"]) == R"(["510822"])");
  CHECK(json::serialize(v["corrected"]) == R"(["510822"])");
  CHECK(json::serialize(v["missing"]) == R"(["511321","500153"])");
  in.now_s = d;  // at the deadline nobody is missing yet
  v = submissions_view(in);
  CHECK(json::serialize(v["missing"]) == "[]");
  CHECK(json::serialize(v["not_due"]) == R"(["511321","500153"])");
}

TEST_CASE("a quarter sums flow figures and takes coverage from its last month", "[province][rules]") {
  view_input in;
  in.period = "2026-Q4";
  in.months = {"2026-10", "2026-11", "2026-12"};
  in.counties.push_back({"510824", "5108", "51", 1, 1, {}, {}});
  in.counties.push_back({"511321", "5113", "51", 1, 1, {}, {}});
  in.latest.push_back(version("510824", "2026-10", 1, 0,
                              {{"online_rate", 89, 100, 0.95}, {"station_coverage", 5, 10, 0.8}}, 100));
  in.latest.push_back(version("510824", "2026-11", 1, 0,
                              {{"online_rate", 100, 100, 0.95}, {"station_coverage", 9, 10, 0.8}}, 250));
  in.latest.push_back(version("511321", "2026-11", 3, 0,
                              {{"online_rate", 10, 20, 0.95}, {"station_coverage", 1, 10, 0.8}}, 7));
  in.now_s = at("2027-01-20T00:00:00+08:00");
  auto v = counties_view(in);
  const auto& a = v["counties"].as_array()[0].as_object();
  CHECK(a.at("months_submitted").as_int64() == 2);
  const auto& online = a.at("kpis").as_array()[0].as_object();
  CHECK(online.at("figure").as_object().at("numerator").as_int64() == 189);  // 89 + 100
  CHECK(online.at("figure").as_object().at("denominator").as_int64() == 200);
  CHECK(online.at("pass").as_bool() == false);  // 94.5 % < 95 % (190 would pass)
  const auto& cov = a.at("kpis").as_array()[1].as_object();
  CHECK(cov.at("figure").as_object().at("numerator").as_int64() == 9);  // November's, not 5 + 9
  CHECK(cov.at("pass").as_bool() == true);
  CHECK(a.at("met").as_int64() == 1);
  CHECK(a.at("targeted").as_int64() == 2);
  CHECK(a.at("grade").as_object().at("key").as_string() == "poor");
  CHECK(a.at("sales").as_object().at("amount_fen").as_int64() == 350);
  const auto& t = v["totals"].as_object();
  CHECK(t.at("sales").as_object().at("amount_fen").as_int64() == 357);
  const auto& tk = t.at("kpis").as_array()[0].as_object();
  CHECK(tk.at("figure").as_object().at("numerator").as_int64() == 199);
  CHECK(tk.at("figure").as_object().at("denominator").as_int64() == 220);
  // A single month is shown exactly as sent.
  in.period = "2026-11";
  in.months = {"2026-11"};
  v = counties_view(in);
  CHECK(v["counties"].as_array()[1].as_object().at("version").as_int64() == 3);
  CHECK(v["counties"].as_array()[1].as_object().at("corrected").as_bool());
}

namespace {

// The same with count lines (KPIS.md "Targets": kind "count", figure {n, 1}, value n).
province_store::latest_row with_counts(province_store::latest_row r) {
  json::value doc = json::parse(r.latest.report);
  for (auto& row : doc.at("kpis").at("kpis").as_array()) {
    auto& o = row.as_object();
    if (o.at("kpi") != "ecommerce_leaders") continue;
    o["kind"] = "count";
    o["figure"].as_object()["value"] = o.at("figure").at("numerator");
  }
  r.latest.report = json::serialize(doc);
  return r;
}

}  // namespace

TEST_CASE("count lines: a quarter takes the last month's, the province total is their sum",
          "[province][rules]") {
  view_input in;
  in.period = "2026-Q4";
  in.months = {"2026-10", "2026-11", "2026-12"};
  for (const char* c : {"510824", "511321", "510822"}) in.counties.push_back({c, "5108", "51", 1, 1, {}, {}});
  in.latest.push_back(with_counts(version("510824", "2026-10", 1, 0, {{"ecommerce_leaders", 8, 1, 10}}, 1)));
  in.latest.push_back(with_counts(version("510824", "2026-11", 1, 0, {{"ecommerce_leaders", 12, 1, 10}}, 1)));
  in.latest.push_back(with_counts(version("511321", "2026-11", 1, 0, {{"ecommerce_leaders", 5, 1, 10}}, 1)));
  // An older county hub: no count lines, rows without "kind" (shares).
  in.latest.push_back(version("510822", "2026-11", 1, 0, {{"station_coverage", 1, 2, 0.8}}, 1));
  in.now_s = at("2027-01-20T00:00:00+08:00");
  auto v = counties_view(in);
  const auto& a = v["counties"].as_array()[0].as_object();
  const auto& leaders = a.at("kpis").as_array()[0].as_object();
  CHECK(leaders.at("figure").at("value").as_int64() == 12);  // November's count, not 8 + 12
  CHECK(leaders.at("pass").as_bool());
  CHECK(a.at("met").as_int64() == 1);
  CHECK(a.at("targeted").as_int64() == 1);
  CHECK_FALSE(v["counties"].as_array()[1].at("kpis").as_array()[0].at("pass").as_bool());
  std::map<std::string, json::object> totals;
  for (const auto& k : v["totals"].at("kpis").as_array())
    totals[std::string(k.at("kpi").as_string())] = k.as_object();
  CHECK(totals.at("ecommerce_leaders").at("kind") == "count");
  CHECK(totals.at("ecommerce_leaders").at("figure").at("value").as_int64() == 17);  // 12 + 5
  CHECK(totals.at("ecommerce_leaders").at("figure").at("denominator").as_int64() == 1);
  CHECK_FALSE(totals.at("station_coverage").contains("kind"));
  CHECK(totals.at("station_coverage").at("figure").at("value").as_double() == Approx(0.5));
}
