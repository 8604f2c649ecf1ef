// The KPI engine's queries: registry, stations, courier points and period activity, each
// aggregated in SQL (GROUP BY station, township) so a year of history is a few scans.
#include "kpi/kpi_data.hpp"

#include <algorithm>
#include <unordered_set>

#include "cunzhan/hub/op_log.hpp"
#include "cunzhan/shared/division_code.hpp"

namespace cunzhan::hub::kpi::detail {
namespace {

constexpr const char* kTownships = "SELECT code, name FROM division_township WHERE county_code = ? ORDER BY code";
constexpr const char* kVillages =
    "SELECT code, name, township_code FROM division_village WHERE county_code = ? ORDER BY code";
constexpr const char* kStations =
    "SELECT id, name, kind, village_code, township_code, enrolled_at, opened_on, closed_on, "
    CUNZHAN_SQL_STATION_VERSION " FROM station st WHERE county_code = ? ORDER BY township_code, village_code, name";
constexpr const char* kPoints =
    "SELECT id, kind, village_code, days_per_week, opened_on, closed_on FROM courier_point WHERE county_code = ?";
constexpr const char* kPointVillages =
    "SELECT pv.point_id, pv.village_code FROM courier_point_village pv "
    "JOIN courier_point p ON p.id = pv.point_id WHERE p.county_code = ?";
constexpr const char* kPointBrands =
    "SELECT pb.point_id, pb.brand FROM courier_point_brand pb "
    "JOIN courier_point p ON p.id = pb.point_id WHERE p.county_code = ?";

constexpr const char* kSales =
    "SELECT station_id, township_code, category, COUNT(*), SUM(sold_amount_fen) FROM listing "
    "WHERE county_code = ? AND status = 'sold' AND sold_at >= ? AND sold_at < ? "
    "GROUP BY station_id, township_code, category";
constexpr const char* kListingsNew =
    "SELECT station_id, township_code, COUNT(*) FROM listing "
    "WHERE county_code = ? AND created_at >= ? AND created_at < ? GROUP BY station_id, township_code";
// INDEXED BY: on a one-county hub ANALYZE makes county_code look unselective and the
// planner scans listing_station to skip the GROUP BY sort — a full table scan (0.7 s at 1M
// ops). The covering index (kpi_schema.hpp) answers from a short range.
constexpr const char* kListingsActive =
    "SELECT station_id, township_code, COUNT(*) FROM listing INDEXED BY listing_county_active "
    "WHERE county_code = ? AND status IN ('listed', 'reserved') GROUP BY station_id, township_code";
constexpr const char* kParcels =
    "SELECT station_id, township_code, direction, SUM(parcels) FROM pickup "
    "WHERE county_code = ? AND status = 'picked_up' AND picked_up_at >= ? AND picked_up_at < ? "
    "GROUP BY station_id, township_code, direction";
constexpr const char* kDue =
    "SELECT station_id, township_code, COUNT(*), "
    "SUM(status = 'picked_up' AND picked_up_at IS NOT NULL AND picked_up_at <= due_at) FROM pickup "
    "WHERE county_code = ? AND due_at >= ? AND due_at < ? AND status <> 'cancelled' "
    "GROUP BY station_id, township_code";
constexpr const char* kRequested =
    "SELECT station_id, township_code, COUNT(*), SUM(status = 'failed') FROM pickup "
    "WHERE county_code = ? AND requested_at >= ? AND requested_at < ? AND status <> 'cancelled' "
    "GROUP BY station_id, township_code";
// One row per station and Shanghai day with a successful sync: whether one finished that
// day at all, after the evening hour, or by the morning deadline (for the day before).
constexpr const char* kSyncDays =
    "SELECT s.station_id, (s.ended_at + 28800) / 86400 AS d, "
    "MAX((s.ended_at + 28800) % 86400 > ?) AS evening, MAX((s.ended_at + 28800) % 86400 <= ?) AS morning "
    "FROM sync_session s JOIN station st ON st.id = s.station_id "
    "WHERE st.county_code = ? AND s.ok = 1 AND s.ended_at >= ? AND s.ended_at < ? "
    "GROUP BY s.station_id, d";
constexpr const char* kLastSync =
    "SELECT st.id, (SELECT MAX(s.ended_at) FROM sync_session s WHERE s.station_id = st.id AND s.ok = 1) "
    "FROM station st WHERE st.county_code = ?";

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

}  // namespace

result<registry_data> load_registry(sql::database& db, const std::string& county) {
  registry_data r;
  auto s = each_row(db, kTownships, [&](sql::statement& q) { q.bind(1, county); },
                    [&](sql::statement& q) { r.townships.emplace_back(q.column_text(0), q.column_text(1)); });
  if (!s) return std::move(s).err();
  s = each_row(db, kVillages, [&](sql::statement& q) { q.bind(1, county); }, [&](sql::statement& q) {
    reg_village v{q.column_text(0), q.column_text(1), q.column_text(2), false};
    v.administrative = is_administrative_village_code(v.code);
    r.villages.push_back(std::move(v));
  });
  if (!s) return std::move(s).err();
  return r;
}

result<std::vector<station_info>> load_stations(sql::database& db, const std::string& county) {
  std::vector<station_info> out;
  auto s = each_row(db, kStations, [&](sql::statement& q) { q.bind(1, county); }, [&](sql::statement& q) {
    station_info st;
    st.id = q.column_text(0);
    st.name = q.column_text(1);
    st.kind = q.column_text(2);
    st.village_code = q.column_text(3);
    st.township_code = q.column_text(4);
    st.opened_on = q.column_is_null(6) ? "" : q.column_text(6);
    if (!day_of(st.opened_on)) {
      // No opening date recorded: the station has operated since it was enrolled.
      st.opened_on = format_date(shanghai_day(sys_seconds(std::chrono::seconds(q.column_int(5)))));
    }
    st.open_day = *day_of(st.opened_on);
    st.closed_on = q.column_is_null(7) ? "" : q.column_text(7);
    st.close_day = day_of(st.closed_on);
    st.program_version = q.column_is_null(8) ? "" : q.column_text(8);
    out.push_back(std::move(st));
  });
  if (!s) return std::move(s).err();
  return out;
}

result<std::vector<point_info>> load_points(sql::database& db, const std::string& county) {
  std::vector<point_info> out;
  std::unordered_map<std::string, std::size_t> index;
  auto s = each_row(db, kPoints, [&](sql::statement& q) { q.bind(1, county); }, [&](sql::statement& q) {
    point_info p;
    p.id = q.column_text(0);
    p.kind = q.column_text(1);
    p.village_code = q.column_text(2);
    p.days_per_week = static_cast<int>(q.column_int(3));
    p.open_day = q.column_is_null(4) ? std::nullopt : day_of(q.column_text(4));
    p.close_day = q.column_is_null(5) ? std::nullopt : day_of(q.column_text(5));
    index.emplace(p.id, out.size());
    out.push_back(std::move(p));
  });
  if (!s) return std::move(s).err();
  for (const char* sql : {kPointVillages, kPointBrands}) {
    const bool villages = sql == kPointVillages;
    s = each_row(db, sql, [&](sql::statement& q) { q.bind(1, county); }, [&](sql::statement& q) {
      auto it = index.find(q.column_text(0));
      if (it == index.end()) return;
      (villages ? out[it->second].served : out[it->second].brands).push_back(q.column_text(1));
    });
    if (!s) return std::move(s).err();
  }
  return out;
}

status load_activity(sql::database& db, const std::string& county, const period& p, const options& o,
                     const std::vector<station_info>& stations, activity_data& out) {
  const auto in_period = [&](sql::statement& q) { q.bind(1, county).bind(2, p.begin_s()).bind(3, p.end_s()); };
  auto s = each_row(db, kSales, in_period, [&](sql::statement& q) {
    const auto n = q.column_int(3), fen = q.column_int(4);
    const auto cat = q.column_text(2);
    credit(out, q.column_text(0), q.column_text(1), [&](activity& a) {
      a.sales_count += n;
      a.sales_fen += fen;
      a.by_category[cat].count += n;
      a.by_category[cat].amount_fen += fen;
    });
  });
  if (!s) return s;
  s = each_row(db, kListingsNew, in_period, [&](sql::statement& q) {
    const auto n = q.column_int(2);
    credit(out, q.column_text(0), q.column_text(1), [&](activity& a) { a.listings_new += n; });
  });
  if (!s) return s;
  s = each_row(db, kListingsActive, [&](sql::statement& q) { q.bind(1, county); }, [&](sql::statement& q) {
    const auto n = q.column_int(2);
    credit(out, q.column_text(0), q.column_text(1), [&](activity& a) { a.listings_active += n; });
  });
  if (!s) return s;
  s = each_row(db, kParcels, in_period, [&](sql::statement& q) {
    const bool inbound = q.column_text(2) == "inbound";
    const auto n = q.column_int(3);
    credit(out, q.column_text(0), q.column_text(1), [&](activity& a) { (inbound ? a.parcels_in : a.parcels_out) += n; });
  });
  if (!s) return s;
  s = each_row(db, kDue, in_period, [&](sql::statement& q) {
    const figure f{q.column_int(3), q.column_int(2)};
    credit(out, q.column_text(0), q.column_text(1), [&](activity& a) { a.timeliness += f; });
  });
  if (!s) return s;
  s = each_row(db, kRequested, in_period, [&](sql::statement& q) {
    const figure f{q.column_int(3), q.column_int(2)};
    credit(out, q.column_text(0), q.column_text(1), [&](activity& a) { a.failure += f; });
  });
  if (!s) return s;

  // Online and on-time rates: station-days from the start to min(end, today); a day's
  // nightly report may arrive the next morning, so sessions up to end + 1 are read.
  const std::int64_t first = day_number(p.start);
  const std::int64_t last = std::min(day_number(p.end), day_number(o.today));
  struct day_flags {
    bool any = false, evening = false, morning = false;
  };
  std::unordered_map<std::string, std::unordered_map<std::int64_t, day_flags>> synced;
  s = each_row(
      db, kSyncDays,
      [&](sql::statement& q) {
        q.bind(1, std::int64_t{o.evening_hour} * 3600).bind(2, std::int64_t{o.deadline_hour} * 3600).bind(3, county);
        q.bind(4, p.begin_s()).bind(5, p.end_s() + 86400);
      },
      [&](sql::statement& q) {
        synced[q.column_text(0)][q.column_int(1)] = {true, q.column_int(2) != 0, q.column_int(3) != 0};
      });
  if (!s) return s;
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
      if ((today != it->second.end() && today->second.evening) || (next != it->second.end() && next->second.morning)) {
        ++on_time.numerator;
      }
    }
    credit(out, st.id, st.township_code, [&](activity& a) {
      a.online += online;
      a.on_time += on_time;
    });
  }
  return each_row(db, kLastSync, [&](sql::statement& q) { q.bind(1, county); }, [&](sql::statement& q) {
    if (!q.column_is_null(1)) out.last_sync[q.column_text(0)] = q.column_int(1);
  });
}

}  // namespace cunzhan::hub::kpi::detail
