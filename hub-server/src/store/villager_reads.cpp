#include "store/villager_reads.hpp"

namespace cunzhan::hub::villager_reads {
namespace {

constexpr const char* k_villagers = "SELECT id, village_code FROM villager WHERE county_code = ?";
// Orders of the compared periods, and older ones arrived and not finished before busy_from.
constexpr const char* k_orders =
    "SELECT station_id, township_code, category, platform, status, amount_fen, ordered_at, arrived_at, "
    "handed_over_at, returned_at, cancelled_at FROM proxy_buy WHERE county_code = ? AND ordered_at < ? AND "
    "(ordered_at >= ? OR (arrived_at IS NOT NULL AND "
    "COALESCE(handed_over_at, returned_at, cancelled_at, 9223372036854775807) >= ?))";
constexpr const char* k_services =
    "SELECT villager_id, station_id, served_on FROM service WHERE county_code = ? AND served_on >= ? AND "
    "served_on <= ?";
constexpr const char* k_sales =
    "SELECT township_code, station_id, seller_kind, seller_name, villager_id, sold_at FROM listing "
    "WHERE county_code = ? AND status = 'sold' AND sold_at >= ? AND sold_at < ?";
constexpr const char* k_population =
    "SELECT p.village_code, p.population FROM village_population p "
    "JOIN division_village v ON v.code = p.village_code WHERE v.county_code = ?";
constexpr const char* k_assignments =
    "SELECT a.officer_id, a.station_id, a.from_on, COALESCE(a.to_on, '') FROM officer_station a "
    "JOIN officer o ON o.id = a.officer_id WHERE o.county_code = ?";
constexpr const char* k_leaders =
    "SELECT id, leader_designated_on FROM officer WHERE county_code = ? AND leader_designated_on IS NOT NULL "
    "AND leader_designated_on <> ''";
constexpr const char* k_attendances =
    "SELECT s.id, a.officer_id, s.held_on, s.hours FROM training_session s "
    "JOIN training_attendee a ON a.session_id = s.id WHERE s.county_code = ?";

}  // namespace

result<kpi_villager_rows> read(const run_fn& run, const kpi_query& q) {
  const std::string& county_code = q.county_code;
  const villager_span& span = *q.villager;
  kpi_villager_rows out;
  const std::vector<value> county{county_code};
  const struct {
    const char* sql;
    std::vector<value> args;
    row_fn row;
  } reads[] = {
      {k_villagers, county,
       [&](const row_view& r) {
         out.villagers.push_back({r.text(0), r.text(1)});
       }},
      {k_orders,
       {county_code, q.period.end_s, span.orders_from, span.busy_from},
       [&](const row_view& r) {
         out.orders.push_back({r.text(0), r.text(1), r.text(2), r.text(3), r.text(4), r.int64(5), r.int64(6),
                               r.opt_int64(7), r.opt_int64(8), r.opt_int64(9), r.opt_int64(10)});
       }},
      {k_services,
       {county_code, span.services_first, span.services_last},
       [&](const row_view& r) {
         out.services.push_back({r.text(0), r.text(1), r.text(2)});
       }},
      {k_sales,
       {county_code, q.period.begin_s, q.period.end_s},
       [&](const row_view& r) {
         out.sales.push_back({r.text(0), r.text(1), r.text(2), r.text(3), r.text(4), r.int64(5)});
       }},
      {k_population, county, [&](const row_view& r) { out.population.emplace_back(r.text(0), r.int64(1)); }},
      {k_assignments, county,
       [&](const row_view& r) {
         out.assignments.push_back({r.text(0), r.text(1), r.text(2), r.text(3)});
       }},
      {k_leaders, county, [&](const row_view& r) { out.leaders.emplace_back(r.text(0), r.text(1)); }},
      {k_attendances, county,
       [&](const row_view& r) {
         out.attendances.push_back({r.text(0), r.text(1), r.text(2), r.real(3)});
       }},
  };
  for (const auto& rd : reads) {
    if (auto s = run(rd.sql, rd.args, rd.row); !s) return std::move(s).err();
  }
  return out;
}

}  // namespace cunzhan::hub::villager_reads
