#include "store/villager_reads.hpp"

namespace cunzhan::hub::villager_reads {
namespace {

// Every read hands the engine figures grouped in SQL, not records (issue 18: the county
// report at 1M ops under 200 ms): orders by what the period figures look at, sold listings
// by seller, villagers served counted per village and per station. Only the orders whose
// steps matter (handed over in the period, open at the waiting instant) come one by one.

// Orders ordered in the period, the previous one or a year earlier, grouped by station,
// category, platform, status and which of the three periods (flags; the periods may overlap).
constexpr const char* k_orders =
    "SELECT station_id, township_code, category, platform, status, COUNT(*), SUM(amount_fen), "
    "MIN(ordered_at) "
    "FROM proxy_buy WHERE (county_code = ? AND ordered_at >= ? AND ordered_at < ?) OR (county_code = ? AND "
    "ordered_at >= ? AND ordered_at < ?) OR (county_code = ? AND ordered_at >= ? AND ordered_at < ?) "
    "GROUP BY station_id, township_code, category, platform, status, "
    "CASE WHEN ordered_at >= ? AND ordered_at < ? THEN 1 ELSE 0 END, "
    "CASE WHEN ordered_at >= ? AND ordered_at < ? THEN 1 ELSE 0 END, "
    "CASE WHEN ordered_at >= ? AND ordered_at < ? THEN 1 ELSE 0 END";
// Orders handed over in the period (handover median), and those arrived more than 7 days
// before the waiting instant T with no step at or before T (the COALESCE is indexed:
// schema v6; every step after T ⇒ the first non-null one is after T).
constexpr const char* k_order_steps =
    "SELECT station_id, township_code, status, arrived_at, handed_over_at, returned_at, cancelled_at "
    "FROM proxy_buy WHERE (county_code = ? AND handed_over_at >= ? AND handed_over_at < ?) OR "
    "(county_code = ? AND COALESCE(handed_over_at, returned_at, cancelled_at, 9223372036854775807) > ? AND "
    "arrived_at < ?)";
// Distinct villagers served in the current and the earlier 12-month window: per village
// (a villager lives in one, so townships and the county are sums) and per station (the
// villagers of its own village it served). Driven by the villagers (covering indexes, two
// index seeks each), not by the services, so years of history cost nothing more.
#define CUNZHAN_SERVED_IN(station_term)                                                                    \
  "SUM(CASE WHEN EXISTS (SELECT 1 FROM service s WHERE s.county_code = v.county_code AND s.villager_id = " \
  "v.id" station_term " AND s.served_on >= ? AND s.served_on <= ?) THEN 1 ELSE 0 END)"
constexpr const char* k_served_by_village = "SELECT v.village_code, " CUNZHAN_SERVED_IN(
    "") ", " CUNZHAN_SERVED_IN("") " FROM villager v WHERE v.county_code = ? GROUP BY v.village_code";
constexpr const char* k_served_by_station =
    "SELECT st.id, " CUNZHAN_SERVED_IN(" AND s.station_id = st.id") ", " CUNZHAN_SERVED_IN(
        " AND s.station_id = st.id") " FROM station st JOIN villager v ON v.county_code = st.county_code AND "
                                     "v.village_code = st.village_code WHERE st.county_code = ? GROUP BY st.id";
#undef CUNZHAN_SERVED_IN
constexpr const char* k_sales =
    "SELECT township_code, station_id, seller_kind, seller_name, villager_id, COUNT(*), MIN(sold_at) FROM "
    "listing WHERE county_code = ? AND status = 'sold' AND sold_at >= ? AND sold_at < ? "
    "GROUP BY township_code, station_id, seller_kind, seller_name, villager_id";
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
  const std::string& c = q.county_code;
  const villager_span& span = *q.villager;
  kpi_villager_rows out;
  const std::vector<value> county{c};
  std::vector<value> orders_args;
  for (const auto& t : span.order_periods) orders_args.insert(orders_args.end(), {c, t.begin_s, t.end_s});
  for (const auto& t : span.order_periods) orders_args.insert(orders_args.end(), {t.begin_s, t.end_s});
  const std::vector<value> served_args{span.current_first, span.current_last, span.earlier_first,
                                       span.earlier_last, c};
  const auto served = [](std::vector<kpi_served>& to) {
    return [&to](const row_view& r) { to.push_back({r.text(0), r.int64(1), r.int64(2)}); };
  };
  const struct {
    const char* sql;
    std::vector<value> args;
    row_fn row;
  } reads[] = {
      {k_orders, orders_args,
       [&](const row_view& r) {
         kpi_proxy_buy o;
         o.station_id = r.text(0);
         o.township_code = r.text(1);
         o.category = r.text(2);
         o.platform = r.text(3);
         o.status = r.text(4);
         o.amount_fen = r.int64(6);
         o.ordered_at = r.int64(7);
         o.orders = r.int64(5);
         out.orders.push_back(std::move(o));
       }},
      {k_order_steps,
       {c, q.period.begin_s, q.period.end_s, c, span.waiting_at, span.waiting_at - 7 * 86400},
       [&](const row_view& r) {
         kpi_proxy_buy o{
             r.text(0),      r.text(1),     "", "", r.text(2), 0, 0, r.opt_int64(3), r.opt_int64(4),
             r.opt_int64(5), r.opt_int64(6)};
         o.orders = 0;  // its steps only: already counted among the grouped orders
         out.orders.push_back(std::move(o));
       }},
      {k_served_by_village, served_args, served(out.served_by_village)},
      {k_served_by_station, served_args, served(out.served_by_station)},
      {k_sales,
       {c, q.period.begin_s, q.period.end_s},
       [&](const row_view& r) {
         kpi_seller_sale s{r.text(0), r.text(1), r.text(2), r.text(3), r.text(4), r.int64(6)};
         s.sales = r.int64(5);
         out.sales.push_back(std::move(s));
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
