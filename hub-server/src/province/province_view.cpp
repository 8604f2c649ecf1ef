// Province views over plain rows (see province_view.hpp for the aggregation rule).
#include "cunzhan/hub/province/province_view.hpp"

#include <boost/json.hpp>
#include <map>
#include <set>

#include "cunzhan/hub/province/periods.hpp"
#include "cunzhan/shared/time.hpp"

namespace cunzhan::hub::province {
namespace {

namespace json = boost::json;

bool is_flow(std::string_view kpi) {
  return kpi == "online_rate" || kpi == "on_time_rate" || kpi == "pickup_timeliness";
}

std::int64_t int_at(const json::value& v, std::initializer_list<const char*> path) {
  const json::value* at = &v;
  for (const char* k : path) {
    const auto* o = at->if_object();
    if (o == nullptr || !o->contains(k)) return 0;
    at = &o->at(k);
  }
  return at->is_int64() ? at->as_int64() : (at->is_uint64() ? static_cast<std::int64_t>(at->as_uint64()) : 0);
}

// A count line ("kind": "count", KPIS.md "Targets"): its figure is {count, 1}. Rows of an
// older county have no kind and are shares.
bool is_count(const json::value& row) {
  const auto* o = row.if_object();
  const auto* k = o ? o->if_contains("kind") : nullptr;
  return k != nullptr && k->is_string() && k->as_string() == "count";
}

json::value ratio(std::int64_t n, std::int64_t d) {
  json::object o{{"numerator", n}, {"denominator", d}};
  if (d == 0) {
    o["value"] = nullptr;
  } else {
    o["value"] = static_cast<double>(n) / static_cast<double>(d);
  }
  return o;
}

std::string instant(std::int64_t s) { return format_instant(sys_seconds(std::chrono::seconds(s))); }

// One county over the period's months (its latest versions, in month order).
struct county_agg {
  json::array kpis;  // rows as the county's KPI table: kpi, name_zh, name_en, figure, target, pass
  std::int64_t sales_count = 0, sales_fen = 0, parcels_out = 0, parcels_in = 0;
  int met = 0, targeted = 0, months = 0;
  int version = 0;  // for a single month: its latest version
  std::optional<std::int64_t> first_received, last_received;
};

county_agg aggregate(const std::vector<const province_store::latest_row*>& rows) {
  county_agg a;
  std::map<std::string, std::pair<std::int64_t, std::int64_t>> flow;
  std::vector<std::string> order;
  json::array last_table;
  for (const auto* r : rows) {
    const json::value rep = json::parse(r->latest.report);
    const json::value& k = rep.as_object().at("kpis");
    ++a.months;
    a.sales_count += int_at(k, {"activity", "sales", "count"});
    a.sales_fen += int_at(k, {"activity", "sales", "amount_fen"});
    a.parcels_out += int_at(k, {"activity", "parcels", "outbound"});
    a.parcels_in += int_at(k, {"activity", "parcels", "inbound"});
    a.version = r->latest.version;
    a.first_received = r->first_received_at;
    a.last_received = r->latest.received_at;
    const auto* table = k.as_object().if_contains("kpis");
    if (table == nullptr || !table->is_array()) continue;
    last_table = table->as_array();
    for (const auto& row : last_table) {
      const std::string key(row.as_object().at("kpi").as_string());
      auto& f = flow[key];
      f.first += int_at(row, {"figure", "numerator"});
      f.second += int_at(row, {"figure", "denominator"});
    }
  }
  if (rows.size() == 1) {
    a.kpis = last_table;  // a month is shown exactly as the county sent it
  } else {
    for (auto row : last_table) {
      auto& o = row.as_object();
      const std::string key(o.at("kpi").as_string());
      if (is_flow(key)) {
        o["figure"] = ratio(flow[key].first, flow[key].second);
        const auto& fig = o["figure"].as_object();
        if (o["target"].is_number() && !fig.at("value").is_null()) {
          o["pass"] = fig.at("value").as_double() + 1e-9 >= o["target"].to_number<double>();
        } else {
          o["pass"] = nullptr;
        }
      }
      a.kpis.push_back(std::move(row));
    }
  }
  for (const auto& row : a.kpis) {
    // A line without a target has no pass (a county's newer KPI may carry neither).
    const auto* pass = row.as_object().if_contains("pass");
    if (pass != nullptr && pass->is_bool()) {
      ++a.targeted;
      a.met += pass->as_bool() ? 1 : 0;
    }
  }
  return a;
}

std::map<std::string, std::vector<const province_store::latest_row*>> by_county(const view_input& in) {
  const std::set<std::string> months(in.months.begin(), in.months.end());
  std::map<std::string, std::vector<const province_store::latest_row*>> out;
  for (const auto& r : in.latest) {
    if (months.count(r.latest.period)) out[r.latest.county_code].push_back(&r);
  }
  return out;  // latest_in orders by county then period
}

json::value grade_json(int met, int targeted, const settings& s) {
  auto g = grade_of(met, targeted, s);
  if (!g) return nullptr;
  return json::object{{"key", g->key}, {"zh", g->zh}, {"en", g->en}};
}

}  // namespace

json::object counties_view(const view_input& in) {
  const auto grouped = by_county(in);
  json::array rows;
  std::map<std::string, std::pair<std::int64_t, std::int64_t>> totals;
  std::set<std::string> counts;  // keys of count lines: their total is the sum
  std::vector<std::string> key_order;
  std::int64_t t_count = 0, t_fen = 0, t_out = 0, t_in = 0;
  int t_submitted = 0;
  for (const auto& c : in.counties) {
    json::object row{{"county_code", c.code},
                     {"county_name", c.name},
                     {"city_code", c.city_code},
                     {"city_name", c.city_name},
                     {"administrative_villages", c.villages}};
    auto it = grouped.find(c.code);
    const county_agg a = it == grouped.end() ? county_agg{} : aggregate(it->second);
    row["months_submitted"] = a.months;
    row["months_in_period"] = static_cast<std::int64_t>(in.months.size());
    if (in.months.size() == 1) {
      const auto st =
          state_of(a.first_received, deadline_s(in.months.front(), in.rules.deadline_day), in.now_s);
      row["state"] = state_key(st);
      row["version"] = a.version;
      row["corrected"] = a.version > 1;
      row["received_at"] = a.last_received ? json::value(instant(*a.last_received)) : json::value(nullptr);
    }
    row["kpis"] = a.kpis;
    row["sales"] = json::object{{"count", a.sales_count}, {"amount_fen", a.sales_fen}};
    row["parcels"] = json::object{{"outbound", a.parcels_out}, {"inbound", a.parcels_in}};
    row["met"] = a.met;
    row["targeted"] = a.targeted;
    row["share_met"] =
        a.targeted ? json::value(static_cast<double>(a.met) / a.targeted) : json::value(nullptr);
    row["grade"] = grade_json(a.met, a.targeted, in.rules);
    if (a.months > 0) {
      ++t_submitted;
      for (const auto& k : a.kpis) {
        const std::string key(k.as_object().at("kpi").as_string());
        if (!totals.count(key)) key_order.push_back(key);
        if (is_count(k)) counts.insert(key);
        totals[key].first += int_at(k, {"figure", "numerator"});
        totals[key].second += int_at(k, {"figure", "denominator"});
      }
    }
    t_count += a.sales_count;
    t_fen += a.sales_fen;
    t_out += a.parcels_out;
    t_in += a.parcels_in;
    rows.push_back(std::move(row));
  }
  json::array total_kpis;
  for (const auto& key : key_order) {
    json::value fig = ratio(totals[key].first, counts.count(key) ? 1 : totals[key].second);
    if (counts.count(key)) fig.as_object()["value"] = totals[key].first;
    json::object total{{"kpi", key}, {"figure", std::move(fig)}};
    if (counts.count(key)) total["kind"] = "count";
    total_kpis.push_back(std::move(total));
  }
  json::object out{
      {"period", in.period},
      {"months", json::value_from(in.months)},
      {"counties", std::move(rows)},
      {"totals", json::object{{"counties_submitted", t_submitted},
                              {"kpis", std::move(total_kpis)},
                              {"sales", json::object{{"count", t_count}, {"amount_fen", t_fen}}},
                              {"parcels", json::object{{"outbound", t_out}, {"inbound", t_in}}}}},
      {"rules", json::object{{"deadline_day", in.rules.deadline_day},
                             {"grade_excellent", in.rules.excellent},
                             {"grade_good", in.rules.good},
                             {"grade_fair", in.rules.fair}}}};
  return out;
}

json::object submissions_view(const view_input& in) {
  const auto grouped = by_county(in);
  const std::string month = in.months.empty() ? in.period : in.months.front();
  const std::int64_t deadline = deadline_s(month, in.rules.deadline_day);
  json::object lists{{"on_time", json::array{}},
                     {"late", json::array{}},
                     {"missing", json::array{}},
                     {"not_due", json::array{}},
                     {"corrected", json::array{}}};
  for (const auto& c : in.counties) {
    auto it = grouped.find(c.code);
    std::optional<std::int64_t> first;
    int version = 0;
    if (it != grouped.end() && !it->second.empty()) {
      first = it->second.front()->first_received_at;
      version = it->second.front()->latest.version;
    }
    lists[state_key(state_of(first, deadline, in.now_s))].as_array().emplace_back(c.code);
    if (version > 1) lists["corrected"].as_array().emplace_back(c.code);
  }
  lists["period"] = month;
  lists["deadline"] = instant(deadline);
  return lists;
}

json::object trend_view(const view_input& in, const std::string& county) {
  json::array points;
  std::string name;
  for (const auto& c : in.counties) {
    if (c.code == county) name = c.name;
  }
  for (const auto& m : in.months) {
    view_input one = in;
    one.period = m;
    one.months = {m};
    one.counties.clear();
    for (const auto& c : in.counties) {
      if (c.code == county) one.counties.push_back(c);
    }
    auto v = counties_view(one);
    json::object p{{"period", m}};
    if (!v["counties"].as_array().empty()) {
      auto& row = v["counties"].as_array().front().as_object();
      for (const char* k : {"state", "version", "kpis", "sales", "parcels", "met", "targeted", "grade"})
        p[k] = row[k];
    }
    points.push_back(std::move(p));
  }
  return {{"county_code", county}, {"county_name", name}, {"months", std::move(points)}};
}

}  // namespace cunzhan::hub::province
