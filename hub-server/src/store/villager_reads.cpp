#include "store/villager_reads.hpp"

#include <algorithm>
#include <array>
#include <unordered_map>

namespace cunzhan::hub::villager_reads {
namespace {

// Every read hands the engine figures grouped in SQL, not records (issue 18: the county
// report at 1M ops under 200 ms): orders by what the period figures look at, sold listings
// by seller, villagers served counted per village and per station. Only the orders whose
// steps matter (handed over in the period, open at the waiting instant) come one by one.

// Orders ordered in the period, the previous one or a year earlier: each order once (an arm
// skips the orders of the arms before it, for ranges whose periods overlap), three range
// scans of a covering index (schema v7). They are grouped here, not in SQL: SQLite's sorter
// took 2–3× the time of reading the rows (kpi_bench at 1M ops).
#define CUNZHAN_ORDER_ARM                                                                                \
  "SELECT station_id, township_code, category, platform, status, amount_fen, ordered_at FROM proxy_buy " \
  "WHERE county_code = ? AND ordered_at >= ? AND ordered_at < ?"
constexpr const char* k_orders = CUNZHAN_ORDER_ARM
    " UNION ALL " CUNZHAN_ORDER_ARM
    " AND NOT (ordered_at >= ? AND ordered_at < ?) UNION ALL " CUNZHAN_ORDER_ARM
    " AND NOT (ordered_at >= ? AND ordered_at < ?) AND NOT (ordered_at >= ? AND ordered_at < ?)";
#undef CUNZHAN_ORDER_ARM
// Orders handed over in the period (handover median), and those arrived more than 7 days
// before the waiting instant T with no step at or before T (the COALESCE is indexed:
// schema v6; every step after T ⇒ the first non-null one is after T); the second arm skips
// the first's orders. Two covering range scans (schema v8), not an OR: SQLite's OR of two
// indexes looks every row up in the table.
constexpr const char* k_order_steps =
    "SELECT station_id, township_code, status, arrived_at, handed_over_at, returned_at, cancelled_at "
    "FROM proxy_buy WHERE county_code = ? AND handed_over_at >= ? AND handed_over_at < ? UNION ALL "
    "SELECT station_id, township_code, status, arrived_at, handed_over_at, returned_at, cancelled_at "
    "FROM proxy_buy WHERE county_code = ? AND COALESCE(handed_over_at, returned_at, cancelled_at, "
    "9223372036854775807) > ? AND arrived_at < ? AND (handed_over_at IS NULL OR handed_over_at < ? OR "
    "handed_over_at >= ?)";
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
// The same counts from the summary (store/served_summary.hpp) when both windows are whole
// months: a few rows per village.
constexpr const char* k_summary_by_village =
    "SELECT village_code, SUM(CASE WHEN end_month = ? THEN villagers ELSE 0 END), "
    "SUM(CASE WHEN end_month = ? THEN villagers ELSE 0 END) FROM served_window "
    "WHERE county_code = ? AND station_id = '' AND end_month IN (?, ?) GROUP BY village_code";
// Stations first (CROSS JOIN keeps SQLite's order): one exact seek per station and month.
constexpr const char* k_summary_by_station =
    "SELECT st.id, SUM(CASE WHEN w.end_month = ? THEN w.villagers ELSE 0 END), "
    "SUM(CASE WHEN w.end_month = ? THEN w.villagers ELSE 0 END) FROM station st CROSS JOIN served_window w "
    "WHERE st.county_code = ? AND w.county_code = st.county_code AND w.end_month IN (?, ?) AND "
    "w.station_id = st.id AND w.village_code = st.village_code GROUP BY st.id";
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

// The ordered orders grouped by everything the period figures look at: station, township,
// category, platform, status and which of the compared periods hold the order (the periods
// of a long range may overlap, so a group is of orders in the same ones); one order's
// ordered_at stands for the group's.
class order_groups {
 public:
  explicit order_groups(const villager_span& span) : periods_(span.order_periods) {}

  void add(const row_view& r) {
    const std::int64_t at = r.int64(6);
    int in = 0;
    for (std::size_t i = 0; i < periods_.size(); ++i) {
      if (at >= periods_[i].begin_s && at < periods_[i].end_s) in |= 1 << i;
    }
    key_.assign(r.text(0)).append(1, '\0').append(r.text(1)).append(1, '\0').append(r.text(2));
    key_.append(1, '\0').append(r.text(3)).append(1, '\0').append(r.text(4)).append(
        1, static_cast<char>('0' + in));
    auto [it, fresh] = groups_.try_emplace(key_);
    kpi_proxy_buy& g = it->second;
    if (fresh) {
      g.station_id = r.text(0);
      g.township_code = r.text(1);
      g.category = r.text(2);
      g.platform = r.text(3);
      g.status = r.text(4);
      g.ordered_at = at;
      g.orders = 0;
    }
    ++g.orders;
    g.amount_fen += r.int64(5);
    g.ordered_at = std::min(g.ordered_at, at);
  }

  void into(std::vector<kpi_proxy_buy>& out) {
    for (auto& [k, g] : groups_) out.push_back(std::move(g));
  }

 private:
  const std::array<time_span, 3>& periods_;
  std::string key_;
  std::unordered_map<std::string, kpi_proxy_buy> groups_;
};

}  // namespace

result<kpi_villager_rows> read(const run_fn& run, const kpi_query& q) {
  const std::string& c = q.county_code;
  const villager_span& span = *q.villager;
  kpi_villager_rows out;
  const std::vector<value> county{c};
  const auto& [p0, p1, p2] = span.order_periods;
  const std::vector<value> orders_args{c,        p0.begin_s, p0.end_s, c,          p1.begin_s,
                                       p1.end_s, p0.begin_s, p0.end_s, c,          p2.begin_s,
                                       p2.end_s, p0.begin_s, p0.end_s, p1.begin_s, p1.end_s};
  order_groups groups(span);
  const bool summary = !span.current_month.empty();
  const std::vector<value> served_args = summary
                                             ? std::vector<value>{span.current_month, span.earlier_month, c,
                                                                  span.current_month, span.earlier_month}
                                             : std::vector<value>{span.current_first, span.current_last,
                                                                  span.earlier_first, span.earlier_last, c};
  const auto served = [](std::vector<kpi_served>& to) {
    return [&to](const row_view& r) { to.push_back({r.text(0), r.int64(1), r.int64(2)}); };
  };
  const struct {
    const char* sql;
    std::vector<value> args;
    row_fn row;
  } reads[] = {
      {k_orders, orders_args, [&](const row_view& r) { groups.add(r); }},
      {k_order_steps,
       {c, q.period.begin_s, q.period.end_s, c, span.waiting_at, span.waiting_at - 7 * 86400,
        q.period.begin_s, q.period.end_s},
       [&](const row_view& r) {
         kpi_proxy_buy o{
             r.text(0),      r.text(1),     "", "", r.text(2), 0, 0, r.opt_int64(3), r.opt_int64(4),
             r.opt_int64(5), r.opt_int64(6)};
         o.orders = 0;  // its steps only: already counted among the grouped orders
         out.orders.push_back(std::move(o));
       }},
      {summary ? k_summary_by_village : k_served_by_village, served_args, served(out.served_by_village)},
      {summary ? k_summary_by_station : k_served_by_station, served_args, served(out.served_by_station)},
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
  groups.into(out.orders);
  return out;
}

}  // namespace cunzhan::hub::villager_reads
