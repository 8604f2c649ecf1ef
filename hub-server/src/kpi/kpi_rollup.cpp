// Storing daily rollups and reading them back as a monthly trend.
#include "cunzhan/hub/kpi_rollup.hpp"

#include <map>
#include <set>

#include "kpi/kpi_data.hpp"

namespace cunzhan::hub::kpi {
namespace {

constexpr const char* kDeleteDay = "DELETE FROM kpi_rollup WHERE county_code = ? AND day = ?";
constexpr const char* kInsert =
    "INSERT INTO kpi_rollup (county_code, day, kpi, numerator, denominator) VALUES (?, ?, ?, ?, ?)";
constexpr const char* kCounties = "SELECT DISTINCT county_code FROM division_village ORDER BY county_code";
constexpr const char* kMonthRows =
    "SELECT day, kpi, numerator, denominator FROM kpi_rollup "
    "WHERE county_code = ? AND day >= ? AND day <= ? ORDER BY day";

// State KPIs: a month shows its last stored day. Flow KPIs: a month sums its days.
bool is_state(const std::string& kpi) { return kpi == "station_coverage" || kpi == "village_courier_coverage"; }

}  // namespace

result<std::vector<std::string>> registry_counties(sql::database& db) {
  std::vector<std::string> out;
  auto s = detail::each_row(db, kCounties, [](sql::statement&) {},
                            [&](sql::statement& q) { out.push_back(q.column_text(0)); });
  if (!s) return std::move(s).err();
  return out;
}

status store_rollup(sql::database& db, const std::string& county_code, date d, int deadline_hour) {
  period p;
  p.kind = period_kind::range;
  p.start = p.end = d;
  p.label = format_date(d);
  options o;
  o.deadline_hour = deadline_hour;
  o.with_growth = false;
  // The day's on-time figure needs the next morning; the nightly job runs after it.
  o.today = d;
  auto r = compute(db, county_code, p, o);
  if (!r) return std::move(r).err();
  const std::vector<std::pair<std::string, figure>> rows{
      {"station_coverage", r->cov.station},
      {"village_courier_coverage", r->cov.courier},
      {"township_courier_coverage", r->township_courier},
      {"four_brand_share", r->cov.four_brands},
      {"delivery_3_days", r->cov.freq3},
      {"delivery_5_days", r->cov.freq5},
      {"fixed_point_rate", r->cov.fixed_point},
      {"online_rate", r->act.online},
      {"on_time_rate", r->act.on_time},
      {"pickup_timeliness", r->act.timeliness},
      {"pickup_failure_rate", r->act.failure},
      {"sales", {r->act.sales_fen, r->act.sales_count}},  // amount in fen over number sold
      {"parcels", {r->act.parcels_out + r->act.parcels_in, 0}},
  };
  sql::transaction t(db);
  if (!t.begun()) return t.begun();
  const std::string day = format_date(d);
  auto del = db.prepare_cached(kDeleteDay);
  if (!del) return std::move(del).err();
  if (auto s = (*del)->bind(1, county_code).bind(2, day).run(); !s) return s;
  for (const auto& [kpi, f] : rows) {
    auto ins = db.prepare_cached(kInsert);
    if (!ins) return std::move(ins).err();
    if (auto s = (*ins)->bind(1, county_code).bind(2, day).bind(3, kpi).bind(4, f.numerator).bind(5, f.denominator).run();
        !s) {
      return s;
    }
  }
  return t.commit();
}

result<std::vector<trend_point>> monthly_trend(sql::database& db, const std::string& county_code, date last,
                                               int months, int deadline_hour, date today_day,
                                               const county_report* known) {
  std::vector<trend_point> out;
  int y = static_cast<int>(last.year());
  int m = static_cast<int>(static_cast<unsigned>(last.month())) - months + 1;
  while (m <= 0) {
    m += 12;
    --y;
  }
  const std::int64_t today = day_number(today_day);
  for (int i = 0; i < months; ++i) {
    const period p = month_period(y, static_cast<unsigned>(m));
    trend_point t;
    t.month = p.label;
    std::map<std::string, figure> state;
    std::set<std::string> days;
    trend_point sum;
    auto s = detail::each_row(
        db, kMonthRows,
        [&](sql::statement& q) { q.bind(1, county_code).bind(2, format_date(p.start)).bind(3, format_date(p.end)); },
        [&](sql::statement& q) {
          days.insert(q.column_text(0));
          const auto kpi = q.column_text(1);
          const figure f{q.column_int(2), q.column_int(3)};
          if (is_state(kpi)) {
            state[kpi] = f;  // rows come by day, so the last one wins
          } else if (kpi == "online_rate") {
            sum.online += f;
          } else if (kpi == "sales") {
            sum.sales_fen += f.numerator;
            sum.sales_count += f.denominator;
          } else if (kpi == "parcels") {
            sum.parcels += f.numerator;
          }
        });
    if (!s) return std::move(s).err();
    // Rollups stand for a month only when it is over and every one of its days was rolled
    // up; a month in progress or with a missed night is computed live, so the trend's
    // point always equals the report for that month.
    const bool complete = day_number(p.end) < today && static_cast<int>(days.size()) == p.days();
    if (complete) {
      sum.month = t.month;
      t = std::move(sum);
      t.from_rollups = true;
      t.station_coverage = state["station_coverage"];
      t.courier_coverage = state["village_courier_coverage"];
    } else if (day_number(p.start) <= today) {
      options o;
      o.deadline_hour = deadline_hour;
      o.with_growth = false;
      o.today = today_day;
      const bool reuse = known != nullptr && known->per.kind == period_kind::month && known->per.label == p.label;
      auto r = reuse ? result<county_report>(*known) : compute(db, county_code, p, o);
      if (!r) return std::move(r).err();
      t.station_coverage = r->cov.station;
      t.courier_coverage = r->cov.courier;
      t.online = r->act.online;
      t.sales_count = r->act.sales_count;
      t.sales_fen = r->act.sales_fen;
      t.parcels = r->act.parcels_out + r->act.parcels_in;
    }
    out.push_back(std::move(t));
    if (++m > 12) {
      m = 1;
      ++y;
    }
  }
  return out;
}

}  // namespace cunzhan::hub::kpi
