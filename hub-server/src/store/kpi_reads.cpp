// The KPI queries: registry, stations, courier points and period activity, each
// aggregated in SQL (GROUP BY station, township) so a year of history is a few scans;
// plus the target and rollup tables.
#include "store/kpi_reads.hpp"

#include <unordered_map>
#include <variant>

#include <boost/json.hpp>

#include "store/each_row.hpp"
#include "store/op_log.hpp"
#include "store/ref_feed.hpp"
#include "store/registry.hpp"
#include "store/villager_reads.hpp"

namespace cunzhan::hub {
namespace {

constexpr const char* k_townships =
    "SELECT code, name FROM division_township WHERE county_code = ? ORDER BY code";
constexpr const char* k_villages =
    "SELECT code, name, township_code FROM division_village WHERE county_code = ? ORDER BY code";
constexpr const char* k_stations =
    "SELECT id, name, kind, village_code, township_code, enrolled_at, opened_on, "
    "closed_on, " CUNZHAN_SQL_STATION_VERSION
    " FROM station st WHERE county_code = ? ORDER BY township_code, village_code, name";
constexpr const char* k_points =
    "SELECT id, kind, village_code, days_per_week, opened_on, closed_on FROM courier_point WHERE county_code "
    "= ?";
constexpr const char* k_point_villages =
    "SELECT pv.point_id, pv.village_code FROM courier_point_village pv "
    "JOIN courier_point p ON p.id = pv.point_id WHERE p.county_code = ?";
constexpr const char* k_point_brands =
    "SELECT pb.point_id, pb.brand FROM courier_point_brand pb "
    "JOIN courier_point p ON p.id = pb.point_id WHERE p.county_code = ?";

constexpr const char* k_sales =
    "SELECT station_id, township_code, category, COUNT(*), SUM(sold_amount_fen) FROM listing "
    "WHERE county_code = ? AND status = 'sold' AND sold_at >= ? AND sold_at < ? "
    "GROUP BY station_id, township_code, category";
constexpr const char* k_listings_new =
    "SELECT station_id, township_code, COUNT(*) FROM listing "
    "WHERE county_code = ? AND created_at >= ? AND created_at < ? GROUP BY station_id, township_code";
// INDEXED BY: on a one-county hub ANALYZE makes county_code look unselective and the
// planner scans listing_station to skip the GROUP BY sort — a full table scan (0.7 s at 1M
// ops). The covering index (kpi_schema.hpp) answers from a short range.
constexpr const char* k_listings_active =
    "SELECT station_id, township_code, COUNT(*) FROM listing INDEXED BY listing_county_active "
    "WHERE county_code = ? AND status IN ('listed', 'reserved') GROUP BY station_id, township_code";
constexpr const char* k_parcels =
    "SELECT station_id, township_code, direction, SUM(parcels) FROM pickup "
    "WHERE county_code = ? AND status = 'picked_up' AND picked_up_at >= ? AND picked_up_at < ? "
    "GROUP BY station_id, township_code, direction";
constexpr const char* k_due =
    "SELECT station_id, township_code, COUNT(*), "
    "SUM(status = 'picked_up' AND picked_up_at IS NOT NULL AND picked_up_at <= due_at) FROM pickup "
    "WHERE county_code = ? AND due_at >= ? AND due_at < ? AND status <> 'cancelled' "
    "GROUP BY station_id, township_code";
constexpr const char* k_requested =
    "SELECT station_id, township_code, COUNT(*), SUM(status = 'failed') FROM pickup "
    "WHERE county_code = ? AND requested_at >= ? AND requested_at < ? AND status <> 'cancelled' "
    "GROUP BY station_id, township_code";
// One row per station and Shanghai day with a successful sync: the earliest and latest
// end that day, in seconds into the day (the engine applies the evening and deadline hours).
constexpr const char* k_sync_days =
    "SELECT s.station_id, (s.ended_at + 28800) / 86400 AS d, "
    "MIN((s.ended_at + 28800) % 86400), MAX((s.ended_at + 28800) % 86400) "
    "FROM sync_session s JOIN station st ON st.id = s.station_id "
    "WHERE st.county_code = ? AND s.ok = 1 AND s.ended_at >= ? AND s.ended_at < ? "
    "GROUP BY s.station_id, d";
constexpr const char* k_last_sync =
    "SELECT st.id, (SELECT MAX(s.ended_at) FROM sync_session s WHERE s.station_id = st.id AND s.ok = 1) "
    "FROM station st WHERE st.county_code = ?";
constexpr const char* k_county_sales =
    "SELECT township_code, category, COUNT(*), COALESCE(SUM(sold_amount_fen), 0) FROM listing "
    "WHERE county_code = ? AND status = 'sold' AND sold_at >= ? AND sold_at < ? GROUP BY township_code, "
    "category";

constexpr const char* k_select_targets = "SELECT kpi, target FROM kpi_target WHERE county_code = ?";
constexpr const char* k_upsert_target =
    "INSERT INTO kpi_target (county_code, kpi, target, updated_at) VALUES (?, ?, ?, ?) "
    "ON CONFLICT (county_code, kpi) DO UPDATE SET target = excluded.target, updated_at = excluded.updated_at";
constexpr const char* k_delete_day = "DELETE FROM kpi_rollup WHERE county_code = ? AND day = ?";
constexpr const char* k_insert_rollup =
    "INSERT INTO kpi_rollup (county_code, day, kpi, numerator, denominator) VALUES (?, ?, ?, ?, ?)";
constexpr const char* k_counties = "SELECT DISTINCT county_code FROM division_village ORDER BY county_code";
constexpr const char* k_rollup_rows =
    "SELECT day, kpi, numerator, denominator FROM kpi_rollup "
    "WHERE county_code = ? AND day >= ? AND day <= ? ORDER BY day";

constexpr std::int64_t k_mmap_limit = std::int64_t{1} << 30;  // a county's hub.db after years

std::string opt_text(sql::statement& q, int i) {
  return q.column_is_null(i) ? std::string() : q.column_text(i);
}

// A grouped count: station, township, [key,] count[, value].
kpi_count count_row(sql::statement& q, bool keyed, bool valued) {
  kpi_count c;
  c.station_id = q.column_text(0);
  c.township_code = q.column_text(1);
  int i = 2;
  if (keyed) c.key = q.column_text(i++);
  c.count = q.column_int(i++);
  if (valued) c.value = q.column_int(i);
  return c;
}

}  // namespace

result<kpi_rows> kpi_tables::inputs(const kpi_query& q) {
  // A report reads tens of MB of index and table pages; memory-mapping them saves a
  // pread() syscall per page (kpi_bench at 1M ops: 220 ms → 78 ms). Per connection.
  if (auto s = db_.map_into_memory(k_mmap_limit); !s) return std::move(s).err();
  kpi_rows r;
  r.county_code = q.county_code;
  const auto county = [&](sql::statement& st) { st.bind(1, q.county_code); };
  auto s = each_row(db_, k_townships, county, [&](sql::statement& st) {
    r.townships.emplace_back(st.column_text(0), st.column_text(1));
  });
  if (!s) return std::move(s).err();
  s = each_row(db_, k_villages, county, [&](sql::statement& st) {
    r.villages.push_back(village_row{st.column_text(0), st.column_text(1), st.column_text(2), q.county_code});
  });
  if (!s) return std::move(s).err();
  if (r.villages.empty()) return r;  // unknown county: the engine says so
  s = each_row(db_, k_stations, county, [&](sql::statement& st) {
    r.stations.push_back(kpi_station{st.column_text(0), st.column_text(1), st.column_text(2),
                                     st.column_text(3), st.column_text(4), st.column_int(5), opt_text(st, 6),
                                     opt_text(st, 7), opt_text(st, 8)});
  });
  if (!s) return std::move(s).err();
  std::unordered_map<std::string, std::size_t> index;
  s = each_row(db_, k_points, county, [&](sql::statement& st) {
    kpi_point p;
    p.id = st.column_text(0);
    p.kind = st.column_text(1);
    p.village_code = st.column_text(2);
    p.days_per_week = static_cast<int>(st.column_int(3));
    p.opened_on = opt_text(st, 4);
    p.closed_on = opt_text(st, 5);
    index.emplace(p.id, r.points.size());
    r.points.push_back(std::move(p));
  });
  if (!s) return std::move(s).err();
  for (const char* sql : {k_point_villages, k_point_brands}) {
    const bool villages = sql == k_point_villages;
    s = each_row(db_, sql, county, [&](sql::statement& st) {
      auto it = index.find(st.column_text(0));
      if (it == index.end()) return;
      (villages ? r.points[it->second].served : r.points[it->second].brands).push_back(st.column_text(1));
    });
    if (!s) return std::move(s).err();
  }
  if (s = activity(q, r); !s) return std::move(s).err();
  for (auto [span, to] :
       {std::pair{&q.previous, &r.previous_sales}, std::pair{&q.year_earlier, &r.year_earlier_sales}}) {
    if (!*span) continue;
    auto rows = sales(q.county_code, **span);
    if (!rows) return std::move(rows).err();
    *to = std::move(*rows);
  }
  if (q.villager) {
    auto v = villager_reads::read(sql_run::run_over(db_), q);
    if (!v) return std::move(v).err();
    r.villager = std::move(*v);
  }
  return r;
}

status kpi_tables::activity(const kpi_query& q, kpi_rows& out) {
  const auto in_period = [&](sql::statement& st) {
    st.bind(1, q.county_code).bind(2, q.period.begin_s).bind(3, q.period.end_s);
  };
  const auto into = [](std::vector<kpi_count>& v, bool keyed, bool valued) {
    return [&v, keyed, valued](sql::statement& st) { v.push_back(count_row(st, keyed, valued)); };
  };
  auto s = each_row(db_, k_sales, in_period, into(out.sales, true, true));
  if (!s) return s;
  s = each_row(db_, k_listings_new, in_period, into(out.listings_new, false, false));
  if (!s) return s;
  s = each_row(
      db_, k_listings_active, [&](sql::statement& st) { st.bind(1, q.county_code); },
      into(out.listings_active, false, false));
  if (!s) return s;
  s = each_row(db_, k_parcels, in_period, into(out.parcels, true, false));
  if (!s) return s;
  s = each_row(db_, k_due, in_period, into(out.due, false, true));
  if (!s) return s;
  s = each_row(db_, k_requested, in_period, into(out.requested, false, true));
  if (!s) return s;
  s = each_row(
      db_, k_sync_days,
      [&](sql::statement& st) { st.bind(1, q.county_code).bind(2, q.syncs.begin_s).bind(3, q.syncs.end_s); },
      [&](sql::statement& st) {
        out.sync_days.push_back(
            kpi_sync_day{st.column_text(0), st.column_int(1), st.column_int(2), st.column_int(3)});
      });
  if (!s) return s;
  return each_row(
      db_, k_last_sync, [&](sql::statement& st) { st.bind(1, q.county_code); },
      [&](sql::statement& st) {
        if (!st.column_is_null(1)) out.last_sync.emplace_back(st.column_text(0), st.column_int(1));
      });
}

result<std::vector<kpi_sales>> kpi_tables::sales(const std::string& county_code, const time_span& span) {
  std::vector<kpi_sales> out;
  auto s = each_row(
      db_, k_county_sales,
      [&](sql::statement& q) { q.bind(1, county_code).bind(2, span.begin_s).bind(3, span.end_s); },
      [&](sql::statement& q) {
        out.push_back(kpi_sales{q.column_text(0), q.column_text(1), q.column_int(2), q.column_int(3)});
      });
  if (!s) return std::move(s).err();
  return out;
}

result<std::vector<std::pair<std::string, double>>> kpi_tables::target_overrides(
    const std::string& county_code) {
  std::vector<std::pair<std::string, double>> out;
  auto s = each_row(
      db_, k_select_targets, [&](sql::statement& q) { q.bind(1, county_code); },
      [&](sql::statement& q) { out.emplace_back(q.column_text(0), q.column_double(1)); });
  if (!s) return std::move(s).err();
  return out;
}

result<std::vector<rollup_row>> kpi_tables::rollups(const std::string& county_code, const std::string& first,
                                                    const std::string& last) {
  std::vector<rollup_row> out;
  auto s = each_row(
      db_, k_rollup_rows, [&](sql::statement& q) { q.bind(1, county_code).bind(2, first).bind(3, last); },
      [&](sql::statement& q) {
        out.push_back(rollup_row{q.column_text(0), q.column_text(1), q.column_int(2), q.column_int(3)});
      });
  if (!s) return std::move(s).err();
  return out;
}

result<std::vector<std::string>> kpi_tables::registry_counties() {
  std::vector<std::string> out;
  auto s = each_row(
      db_, k_counties, [](sql::statement&) {}, [&](sql::statement& q) { out.push_back(q.column_text(0)); });
  if (!s) return std::move(s).err();
  return out;
}

status kpi_tables::set_target(const std::string& county_code, const std::string& kpi, double value,
                              std::int64_t now_s) {
  auto st = db_.prepare_cached(k_upsert_target);
  if (!st) return std::move(st).err();
  if (auto s = (*st)->bind(1, county_code).bind(2, kpi).bind(3, value).bind(4, now_s).run(); !s) return s;
  // Stations pull their county's targets to show progress offline.
  return registry(db_).append_change(county_code, "target", kpi, ref_feed::target(kpi, value));
}

status kpi_tables::replace_rollup(const std::string& county_code, const std::string& day,
                                  const std::vector<rollup_row>& rows) {
  auto del = db_.prepare_cached(k_delete_day);
  if (!del) return std::move(del).err();
  if (auto s = (*del)->bind(1, county_code).bind(2, day).run(); !s) return s;
  for (const auto& r : rows) {
    auto ins = db_.prepare_cached(k_insert_rollup);
    if (!ins) return std::move(ins).err();
    if (auto s = (*ins)
                     ->bind(1, county_code)
                     .bind(2, day)
                     .bind(3, r.kpi)
                     .bind(4, r.numerator)
                     .bind(5, r.denominator)
                     .run();
        !s) {
      return s;
    }
  }
  return ok_status();
}

}  // namespace cunzhan::hub
