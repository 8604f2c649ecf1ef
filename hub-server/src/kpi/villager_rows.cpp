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
  const auto span_of = [](const period& x) { return time_span{x.begin_s(), x.end_s()}; };
  s.order_periods = {span_of(p), span_of(p.previous()), span_of(p.year_earlier())};
  s.waiting_at = std::min(p.end_s(), now_s);
  s.current_first = format_date(window_start(p.end));
  s.current_last = format_date(p.end);
  const date earlier_end = from_day_number(day_number(window_start(p.end)) - 1);
  s.earlier_first = format_date(window_start(earlier_end));
  s.earlier_last = format_date(earlier_end);
  // Whole months: both windows start on a 1st and end on a month's last day (29 February
  // makes a window ending on 28 February start on 29 February).
  const auto whole = [](const std::string& first, const std::string& last) {
    return first.ends_with("-01") && format_date(from_day_number(day_of(last) + 1)).ends_with("-01");
  };
  if (whole(s.current_first, s.current_last) && whole(s.earlier_first, s.earlier_last)) {
    s.current_month = s.current_last.substr(0, 7);
    s.earlier_month = s.earlier_last.substr(0, 7);
  }
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
  served_counts served;
  for (const auto& r : v.served_by_village) served.by_village[r.key] = {r.current, r.earlier};
  for (const auto& r : v.served_by_station) served.by_station[r.key] = {r.current, r.earlier};
  in.served = std::move(served);
  in.orders = v.orders;
  in.sales = v.sales;
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
