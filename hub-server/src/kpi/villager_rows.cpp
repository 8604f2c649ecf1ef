#include "kpi/villager_rows.hpp"

#include <algorithm>

#include "cunzhan/shared/division_code.hpp"

namespace cunzhan::hub::kpi::detail {
namespace {

std::int64_t day_of(const std::string& s) {
  auto d = parse_date(s);
  return d ? day_number(*d) : 0;
}

}  // namespace

villager_span villager_span_for(const period& p, std::int64_t now_s) {
  villager_span s;
  s.orders_from = std::min({p.begin_s(), p.previous().begin_s(), p.year_earlier().begin_s()});
  s.busy_from = std::min(p.begin_s(), now_s);
  const date earlier_end = from_day_number(day_number(window_start(p.end)) - 1);
  s.services_first = format_date(window_start(earlier_end));
  s.services_last = format_date(p.end);
  return s;
}

villager_inputs villager_inputs_of(const kpi_rows& rows, const std::vector<station_info>& stations) {
  const kpi_villager_rows& v = *rows.villager;
  villager_inputs in;
  for (const auto& village : rows.villages)
    if (is_administrative_village_code(village.code))
      in.admin_villages.emplace_back(village.code, village.township_code);
  for (const auto& s : stations)
    in.stations.push_back({s.id, s.township_code, s.village_code, s.open_day, s.close_day});
  for (const auto& [code, people] : v.population) in.population[code] = people;
  in.villagers = v.villagers;
  in.orders = v.orders;
  in.sales = v.sales;
  for (const auto& s : v.services) in.services.push_back({s.villager_id, s.station_id, day_of(s.served_on)});
  for (const auto& a : v.assignments) {
    std::optional<std::int64_t> to;
    if (!a.to_on.empty()) to = day_of(a.to_on);
    in.assignments.push_back({a.officer_id, a.station_id, day_of(a.from_on), to});
  }
  for (const auto& [officer, since] : v.leaders) in.leaders.push_back({officer, day_of(since)});
  for (const auto& a : v.attendances)
    in.attendances.push_back({a.session_id, a.officer_id, day_of(a.held_on), a.hours});
  return in;
}

}  // namespace cunzhan::hub::kpi::detail
