// KPI definitions, default targets (hub-server/KPIS.md: Hebei 2017, Zhejiang 2020, Henan 2023 and
// national plans) and per-county overrides.
#include "cunzhan/hub/kpi_targets.hpp"

#include <cmath>

#include "cunzhan/hub/villager_kpi.hpp"

namespace cunzhan::hub::kpi {

std::string_view kind_name(kpi_kind k) { return k == kpi_kind::count ? "count" : "share"; }

const std::vector<kpi_def>& kpi_defs() {
  constexpr auto share = kpi_kind::share, count = kpi_kind::count;
  static const std::vector<kpi_def> defs{
      {"station_coverage", "行政村电商服务站覆盖率", "Village station coverage", 0.8, share},
      {"township_courier_coverage", "乡镇快递网点覆盖率", "Township courier coverage", 1.0, share},
      {"village_courier_coverage", "建制村快递服务覆盖率", "Village courier coverage", 0.95, share},
      {"four_brand_share", "4 个以上品牌进村比例", "Villages with ≥ 4 brands", std::nullopt, share},
      {"delivery_3_days", "每周 3 天以上进村比例", "Villages served ≥ 3 days/week", 1.0, share},
      {"delivery_5_days", "每周 5 天以上进村比例", "Villages served ≥ 5 days/week", 0.4, share},
      {"fixed_point_rate", "驻点率", "Fixed-point rate", 0.75, share},
      {"online_rate", "站点上线率", "Station online rate", 0.95, share},
      {"on_time_rate", "按时上报率", "On-time reporting rate", std::nullopt, share},
      {"pickup_timeliness", "揽收及时率", "Pickup timeliness", std::nullopt, share},
      {"people_served_rate", "三农服务覆盖人数比例", "Share of population served", 0.30, share},
      {"trained_station_rate", "信息员受训站点比例", "Stations with a trained officer", std::nullopt, share},
      // Counts a county plan sets ("300 trained officers", "100 e-commerce leaders"); no default.
      {"officers_trained_to_date", "在岗受训信息员（累计）", "Trained officers (to date)", std::nullopt,
       count},
      {"ecommerce_leaders", "农村电商带头人", "Rural e-commerce leaders", std::nullopt, count},
  };
  return defs;
}

const kpi_def* find_kpi(std::string_view key) {
  for (const auto& d : kpi_defs()) {
    if (d.key == key) return &d;
  }
  return nullptr;
}

int deadline_hour(const target_map& targets) {
  auto it = targets.find(std::string(k_deadline_hour_key));
  return it == targets.end() ? 6 : static_cast<int>(it->second);
}

target_map targets_with(const std::vector<std::pair<std::string, double>>& overrides) {
  target_map out;
  for (const auto& d : kpi_defs()) {
    if (d.default_target) out[std::string(d.key)] = *d.default_target;
  }
  for (const auto& [kpi, value] : overrides) out[kpi] = value;
  return out;
}

status check_target(const std::string& kpi, double value) {
  if (kpi == k_deadline_hour_key) {
    if (!(value >= 0.0 && value <= 17.0) || value != static_cast<double>(static_cast<int>(value))) {
      return error(errc::invalid_argument, "deadline_hour is a whole hour from 0 to 17 (e.g. 6 for 06:00)",
                   "deadline_hour 应为 0 到 17 的整点（如 6 表示次日 06:00）");
    }
    return ok_status();
  }
  const kpi_def* d = find_kpi(kpi);
  if (kpi == "officers_trained") {  // the likeliest slip: a plan's "300 trained officers"
    return error(errc::invalid_argument,
                 "officers_trained counts one period's trainees and takes no target; a plan's trained "
                 "officers is officers_trained_to_date (KPIS.md)",
                 "officers_trained 是统计期内的受训人数，不设目标；规划中的“受训信息员”请用 "
                 "officers_trained_to_date（见 KPIS.md）");
  }
  if (d == nullptr) {
    std::string names;
    for (const auto& x : kpi_defs()) names += (names.empty() ? "" : ", ") + std::string(x.key);
    names += ", " + std::string(k_deadline_hour_key);
    return error(errc::invalid_argument, "unknown KPI '" + kpi + "'; one of: " + names,
                 "未知指标 '" + kpi + "'，可选：" + names);
  }
  if (d->kind == kpi_kind::count) {
    if (!(value >= 0.0 && value <= k_max_count_target) || value != std::floor(value)) {
      return error(errc::invalid_argument,
                   kpi + " is a count: its target is a whole number from 0 to 1000000 (e.g. 300)",
                   kpi + " 是人数指标：目标值应为 0 到 1000000 的整数（如 300）");
    }
  } else if (!(value >= 0.0 && value <= 1.0)) {
    return error(errc::invalid_argument, kpi + " is a share: its target is between 0 and 1 (e.g. 0.8)",
                 kpi + " 是比例指标：目标值应在 0 到 1 之间（如 0.8）");
  }
  return ok_status();
}

figure kpi_figure(std::string_view key, const coverage& c, const activity& a,
                  const figure& township_courier) {
  if (key == "station_coverage") return c.station;
  if (key == "township_courier_coverage") return township_courier;
  if (key == "village_courier_coverage") return c.courier;
  if (key == "four_brand_share") return c.four_brands;
  if (key == "delivery_3_days") return c.freq3;
  if (key == "delivery_5_days") return c.freq5;
  if (key == "fixed_point_rate") return c.fixed_point;
  if (key == "online_rate") return a.online;
  if (key == "on_time_rate") return a.on_time;
  if (key == "pickup_timeliness") return a.timeliness;
  return {};
}

namespace {

// A count KPI's figure: {count, 1} (KPIS.md "Officers and training"), or none when the
// villager services were not computed.
figure count_figure(std::string_view key, const county_report& r) {
  if (!r.services) return {};
  const auto& v = r.services->county;
  if (key == "officers_trained_to_date") return {v.officers_trained_to_date, 1};
  if (key == "ecommerce_leaders") return {v.ecommerce_leaders, 1};
  return {};
}

}  // namespace

std::vector<kpi_line> kpi_lines(const county_report& r, const target_map& targets) {
  std::vector<kpi_line> out;
  for (const auto& d : kpi_defs()) {
    kpi_line l;
    l.def = &d;
    l.fig = kpi_figure(d.key, r.cov, r.act, r.township_courier);
    if (r.services && d.key == "people_served_rate") l.fig = r.services->county.people_served;
    if (r.services && d.key == "trained_station_rate") l.fig = r.services->county.trained_stations;
    if (d.kind == kpi_kind::count) l.fig = count_figure(d.key, r);
    if (auto it = targets.find(std::string(d.key)); it != targets.end()) l.target = it->second;
    // A small tolerance so 0.8 reached as 4/5 is not failed by rounding; a count passes at
    // its target (300 of 300).
    if (l.target && l.fig.value()) l.pass = *l.fig.value() + 1e-9 >= *l.target;
    out.push_back(l);
  }
  return out;
}

}  // namespace cunzhan::hub::kpi
