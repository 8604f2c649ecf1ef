// Daily rollup rows of a report, and the monthly trend read back from them.
#include "cunzhan/hub/kpi_rollup.hpp"

#include <map>
#include <set>

namespace cunzhan::hub::kpi {
namespace {

// State KPIs: a month shows its last stored day. Flow KPIs: a month sums its days.
bool is_state(const std::string& kpi) {
  return kpi == "station_coverage" || kpi == "village_courier_coverage";
}

}  // namespace

period rollup_period(date d) {
  period p;
  p.kind = period_kind::range;
  p.start = p.end = d;
  p.label = format_date(d);
  return p;
}

options rollup_options(date d, int deadline_hour) {
  options o;
  o.deadline_hour = deadline_hour;
  o.with_growth = false;
  o.with_services = false;  // not among the rolled-up figures
  o.today = d;
  return o;
}

std::vector<rollup_row> rollup_rows(const county_report& r) {
  const std::string day = format_date(r.per.end);
  const std::vector<std::pair<std::string, figure>> figures{
      {"station_coverage", r.cov.station},
      {"village_courier_coverage", r.cov.courier},
      {"township_courier_coverage", r.township_courier},
      {"four_brand_share", r.cov.four_brands},
      {"delivery_3_days", r.cov.freq3},
      {"delivery_5_days", r.cov.freq5},
      {"fixed_point_rate", r.cov.fixed_point},
      {"online_rate", r.act.online},
      {"on_time_rate", r.act.on_time},
      {"pickup_timeliness", r.act.timeliness},
      {"pickup_failure_rate", r.act.failure},
      {"sales", {r.act.sales_fen, r.act.sales_count}},  // amount in fen over number sold
      {"parcels", {r.act.parcels_out + r.act.parcels_in, 0}},
  };
  std::vector<rollup_row> out;
  for (const auto& [kpi, f] : figures) out.push_back(rollup_row{day, kpi, f.numerator, f.denominator});
  return out;
}

std::vector<period> trend_months(date last, int months) {
  std::vector<period> out;
  int y = static_cast<int>(last.year());
  int m = static_cast<int>(static_cast<unsigned>(last.month())) - months + 1;
  while (m <= 0) {
    m += 12;
    --y;
  }
  for (int i = 0; i < months; ++i) {
    out.push_back(month_period(y, static_cast<unsigned>(m)));
    if (++m > 12) {
      m = 1;
      ++y;
    }
  }
  return out;
}

result<std::vector<trend_point>> monthly_trend(const std::vector<rollup_row>& rollups, date last, int months,
                                               date today_day, const month_report& live) {
  std::vector<trend_point> out;
  const std::int64_t today = day_number(today_day);
  auto row = rollups.begin();
  for (const auto& p : trend_months(last, months)) {
    trend_point t;
    t.month = p.label;
    std::map<std::string, figure> state;
    std::set<std::string> days;
    trend_point sum;
    const std::string first = format_date(p.start), end = format_date(p.end);
    while (row != rollups.end() && row->day < first) ++row;
    for (; row != rollups.end() && row->day <= end; ++row) {
      days.insert(row->day);
      const figure f{row->numerator, row->denominator};
      if (is_state(row->kpi)) {
        state[row->kpi] = f;  // rows come by day, so the last one wins
      } else if (row->kpi == "online_rate") {
        sum.online += f;
      } else if (row->kpi == "sales") {
        sum.sales_fen += f.numerator;
        sum.sales_count += f.denominator;
      } else if (row->kpi == "parcels") {
        sum.parcels += f.numerator;
      }
    }
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
      auto r = live(p);
      if (!r) return std::move(r).err();
      t.station_coverage = r->cov.station;
      t.courier_coverage = r->cov.courier;
      t.online = r->act.online;
      t.sales_count = r->act.sales_count;
      t.sales_fen = r->act.sales_fen;
      t.parcels = r->act.parcels_out + r->act.parcels_in;
    }
    out.push_back(std::move(t));
  }
  return out;
}

}  // namespace cunzhan::hub::kpi
