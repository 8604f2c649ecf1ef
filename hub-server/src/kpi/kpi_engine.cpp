// Coverage joins (villages × stations × courier points at the period's last day) and the
// assembly of the county, township, station and village tables from storage's rows.
#include <algorithm>
#include <set>
#include <unordered_map>
#include <utility>

#include "cunzhan/hub/kpi.hpp"
#include "cunzhan/shared/division_code.hpp"
#include "kpi/kpi_inputs.hpp"
#include "kpi/villager_rows.hpp"

namespace cunzhan::hub::kpi {
namespace {

using namespace detail;

// What the registry's villages look like on the last day, before aggregation.
struct village_state {
  std::vector<std::string> stations;
  std::set<std::string> brands;
  int points = 0;
  int frequency = 0;
  bool fixed_point = false;
};

void add_village(coverage& c, const village_state& v) {
  const auto one = [](figure& f, bool yes) {
    ++f.denominator;
    if (yes) ++f.numerator;
  };
  one(c.station, !v.stations.empty());
  one(c.courier, v.points > 0);
  one(c.four_brands, v.brands.size() >= 4);
  one(c.freq3, v.frequency >= 3);
  one(c.freq5, v.frequency >= 5);
  one(c.fixed_point, v.fixed_point);
}

// Sales of a county over an earlier period, in total, by category and by township (for growth).
struct sales_split {
  category_sales total;
  std::map<std::string, category_sales> by_category;
  std::map<std::string, category_sales> by_township;
};

sales_split split_sales(const std::optional<std::vector<kpi_sales>>& rows) {
  sales_split out;
  if (!rows) return out;
  for (const auto& r : *rows) {
    for (auto* to : {&out.total, &out.by_township[r.township_code], &out.by_category[r.category]}) {
      to->count += r.count;
      to->amount_fen += r.amount_fen;
    }
  }
  return out;
}

}  // namespace

kpi_query query_for(const std::string& county_code, const period& p, const options& o) {
  kpi_query q;
  q.county_code = county_code;
  q.period = {p.begin_s(), p.end_s()};
  // A day's nightly report may arrive the next morning, so sessions up to end + 1 are read.
  q.syncs = {p.begin_s(), p.end_s() + 86400};
  if (o.with_growth) {
    const auto prev = p.previous(), yago = p.year_earlier();
    q.previous = time_span{prev.begin_s(), prev.end_s()};
    q.year_earlier = time_span{yago.begin_s(), yago.end_s()};
  }
  if (o.with_services) q.villager = detail::villager_span_for(p, o.now_s);
  return q;
}

result<county_report> compute(const kpi_rows& rows, const period& p, const options& o) {
  const std::string& county_code = rows.county_code;
  if (rows.villages.empty()) {
    return error(errc::not_found,
                 "county " + county_code + " has no villages in the registry (import divisions first)",
                 "区县 " + county_code + " 在区划库中没有村（请先导入区划）");
  }
  const auto stations = stations_of(rows);
  const auto points = points_of(rows);
  const activity_data act = activity_of(rows, p, o, stations);

  county_report r;
  r.county_code = county_code;
  r.per = p;
  const std::int64_t end = day_number(p.end);

  // Villages on the last day: stations located in them, points serving them.
  std::unordered_map<std::string, village_state> state;  // administrative villages only
  std::unordered_map<std::string, const village_row*> by_code;
  for (const auto& v : rows.villages) {
    by_code.emplace(v.code, &v);
    if (is_administrative_village_code(v.code)) state.emplace(v.code, village_state{});
  }
  for (const auto& st : stations) {
    if (!st.operating_on(end)) continue;
    ++r.stations_operating;
    if (auto it = state.find(st.village_code); it != state.end()) it->second.stations.push_back(st.name);
  }
  std::set<std::string> townships_with_point;
  for (const auto& info : points) {
    if (!info.active_on(end)) continue;
    const kpi_point& pt = *info.row;
    // Located in a village or (outlets) in the township itself: digits 1–9 name the township.
    townships_with_point.insert(pt.village_code.substr(0, 9));
    std::set<std::string> served(pt.served.begin(), pt.served.end());
    served.insert(pt.village_code);
    for (const auto& code : served) {
      auto it = state.find(code);
      if (it == state.end()) continue;
      auto& v = it->second;
      ++v.points;
      v.frequency = std::max(v.frequency, pt.days_per_week);
      v.brands.insert(pt.brands.begin(), pt.brands.end());
    }
    if (pt.kind == "village_fixed") {
      if (auto it = state.find(pt.village_code); it != state.end()) it->second.fixed_point = true;
    }
  }

  // Townships: registry order; counted ones have ≥ 1 administrative village.
  std::unordered_map<std::string, std::size_t> town_index;
  for (const auto& [code, name] : rows.townships) {
    town_index.emplace(code, r.townships_table.size());
    r.townships_table.push_back(township_report{code, name, 0, false, {}, {}, {}, {}});
  }
  std::unordered_map<std::string, std::string> town_name;
  for (const auto& [code, name] : rows.townships) town_name.emplace(code, name);

  for (const auto& v : rows.villages) {
    if (!is_administrative_village_code(v.code)) continue;
    auto ti = town_index.find(v.township_code);
    if (ti == town_index.end()) {
      // A village whose township row is missing still counts; give it a bare row.
      ti = town_index.emplace(v.township_code, r.townships_table.size()).first;
      r.townships_table.push_back(township_report{v.township_code, "", 0, false, {}, {}, {}, {}});
    }
    const auto& vs = state.at(v.code);
    add_village(r.cov, vs);
    add_village(r.townships_table[ti->second].cov, vs);
    village_report row;
    row.code = v.code;
    row.name = v.name;
    row.township_code = v.township_code;
    row.township_name = town_name.count(v.township_code) ? town_name.at(v.township_code) : "";
    row.stations = vs.stations;
    row.brands.assign(vs.brands.begin(), vs.brands.end());
    row.points = vs.points;
    row.frequency = vs.frequency;
    row.fixed_point = vs.fixed_point;
    if (vs.stations.empty()) row.reasons.emplace_back("no_station");
    // low_frequency is a served village's shortfall; an unserved one is no_courier_point only.
    if (vs.points == 0)
      row.reasons.emplace_back("no_courier_point");
    else if (vs.frequency < 3)
      row.reasons.emplace_back("low_frequency");
    r.villages_table.push_back(std::move(row));
  }
  r.villages = static_cast<int>(r.villages_table.size());

  // Only counted townships stay in the table (a sub-district of communities has no
  // village to cover and would only dilute the table).
  std::vector<township_report> counted;
  for (auto& t : r.townships_table) {
    if (t.cov.station.denominator == 0) continue;
    t.courier_point = townships_with_point.count(t.code) > 0;
    ++r.township_courier.denominator;
    if (t.courier_point) ++r.township_courier.numerator;
    if (auto it = act.by_township.find(t.code); it != act.by_township.end()) t.act = it->second;
    counted.push_back(std::move(t));
  }
  std::sort(counted.begin(), counted.end(), [](const auto& a, const auto& b) { return a.code < b.code; });
  r.townships_table = std::move(counted);
  r.townships = static_cast<int>(r.townships_table.size());
  std::unordered_map<std::string, township_report*> counted_index;
  for (auto& t : r.townships_table) counted_index.emplace(t.code, &t);
  for (const auto& st : stations) {
    if (!st.operating_on(end)) continue;
    if (auto it = counted_index.find(st.township_code); it != counted_index.end())
      ++it->second->stations_operating;
  }

  for (const auto& st : stations) {
    station_report row;
    row.id = st.id;
    row.name = st.name;
    row.kind = st.kind;
    row.village_code = st.village_code;
    if (auto it = by_code.find(st.village_code); it != by_code.end()) row.village_name = it->second->name;
    row.township_code = st.township_code;
    row.opened_on = st.opened_on;
    row.closed_on = st.closed_on;
    row.operating = st.operating_on(end);
    row.program_version = st.program_version;
    if (auto it = act.last_sync.find(st.id); it != act.last_sync.end()) {
      row.last_sync_s = it->second;
      row.sync_lag_s = std::max<std::int64_t>(0, o.now_s - it->second);
    }
    if (auto it = act.by_station.find(st.id); it != act.by_station.end()) row.act = it->second;
    r.stations_table.push_back(std::move(row));
  }
  r.act = act.county;

  if (o.with_growth) {
    const sales_split earlier[] = {split_sales(rows.previous_sales), split_sales(rows.year_earlier_sales)};
    const auto* prev = &earlier[0];
    const auto* yago = &earlier[1];
    r.sales_mom = {r.act.sales_fen, prev->total.amount_fen};
    r.sales_yoy = {r.act.sales_fen, yago->total.amount_fen};
    r.sales_count_mom = {r.act.sales_count, prev->total.count};
    r.sales_count_yoy = {r.act.sales_count, yago->total.count};
    const auto against = [](const category_sales& now, const category_sales& earlier) {
      return sales_growth{{now.amount_fen, earlier.amount_fen}, {now.count, earlier.count}};
    };
    const auto lookup = [](const std::map<std::string, category_sales>& m, const std::string& k) {
      auto it = m.find(k);
      return it == m.end() ? category_sales{} : it->second;
    };
    std::set<std::string> cats;
    for (const auto* m : {&std::as_const(r.act.by_category), &prev->by_category, &yago->by_category}) {
      for (const auto& [cat, _] : *m) cats.insert(cat);
    }
    for (const auto& cat : cats) {
      const auto now = lookup(r.act.by_category, cat);
      if (now.count > 0 || lookup(prev->by_category, cat).count > 0) {
        r.category_mom[cat] = against(now, lookup(prev->by_category, cat));
      }
      if (now.count > 0 || lookup(yago->by_category, cat).count > 0) {
        r.category_yoy[cat] = against(now, lookup(yago->by_category, cat));
      }
    }
    for (auto& t : r.townships_table) {
      const category_sales now{t.act.sales_count, t.act.sales_fen};
      t.mom = against(now, lookup(prev->by_township, t.code));
      t.yoy = against(now, lookup(yago->by_township, t.code));
    }
  }
  if (rows.villager) {
    r.services = std::make_shared<const villager_report>(
        compute_villager(detail::villager_inputs_of(rows, stations), p, o.now_s));
  }
  return r;
}

}  // namespace cunzhan::hub::kpi
