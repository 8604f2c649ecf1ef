// Rows to engine inputs: effective opening days, and the activity figures storage read
// grouped by station and township, credited to the station, its township and the county.
#include "kpi/kpi_inputs.hpp"

#include <algorithm>

namespace cunzhan::hub::kpi::detail {
namespace {

std::optional<std::int64_t> day_of(const std::string& text) {
  if (text.empty()) return std::nullopt;
  auto d = parse_date(text);
  if (!d) return std::nullopt;
  return day_number(*d);
}

// Applies `f` to the station's, the township's and the county's activity.
template <class F>
void credit(activity_data& out, const std::string& station, const std::string& township, F&& f) {
  f(out.by_station[station]);
  f(out.by_township[township]);
  f(out.county);
}

template <class F>
void credit_each(activity_data& out, const std::vector<kpi_count>& rows, F&& f) {
  for (const auto& c : rows) credit(out, c.station_id, c.township_code, [&](activity& a) { f(a, c); });
}

}  // namespace

std::vector<station_info> stations_of(const kpi_rows& rows) {
  std::vector<station_info> out;
  out.reserve(rows.stations.size());
  for (const auto& r : rows.stations) {
    station_info st;
    st.id = r.id;
    st.name = r.name;
    st.kind = r.kind;
    st.village_code = r.village_code;
    st.township_code = r.township_code;
    st.opened_on = r.opened_on;
    if (!day_of(st.opened_on)) {
      // No opening date recorded: the station has operated since it was enrolled.
      st.opened_on = format_date(shanghai_day(sys_seconds(std::chrono::seconds(r.enrolled_at))));
    }
    st.open_day = *day_of(st.opened_on);
    st.closed_on = r.closed_on;
    st.close_day = day_of(st.closed_on);
    st.program_version = r.program_version;
    out.push_back(std::move(st));
  }
  return out;
}

std::vector<point_info> points_of(const kpi_rows& rows) {
  std::vector<point_info> out;
  out.reserve(rows.points.size());
  for (const auto& r : rows.points) out.push_back(point_info{&r, day_of(r.opened_on), day_of(r.closed_on)});
  return out;
}

activity_data activity_of(const kpi_rows& rows, const period& p, const options& o,
                          const std::vector<station_info>& stations) {
  activity_data out;
  credit_each(out, rows.sales, [](activity& a, const kpi_count& c) {
    a.sales_count += c.count;
    a.sales_fen += c.value;
    a.by_category[c.key].count += c.count;
    a.by_category[c.key].amount_fen += c.value;
  });
  credit_each(out, rows.listings_new, [](activity& a, const kpi_count& c) { a.listings_new += c.count; });
  credit_each(out, rows.listings_active,
              [](activity& a, const kpi_count& c) { a.listings_active += c.count; });
  credit_each(out, rows.parcels, [](activity& a, const kpi_count& c) {
    (c.key == "inbound" ? a.parcels_in : a.parcels_out) += c.count;
  });
  credit_each(out, rows.due, [](activity& a, const kpi_count& c) {
    a.timeliness += figure{c.value, c.count};
  });
  credit_each(out, rows.requested, [](activity& a, const kpi_count& c) {
    a.failure += figure{c.value, c.count};
  });

  // Online and on-time rates: station-days from the start to min(end, today); a day's
  // nightly report may arrive the next morning (storage reads sessions up to end + 1).
  const std::int64_t first = day_number(p.start);
  const std::int64_t last = std::min(day_number(p.end), day_number(o.today));
  const std::int64_t evening_s = std::int64_t{o.evening_hour} * 3600;
  const std::int64_t deadline_s = std::int64_t{o.deadline_hour} * 3600;
  struct day_flags {
    bool evening = false, morning = false;
  };
  std::unordered_map<std::string, std::unordered_map<std::int64_t, day_flags>> synced;
  for (const auto& d : rows.sync_days) {
    // Evening: one finished after the evening hour; morning: one by the deadline hour.
    synced[d.station_id][d.day] = {d.last_s > evening_s, d.first_s <= deadline_s};
  }
  for (const auto& st : stations) {
    figure online, on_time;
    const auto it = synced.find(st.id);
    for (std::int64_t d = std::max(first, st.open_day); d <= last && st.operating_on(d); ++d) {
      ++online.denominator;
      ++on_time.denominator;
      if (it == synced.end()) continue;
      const auto today = it->second.find(d);
      const auto next = it->second.find(d + 1);
      if (today != it->second.end()) ++online.numerator;
      if ((today != it->second.end() && today->second.evening) ||
          (next != it->second.end() && next->second.morning)) {
        ++on_time.numerator;
      }
    }
    credit(out, st.id, st.township_code, [&](activity& a) {
      a.online += online;
      a.on_time += on_time;
    });
  }
  for (const auto& [id, at] : rows.last_sync) out.last_sync[id] = at;
  return out;
}

}  // namespace cunzhan::hub::kpi::detail
