// People served (三农服务覆盖人数) and officers/training (KPIS.md "Villager services").
#include <map>
#include <set>
#include <unordered_map>

#include "kpi/villager_kpi_parts.hpp"

namespace cunzhan::hub::kpi {

date window_start(date last) {
  using namespace std::chrono;
  year_month_day earlier = last - years{1};
  if (!earlier.ok())
    earlier = year_month_day{earlier.year() / earlier.month() / std::chrono::last};  // 29 Feb
  return from_day_number(day_number(earlier) + 1);
}

namespace detail {
namespace {

std::int64_t to_i(std::size_t n) { return static_cast<std::int64_t>(n); }

// From hand-built rows: the counts storage makes in SQL (store/villager_reads.cpp). A
// villager lives in one village, so per-village counts add up to townships and the county.
served_counts count_served(const villager_inputs& in, std::int64_t earlier_from, std::int64_t current_from,
                           std::int64_t current_to) {
  std::unordered_map<std::string, const std::string*> village_of;
  for (const auto& v : in.villagers) village_of.emplace(v.id, &v.village_code);
  std::unordered_map<std::string, const station_in*> station_by_id;
  for (const auto& s : in.stations) station_by_id.emplace(s.id, &s);
  served_counts c;
  std::set<std::pair<std::string, std::string>> seen[2][2];  // [window][village, station] (key, villager)
  for (const auto& s : in.services) {
    if (s.day < earlier_from || s.day > current_to) continue;
    auto v = village_of.find(s.villager_id);
    if (v == village_of.end()) continue;  // record not here yet: village unknown
    const std::string& village = *v->second;
    const bool current = s.day >= current_from;
    auto& w = seen[current ? 0 : 1];
    const auto bump = [&](served_count& n) { ++(current ? n.current : n.earlier); };
    if (w[0].emplace(village, s.villager_id).second) bump(c.by_village[village]);
    if (auto st = station_by_id.find(s.station_id); st != station_by_id.end() &&
                                                    st->second->village_code == village &&
                                                    w[1].emplace(s.station_id, s.villager_id).second)
      bump(c.by_station[s.station_id]);
  }
  return c;
}

// Numerators: villagers whose village has a population row; denominators: the population of
// the villages in scope.
void served_in(const villager_inputs& in, const served_counts& c, std::int64_t served_count::*window,
               figure villager_figures::*which, scoped& out) {
  for (const auto& [village, n] : c.by_village) {
    if (!in.population.count(village)) continue;
    (out.county().*which).numerator += n.*window;
    (out.township(village.substr(0, 9)).*which).numerator += n.*window;
  }
  for (const auto& s : in.stations) {
    auto it = c.by_station.find(s.id);
    if (it != c.by_station.end() && in.population.count(s.village_code))
      (out.station(s.id).*which).numerator = it->second.*window;
  }
  for (const auto& [village, people] : in.population) {
    (out.county().*which).denominator += people;
    (out.township(village.substr(0, 9)).*which).denominator += people;
  }
  for (const auto& s : in.stations) {
    auto it = in.population.find(s.village_code);
    (out.station(s.id).*which).denominator = it == in.population.end() ? 0 : it->second;
  }
}

}  // namespace

void people_served(const villager_inputs& in, const period& p, scoped& out) {
  const auto& stations = in.stations;
  const date e = p.end;
  const date e_earlier = from_day_number(day_number(window_start(e)) - 1);  // E − 1 year
  const served_counts counted = in.served ? served_counts{}
                                          : count_served(in, day_number(window_start(e_earlier)),
                                                         day_number(window_start(e)), day_number(e));
  const served_counts& c = in.served ? *in.served : counted;
  served_in(in, c, &served_count::current, &villager_figures::people_served, out);
  served_in(in, c, &served_count::earlier, &villager_figures::people_served_earlier, out);
  for (const auto& [code, town] : in.admin_villages) {
    if (in.population.count(code)) continue;
    ++out.county().villages_without_population;
    ++out.township(town).villages_without_population;
  }
  for (const auto& s : stations)
    out.station(s.id).villages_without_population = in.population.count(s.village_code) ? 0 : 1;
}

void training(const villager_inputs& in, const period& p, scoped& out) {
  const auto& stations = in.stations;
  const std::int64_t e = day_number(p.end);
  const std::int64_t ws = day_number(window_start(p.end));
  const std::int64_t ps = day_number(p.start);
  std::unordered_map<std::string, const station_in*> station_by_id;
  for (const auto& s : stations) station_by_id.emplace(s.id, &s);
  // The figures an officer counts in on day n: each station served that day and its township.
  const auto scopes_on = [&](const std::string& officer, std::int64_t n) {
    std::set<villager_figures*> f;
    for (const auto& a : in.assignments) {
      if (a.officer_id != officer || !a.serving_on(n)) continue;
      auto st = station_by_id.find(a.station_id);
      if (st == station_by_id.end()) continue;
      f.insert(&out.station(a.station_id));
      f.insert(&out.township(st->second->township_code));
    }
    return f;
  };

  std::set<std::string> trained;  // officers with a session in the 12-month window
  std::set<std::string> county_officers, county_sessions;
  std::map<villager_figures*, std::set<std::string>> officers, sessions;
  for (const auto& a : in.attendances) {
    if (a.day >= ws && a.day <= e) trained.insert(a.officer_id);
    if (a.day < ps || a.day > e) continue;
    county_officers.insert(a.officer_id);
    county_sessions.insert(a.session_id);
    out.county().training_hours += a.hours;
    for (auto* f : scopes_on(a.officer_id, a.day)) {
      officers[f].insert(a.officer_id);
      sessions[f].insert(a.session_id);
      f->training_hours += a.hours;
    }
  }
  out.county().officers_trained = to_i(county_officers.size());
  out.county().training_sessions = to_i(county_sessions.size());
  for (auto& [f, ids] : officers) f->officers_trained = to_i(ids.size());
  for (auto& [f, ids] : sessions) f->training_sessions = to_i(ids.size());

  for (const auto& s : stations) {
    if (!s.operating_on(e)) continue;
    bool ok = false;
    for (const auto& a : in.assignments)
      ok = ok || (a.station_id == s.id && a.serving_on(e) && trained.count(a.officer_id));
    for (auto* f : {&out.county(), &out.township(s.township_code), &out.station(s.id)}) {
      ++f->trained_stations.denominator;
      if (ok) ++f->trained_stations.numerator;
    }
  }

  // Officers of `ids` serving a station of the scope on E, counted into `field` (KPIS.md:
  // officers_trained_to_date, ecommerce_leaders); a leaver no longer counts.
  const auto serving_on_e = [&](const std::set<std::string>& ids, std::int64_t villager_figures::*field) {
    std::set<std::string> county;
    std::map<villager_figures*, std::set<std::string>> in_scope;
    for (const auto& id : ids) {
      const auto f = scopes_on(id, e);
      if (f.empty()) continue;
      county.insert(id);
      for (auto* x : f) in_scope[x].insert(id);
    }
    out.county().*field = to_i(county.size());
    for (auto& [f, s] : in_scope) f->*field = to_i(s.size());
  };
  std::set<std::string> ever_trained, leaders;
  for (const auto& a : in.attendances) {
    if (a.day <= e) ever_trained.insert(a.officer_id);
  }
  for (const auto& l : in.leaders) {
    if (l.since_day <= e) leaders.insert(l.officer_id);
  }
  serving_on_e(ever_trained, &villager_figures::officers_trained_to_date);
  serving_on_e(leaders, &villager_figures::ecommerce_leaders);
}

}  // namespace detail
}  // namespace cunzhan::hub::kpi
