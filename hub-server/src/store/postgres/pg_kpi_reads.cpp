#include "store/postgres/pg_kpi_reads.hpp"

#include <functional>
#include <unordered_map>
#include <variant>

#include "store/op_log.hpp"
#include "store/postgres/pg_rows.hpp"
#include "store/villager_reads.hpp"

namespace cunzhan::hub::pg {
namespace {

constexpr const char* k_townships =
    "SELECT code, name FROM division_township WHERE county_code = $1 ORDER BY code COLLATE \"C\"";
constexpr const char* k_villages =
    "SELECT code, name, township_code FROM division_village WHERE county_code = $1 ORDER BY code COLLATE "
    "\"C\"";
constexpr const char* k_stations =
    "SELECT id, name, kind, village_code, township_code, enrolled_at, opened_on, "
    "closed_on, " CUNZHAN_SQL_STATION_VERSION
    " FROM station st WHERE county_code = $1 "
    "ORDER BY township_code COLLATE \"C\", village_code COLLATE \"C\", name COLLATE \"C\"";
constexpr const char* k_points =
    "SELECT id, kind, village_code, days_per_week, opened_on, closed_on FROM courier_point WHERE county_code "
    "= $1 "
    "ORDER BY id COLLATE \"C\"";
constexpr const char* k_point_villages =
    "SELECT pv.point_id, pv.village_code FROM courier_point_village pv "
    "JOIN courier_point p ON p.id = pv.point_id WHERE p.county_code = $1 ORDER BY 1, 2";
constexpr const char* k_point_brands =
    "SELECT pb.point_id, pb.brand FROM courier_point_brand pb "
    "JOIN courier_point p ON p.id = pb.point_id WHERE p.county_code = $1 ORDER BY 1, 2";

// $1 county, $2/$3 the period; results ordered by their group keys.
constexpr const char* k_sales =
    "SELECT station_id, township_code, category, COUNT(*), SUM(sold_amount_fen) FROM listing "
    "WHERE county_code = $1 AND status = 'sold' AND sold_at >= $2 AND sold_at < $3 "
    "GROUP BY station_id, township_code, category ORDER BY 1, 2, 3";
constexpr const char* k_listings_new =
    "SELECT station_id, township_code, COUNT(*) FROM listing "
    "WHERE county_code = $1 AND created_at >= $2 AND created_at < $3 GROUP BY station_id, township_code "
    "ORDER BY 1, 2";
constexpr const char* k_listings_active =
    "SELECT station_id, township_code, COUNT(*) FROM listing "
    "WHERE county_code = $1 AND status IN ('listed', 'reserved') GROUP BY station_id, township_code ORDER BY "
    "1, 2";
constexpr const char* k_parcels =
    "SELECT station_id, township_code, direction, SUM(parcels) FROM pickup "
    "WHERE county_code = $1 AND status = 'picked_up' AND picked_up_at >= $2 AND picked_up_at < $3 "
    "GROUP BY station_id, township_code, direction ORDER BY 1, 2, 3";
constexpr const char* k_due =
    "SELECT station_id, township_code, COUNT(*), "
    "COUNT(*) FILTER (WHERE status = 'picked_up' AND picked_up_at IS NOT NULL AND picked_up_at <= due_at) "
    "FROM pickup WHERE county_code = $1 AND due_at >= $2 AND due_at < $3 AND status <> 'cancelled' "
    "GROUP BY station_id, township_code ORDER BY 1, 2";
constexpr const char* k_requested =
    "SELECT station_id, township_code, COUNT(*), COUNT(*) FILTER (WHERE status = 'failed') FROM pickup "
    "WHERE county_code = $1 AND requested_at >= $2 AND requested_at < $3 AND status <> 'cancelled' "
    "GROUP BY station_id, township_code ORDER BY 1, 2";
// Shanghai days (UTC+8, no DST): see store/kpi_reads.cpp.
constexpr const char* k_sync_days =
    "SELECT s.station_id, (s.ended_at + 28800) / 86400 AS d, "
    "MIN((s.ended_at + 28800) % 86400), MAX((s.ended_at + 28800) % 86400) "
    "FROM sync_session s JOIN station st ON st.id = s.station_id "
    "WHERE st.county_code = $1 AND s.ok = 1 AND s.ended_at >= $2 AND s.ended_at < $3 "
    "GROUP BY s.station_id, d ORDER BY 1, 2";
constexpr const char* k_last_sync =
    "SELECT st.id, (SELECT MAX(s.ended_at) FROM sync_session s WHERE s.station_id = st.id AND s.ok = 1) "
    "FROM station st WHERE st.county_code = $1 ORDER BY 1";
constexpr const char* k_county_sales =
    "SELECT township_code, category, COUNT(*), COALESCE(SUM(sold_amount_fen), 0) FROM listing "
    "WHERE county_code = $1 AND status = 'sold' AND sold_at >= $2 AND sold_at < $3 "
    "GROUP BY township_code, category ORDER BY 1, 2";

using row_fn = std::function<void(const rows&, int)>;

status each(connection& c, const char* sql, const params& p, const row_fn& fn) {
  auto r = c.run(sql, p);
  if (!r) return std::move(r).err();
  for (int i = 0; i < r->size(); ++i) fn(*r, i);
  return ok_status();
}

// Appends grouped counts: station, township, [key,] count[, value].
row_fn counts_into(std::vector<kpi_count>& out, bool keyed, bool valued) {
  return [&out, keyed, valued](const rows& r, int i) {
    kpi_count k;
    k.station_id = r.text(i, 0);
    k.township_code = r.text(i, 1);
    int col = 2;
    if (keyed) k.key = r.text(i, col++);
    k.count = r.int64(i, col++);
    if (valued) k.value = r.int64(i, col);
    out.push_back(std::move(k));
  };
}

status read_registry(connection& c, const std::string& county, kpi_rows& r) {
  if (auto s = each(c, k_townships, {county},
                    [&](const rows& x, int i) { r.townships.emplace_back(x.text(i, 0), x.text(i, 1)); });
      !s) {
    return s;
  }
  return each(c, k_villages, {county}, [&](const rows& x, int i) {
    r.villages.push_back(village_row{x.text(i, 0), x.text(i, 1), x.text(i, 2), county});
  });
}

status read_places(connection& c, const std::string& county, kpi_rows& r) {
  auto s = each(c, k_stations, {county}, [&](const rows& x, int i) {
    r.stations.push_back(kpi_station{x.text(i, 0), x.text(i, 1), x.text(i, 2), x.text(i, 3), x.text(i, 4),
                                     x.int64(i, 5), x.text(i, 6), x.text(i, 7), x.text(i, 8)});
  });
  if (!s) return s;
  std::unordered_map<std::string, std::size_t> index;
  s = each(c, k_points, {county}, [&](const rows& x, int i) {
    index.emplace(x.text(i, 0), r.points.size());
    r.points.push_back(kpi_point{x.text(i, 0),
                                 x.text(i, 1),
                                 x.text(i, 2),
                                 static_cast<int>(x.int64(i, 3)),
                                 x.text(i, 4),
                                 x.text(i, 5),
                                 {},
                                 {}});
  });
  if (!s) return s;
  const auto child = [&](bool served) {
    return [&, served](const rows& x, int i) {
      auto it = index.find(x.text(i, 0));
      if (it != index.end())
        (served ? r.points[it->second].served : r.points[it->second].brands).push_back(x.text(i, 1));
    };
  };
  if (s = each(c, k_point_villages, {county}, child(true)); !s) return s;
  return each(c, k_point_brands, {county}, child(false));
}

status read_activity(connection& c, const kpi_query& q, kpi_rows& r) {
  const params period{q.county_code, q.period.begin_s, q.period.end_s};
  const struct {
    const char* sql;
    std::vector<kpi_count>* out;
    bool keyed, valued, in_period;
  } reads[] = {
      {k_sales, &r.sales, true, true, true},
      {k_listings_new, &r.listings_new, false, false, true},
      {k_listings_active, &r.listings_active, false, false, false},
      {k_parcels, &r.parcels, true, false, true},
      {k_due, &r.due, false, true, true},
      {k_requested, &r.requested, false, true, true},
  };
  for (const auto& rd : reads) {
    if (auto s = each(c, rd.sql, rd.in_period ? period : params{q.county_code},
                      counts_into(*rd.out, rd.keyed, rd.valued));
        !s) {
      return s;
    }
  }
  auto s = each(c, k_sync_days, {q.county_code, q.syncs.begin_s, q.syncs.end_s}, [&](const rows& x, int i) {
    r.sync_days.push_back(kpi_sync_day{x.text(i, 0), x.int64(i, 1), x.int64(i, 2), x.int64(i, 3)});
  });
  if (!s) return s;
  return each(c, k_last_sync, {q.county_code}, [&](const rows& x, int i) {
    if (!x.is_null(i, 1)) r.last_sync.emplace_back(x.text(i, 0), x.int64(i, 1));
  });
}

status read_growth(connection& c, const kpi_query& q, kpi_rows& r) {
  for (auto [span, to] :
       {std::pair{&q.previous, &r.previous_sales}, std::pair{&q.year_earlier, &r.year_earlier_sales}}) {
    if (!*span) continue;
    std::vector<kpi_sales> out;
    auto s =
        each(c, k_county_sales, {q.county_code, (*span)->begin_s, (*span)->end_s}, [&](const rows& x, int i) {
          out.push_back(kpi_sales{x.text(i, 0), x.text(i, 1), x.int64(i, 2), x.int64(i, 3)});
        });
    if (!s) return s;
    *to = std::move(out);
  }
  return ok_status();
}

status read_villager(connection& c, const kpi_query& q, kpi_rows& r) {
  if (!q.villager) return ok_status();
  auto v = villager_reads::read(run_over(c), q);
  if (!v) return std::move(v).err();
  r.villager = std::move(*v);
  return ok_status();
}

}  // namespace

result<kpi_rows> read_kpi_inputs(connection& c, const kpi_query& q) {
  transaction t(c, transaction::isolation::snapshot);
  if (!t.begun()) return t.begun().err();
  kpi_rows r;
  r.county_code = q.county_code;
  status s = read_registry(c, q.county_code, r);
  if (s && !r.villages.empty()) {  // an unknown county: the engine says so
    s = read_places(c, q.county_code, r);
    if (s) s = read_activity(c, q, r);
    if (s) s = read_growth(c, q, r);
    if (s) s = read_villager(c, q, r);
  }
  if (s) s = t.commit();
  if (!s) return std::move(s).err();
  return r;
}

}  // namespace cunzhan::hub::pg
