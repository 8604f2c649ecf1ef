// villager_figures → JSON, with the same conventions as kpi_json.cpp (ratios with a
// null value when the denominator is 0, growth {current, earlier, value}).
#include "report/villager_json.hpp"

#include <boost/json.hpp>

#include "report/kpi_json.hpp"

namespace cunzhan::hub::kpi {
namespace {

namespace json = boost::json;

json::object split(const std::map<std::string, category_sales>& m) {
  json::object o;
  for (const auto& [code, s] : m) o[code] = {{"count", s.count}, {"amount_fen", s.amount_fen}};
  return o;
}

json::value opt(const std::optional<double>& v) { return v ? json::value(*v) : json::value(nullptr); }
json::value opt(const std::optional<bool>& v) { return v ? json::value(*v) : json::value(nullptr); }

}  // namespace

const villager_figures* find_or_null(const std::map<std::string, villager_figures>& m,
                                     const std::string& key) {
  auto it = m.find(key);
  return it == m.end() ? nullptr : &it->second;
}

json::value villager_json(const villager_figures* given) {
  static const villager_figures empty;
  const villager_figures& f = given ? *given : empty;
  const auto& b = f.proxy_buy;
  json::object proxy{{"count", b.count},
                     {"amount_fen", b.amount_fen},
                     {"returned", b.returned},
                     {"cancelled", b.cancelled},
                     {"by_category", split(b.by_category)},
                     {"by_platform", split(b.by_platform)},
                     {"growth",
                      {{"amount_mom", growth_json(b.amount_mom)},
                       {"amount_yoy", growth_json(b.amount_yoy)},
                       {"count_mom", growth_json(b.count_mom)},
                       {"count_yoy", growth_json(b.count_yoy)}}},
                     {"handover_days_median", opt(b.handover_days_median)},
                     {"waiting_over_7_days", b.waiting_over_7_days}};
  return json::object{{"proxy_buy", std::move(proxy)},
                      {"people_served_rate", figure_json(f.people_served)},
                      {"people_served_growth",
                       {{"current", opt(f.people_served.value())},
                        {"earlier", opt(f.people_served_earlier.value())},
                        {"grew", opt(f.people_served_grew())}}},
                      {"villages_without_population", f.villages_without_population},
                      {"trained_station_rate", figure_json(f.trained_stations)},
                      {"officers_trained", f.officers_trained},
                      {"officers_trained_to_date", f.officers_trained_to_date},
                      {"training_hours", f.training_hours},
                      {"training_sessions", f.training_sessions},
                      {"ecommerce_leaders", f.ecommerce_leaders},
                      {"online_sellers",
                       {{"cooperatives", f.sellers.cooperatives},
                        {"enterprises", f.sellers.enterprises},
                        {"households", f.sellers.households},
                        {"household_sales", f.sellers.household_sales}}}};
}

}  // namespace cunzhan::hub::kpi
