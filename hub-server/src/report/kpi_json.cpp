// Report → JSON. Every ratio is {numerator, denominator, value} with value null when the
// denominator is 0, so clients never divide by zero or guess.
#include "report/kpi_json.hpp"

#include <boost/json.hpp>
#include <cmath>

#include "cunzhan/hub/villager_kpi.hpp"
#include "report/format.hpp"
#include "report/villager_json.hpp"

namespace cunzhan::hub::kpi {
namespace {

namespace json = boost::json;

json::object period_json(const period& p) {
  return {{"label", p.label}, {"from", format_date(p.start)}, {"to", format_date(p.end)}, {"days", p.days()}};
}

json::value opt_time(const std::optional<std::int64_t>& s) {
  if (!s) return nullptr;
  return json::value(report::instant_text(s));
}

json::array strings(const std::vector<std::string>& v) {
  json::array a;
  for (const auto& s : v) a.emplace_back(s);
  return a;
}

}  // namespace

json::value figure_json(const figure& f) {
  json::object o{{"numerator", f.numerator}, {"denominator", f.denominator}};
  if (auto v = f.value()) {
    o["value"] = *v;
  } else {
    o["value"] = nullptr;
  }
  return o;
}

json::value growth_json(const growth& g) {
  json::object o{{"current", g.current}, {"earlier", g.earlier}};
  if (auto v = g.value()) {
    o["value"] = *v;
  } else {
    o["value"] = nullptr;
  }
  return o;
}

json::object sales_growth_json(const sales_growth& mom, const sales_growth& yoy) {
  return {{"sales_amount_mom", growth_json(mom.amount)},
          {"sales_amount_yoy", growth_json(yoy.amount)},
          {"sales_count_mom", growth_json(mom.count)},
          {"sales_count_yoy", growth_json(yoy.count)}};
}

json::object coverage_json(const coverage& c) {
  return {
      {"station_coverage", figure_json(c.station)},     {"village_courier_coverage", figure_json(c.courier)},
      {"four_brand_share", figure_json(c.four_brands)}, {"delivery_3_days", figure_json(c.freq3)},
      {"delivery_5_days", figure_json(c.freq5)},        {"fixed_point_rate", figure_json(c.fixed_point)}};
}

json::object activity_json(const activity& a) {
  json::object cats;
  for (const auto& [code, s] : a.by_category) cats[code] = {{"count", s.count}, {"amount_fen", s.amount_fen}};
  return {
      {"online_rate", figure_json(a.online)},
      {"on_time_rate", figure_json(a.on_time)},
      {"sales", {{"count", a.sales_count}, {"amount_fen", a.sales_fen}, {"by_category", std::move(cats)}}},
      {"listings", {{"new", a.listings_new}, {"active", a.listings_active}}},
      {"parcels", {{"outbound", a.parcels_out}, {"inbound", a.parcels_in}}},
      {"pickup_timeliness", figure_json(a.timeliness)},
      {"pickup_failure_rate", figure_json(a.failure)}};
}

json::object report_json(const county_report& r, const target_map& targets) {
  json::array table;
  for (const auto& l : kpi_lines(r, targets)) {
    json::object o{{"kpi", l.def->key}, {"name_zh", l.def->zh}, {"name_en", l.def->en}};
    o["kind"] = kind_name(l.def->kind);  // added after v1: readers without it take "share"
    o["figure"] = figure_json(l.fig);
    o["target"] = l.target ? json::value(*l.target) : json::value(nullptr);
    if (l.def->kind == kpi_kind::count) {  // whole numbers stay integers: 300, not 3E2
      if (l.fig.value()) o["figure"].as_object()["value"] = l.fig.numerator;
      if (l.target) o["target"] = static_cast<std::int64_t>(std::llround(*l.target));
    }
    o["pass"] = l.pass ? json::value(*l.pass) : json::value(nullptr);
    table.push_back(std::move(o));
  }
  json::object by_category;
  for (const auto& cat : report::category_keys(r)) {
    const auto pick = [&](const std::map<std::string, sales_growth>& m) {
      auto it = m.find(cat);
      return it == m.end() ? sales_growth{} : it->second;
    };
    by_category[cat] = sales_growth_json(pick(r.category_mom), pick(r.category_yoy));
  }
  auto growth = sales_growth_json({r.sales_mom, r.sales_count_mom}, {r.sales_yoy, r.sales_count_yoy});
  growth["by_category"] = std::move(by_category);
  json::object out{{"county_code", r.county_code},
                   {"period", period_json(r.per)},
                   {"administrative_villages", r.villages},
                   {"counted_townships", r.townships},
                   {"stations_operating", r.stations_operating},
                   {"township_courier_coverage", figure_json(r.township_courier)},
                   {"coverage", coverage_json(r.cov)},
                   {"activity", activity_json(r.act)},
                   {"growth", std::move(growth)},
                   {"villager_services", villager_json(r.services ? &r.services->county : nullptr)},
                   {"kpis", std::move(table)}};
  return out;
}

json::object townships_json(const county_report& r) {
  json::array rows;
  for (const auto& t : r.townships_table) {
    rows.push_back(
        json::object{{"code", t.code},
                     {"name", t.name},
                     {"administrative_villages", t.cov.station.denominator},
                     {"stations_operating", t.stations_operating},
                     {"courier_point", t.courier_point},
                     {"coverage", coverage_json(t.cov)},
                     {"activity", activity_json(t.act)},
                     {"growth", sales_growth_json(t.mom, t.yoy)},
                     {"villager_services",
                      villager_json(r.services ? find_or_null(r.services->townships, t.code) : nullptr)}});
  }
  return {{"county_code", r.county_code}, {"period", period_json(r.per)}, {"townships", std::move(rows)}};
}

json::object stations_json(const county_report& r) {
  json::array rows;
  for (const auto& s : r.stations_table) {
    json::object o{{"id", s.id},
                   {"name", s.name},
                   {"kind", s.kind},
                   {"village_code", s.village_code},
                   {"village_name", s.village_name},
                   {"township_code", s.township_code},
                   {"opened_on", s.opened_on},
                   {"closed_on", s.closed_on.empty() ? json::value(nullptr) : json::value(s.closed_on)},
                   {"operating", s.operating},
                   {"last_sync", opt_time(s.last_sync_s)},
                   {"sync_lag_s", s.sync_lag_s ? json::value(*s.sync_lag_s) : json::value(nullptr)},
                   {"program_version",
                    s.program_version.empty() ? json::value(nullptr) : json::value(s.program_version)},
                   {"activity", activity_json(s.act)},
                   {"villager_services",
                    villager_json(r.services ? find_or_null(r.services->stations, s.id) : nullptr)}};
    rows.push_back(std::move(o));
  }
  return {{"county_code", r.county_code}, {"period", period_json(r.per)}, {"stations", std::move(rows)}};
}

json::object villages_json(const county_report& r) {
  json::array rows;
  for (const auto& v : r.villages_table) {
    rows.push_back(json::object{{"code", v.code},
                                {"name", v.name},
                                {"township_code", v.township_code},
                                {"township_name", v.township_name},
                                {"stations", strings(v.stations)},
                                {"brands", strings(v.brands)},
                                {"courier_points", v.points},
                                {"days_per_week", v.frequency},
                                {"fixed_point", v.fixed_point},
                                {"reasons", strings(v.reasons)}});
  }
  return {{"county_code", r.county_code},
          {"period", period_json(r.per)},
          {"as_of", format_date(r.per.end)},
          {"villages", std::move(rows)}};
}

}  // namespace cunzhan::hub::kpi
