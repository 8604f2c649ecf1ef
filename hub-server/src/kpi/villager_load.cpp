// The rows the villager-service KPIs need, read for one county and period (set-based
// queries, like kpi_data.cpp), then computed by compute_villager (villager_kpi.cpp).
#include "kpi/villager_load.hpp"

#include <algorithm>

#include "cunzhan/hub/roster_store.hpp"

namespace cunzhan::hub::kpi {
namespace {

using detail::each_row;

constexpr const char* kVillagers = "SELECT id, village_code FROM villager WHERE county_code = ?";
// Orders ordered since `lo` (this period and the two it is compared with), and older
// ones that had arrived and were not finished before `busy` (handover, waiting).
constexpr const char* kOrders =
    "SELECT station_id, township_code, category, platform, status, amount_fen, ordered_at, arrived_at, "
    "handed_over_at, returned_at, cancelled_at FROM proxy_buy WHERE county_code = ?1 AND ordered_at < ?2 AND "
    "(ordered_at >= ?3 OR (arrived_at IS NOT NULL AND "
    "COALESCE(handed_over_at, returned_at, cancelled_at, 9223372036854775807) >= ?4))";
constexpr const char* kServices =
    "SELECT villager_id, station_id, served_on FROM service WHERE county_code = ? AND served_on >= ? AND "
    "served_on <= ?";
constexpr const char* kSales =
    "SELECT township_code, station_id, seller_kind, seller_name, villager_id, sold_at FROM listing "
    "WHERE county_code = ? AND status = 'sold' AND sold_at >= ? AND sold_at < ?";

std::optional<std::int64_t> opt_int(sql::statement& q, int i) {
  if (q.column_is_null(i)) return std::nullopt;
  return q.column_int(i);
}

std::int64_t day_of(const std::string& s) {
  auto d = parse_date(s);
  return d ? day_number(*d) : 0;
}

status load_records(sql::database& db, const std::string& county, const period& p, std::int64_t now_s,
                    villager_inputs& in) {
  auto s = each_row(db, kVillagers, [&](sql::statement& q) { q.bind(1, county); },
                    [&](sql::statement& q) { in.villagers.push_back({q.column_text(0), q.column_text(1)}); });
  if (!s) return s;
  const std::int64_t lo = std::min({p.begin_s(), p.previous().begin_s(), p.year_earlier().begin_s()});
  const std::int64_t busy = std::min(p.begin_s(), now_s);
  s = each_row(
      db, kOrders, [&](sql::statement& q) { q.bind(1, county).bind(2, p.end_s()).bind(3, lo).bind(4, busy); },
      [&](sql::statement& q) {
        proxy_buy_in o{q.column_text(0), q.column_text(1), q.column_text(2), q.column_text(3), q.column_text(4),
                       q.column_int(5), q.column_int(6), opt_int(q, 7), opt_int(q, 8), opt_int(q, 9), opt_int(q, 10)};
        in.orders.push_back(std::move(o));
      });
  if (!s) return s;
  const date earlier_end = from_day_number(day_number(window_start(p.end)) - 1);
  s = each_row(
      db, kServices,
      [&](sql::statement& q) {
        q.bind(1, county).bind(2, format_date(window_start(earlier_end))).bind(3, format_date(p.end));
      },
      [&](sql::statement& q) {
        in.services.push_back({q.column_text(0), q.column_text(1), day_of(q.column_text(2))});
      });
  if (!s) return s;
  return each_row(
      db, kSales, [&](sql::statement& q) { q.bind(1, county).bind(2, p.begin_s()).bind(3, p.end_s()); },
      [&](sql::statement& q) {
        in.sales.push_back({q.column_text(0), q.column_text(1), q.column_text(2), q.column_text(3), q.column_text(4),
                            q.column_int(5)});
      });
}

status load_roster(sql::database& db, const std::string& county, villager_inputs& in) {
  roster_store roster(db);
  auto pop = roster.population(county);
  if (!pop) return std::move(pop).err();
  for (const auto& r : *pop) in.population[r.village_code] = r.population;
  auto officers = roster.officers(county);
  if (!officers) return std::move(officers).err();
  for (const auto& o : *officers)
    if (!o.leader_designated_on.empty()) in.leaders.push_back({o.id, day_of(o.leader_designated_on)});
  auto assignments = roster.assignments(county);
  if (!assignments) return std::move(assignments).err();
  for (const auto& a : *assignments) {
    std::optional<std::int64_t> to;
    if (!a.to_on.empty()) to = day_of(a.to_on);
    in.assignments.push_back({a.officer_id, a.station_id, day_of(a.from_on), to});
  }
  auto trainings = roster.trainings(county);
  if (!trainings) return std::move(trainings).err();
  for (const auto& t : *trainings)
    for (const auto& officer : t.attendees) in.attendances.push_back({t.id, officer, day_of(t.held_on), t.hours});
  return ok_status();
}

}  // namespace

result<villager_report> villager_kpis(sql::database& db, const std::string& county, const period& p,
                                      std::int64_t now_s, const detail::registry_data& reg,
                                      const std::vector<detail::station_info>& stations) {
  villager_inputs in;
  for (const auto& v : reg.villages)
    if (v.administrative) in.admin_villages.emplace_back(v.code, v.township_code);
  for (const auto& s : stations) in.stations.push_back({s.id, s.township_code, s.village_code, s.open_day, s.close_day});
  if (auto s = load_records(db, county, p, now_s, in); !s) return std::move(s).err();
  if (auto s = load_roster(db, county, in); !s) return std::move(s).err();
  return compute_villager(in, p, now_s);
}

}  // namespace cunzhan::hub::kpi
