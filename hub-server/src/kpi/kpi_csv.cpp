// Report → CSV tables a county can hand over as they are (统计报表).
#include "kpi/kpi_csv.hpp"

#include <cstdio>

#include "cunzhan/shared/csv.hpp"
#include "cunzhan/shared/text.hpp"

namespace cunzhan::hub::kpi {
namespace {

using cells = std::vector<std::string>;

std::string yuan(std::int64_t fen) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%lld.%02lld", static_cast<long long>(fen / 100),
                static_cast<long long>((fen < 0 ? -fen : fen) % 100));
  return buf;
}

std::string n(std::int64_t v) { return std::to_string(v); }

void add_row(std::string& out, const cells& c) { out += csv::format_row(c); }

std::string time_text(const std::optional<std::int64_t>& s) {
  if (!s) return "";
  return format_instant(sys_seconds(std::chrono::seconds(*s)));
}

void kpis_table(std::string& out, const county_report& r, const target_map& targets) {
  add_row(out, {"区县代码", r.county_code, "统计期", r.per.label, format_date(r.per.start), format_date(r.per.end)});
  add_row(out, {"指标", "指标代码", "分子", "分母", "数值", "目标", "是否达标"});
  for (const auto& l : kpi_lines(r, targets)) {
    add_row(out, {std::string(l.def->zh), std::string(l.def->key), n(l.fig.numerator), n(l.fig.denominator),
                  percent(l.fig.value()), l.target ? percent(*l.target) : "",
                  l.pass ? (*l.pass ? "达标" : "未达标") : ""});
  }
  add_row(out, {"农产品网络销售单数", "sales_count", n(r.act.sales_count), "", "", "", ""});
  add_row(out, {"农产品网络销售额（元）", "sales_amount_yuan", yuan(r.act.sales_fen), "", "", "", ""});
  add_row(out, {"销售额环比增长", "sales_amount_mom", n(r.sales_mom.current), n(r.sales_mom.earlier),
                percent(r.sales_mom.value()), "", ""});
  add_row(out, {"销售额同比增长", "sales_amount_yoy", n(r.sales_yoy.current), n(r.sales_yoy.earlier),
                percent(r.sales_yoy.value()), "", ""});
  add_row(out, {"新增上架农产品", "listings_new", n(r.act.listings_new), "", "", "", ""});
  add_row(out, {"在售农产品（当前）", "listings_active", n(r.act.listings_active), "", "", "", ""});
  add_row(out, {"揽收件量（出）", "parcels_out", n(r.act.parcels_out), "", "", "", ""});
  add_row(out, {"收件量（进）", "parcels_in", n(r.act.parcels_in), "", "", "", ""});
  add_row(out, {"揽收失败率", "pickup_failure_rate", n(r.act.failure.numerator), n(r.act.failure.denominator),
                percent(r.act.failure.value()), "", ""});
  for (const auto& [cat, s] : r.act.by_category) {
    add_row(out, {"销售额（元）·" + cat, "sales_by_category", n(s.count), yuan(s.amount_fen), "", "", ""});
  }
}

void townships_table(std::string& out, const county_report& r) {
  add_row(out, {"乡镇代码", "乡镇", "行政村数", "运营站点数", "有快递网点", "电商服务站覆盖率", "快递服务覆盖率",
                "4品牌以上比例", "每周3天以上比例", "每周5天以上比例", "驻点率", "站点上线率", "按时上报率",
                "销售单数", "销售额（元）", "揽收件量", "收件量", "揽收及时率"});
  for (const auto& t : r.townships_table) {
    add_row(out, {t.code, t.name, n(t.cov.station.denominator), n(t.stations_operating), t.courier_point ? "是" : "否",
                  percent(t.cov.station.value()), percent(t.cov.courier.value()), percent(t.cov.four_brands.value()),
                  percent(t.cov.freq3.value()), percent(t.cov.freq5.value()), percent(t.cov.fixed_point.value()),
                  percent(t.act.online.value()), percent(t.act.on_time.value()), n(t.act.sales_count),
                  yuan(t.act.sales_fen), n(t.act.parcels_out), n(t.act.parcels_in), percent(t.act.timeliness.value())});
  }
}

void stations_table(std::string& out, const county_report& r) {
  add_row(out, {"站点编号", "站点名称", "类型", "所在村代码", "所在村", "乡镇代码", "开办日期", "关闭日期", "运营中",
                "最近同步时间", "同步滞后（小时）", "上线率", "按时上报率", "销售单数", "销售额（元）", "新增上架",
                "在售", "揽收件量", "收件量", "揽收及时率", "揽收失败率"});
  for (const auto& s : r.stations_table) {
    add_row(out, {s.id, s.name, s.kind, s.village_code, s.village_name, s.township_code, s.opened_on, s.closed_on,
                  s.operating ? "是" : "否", time_text(s.last_sync_s), s.sync_lag_s ? n(*s.sync_lag_s / 3600) : "",
                  percent(s.act.online.value()), percent(s.act.on_time.value()), n(s.act.sales_count),
                  yuan(s.act.sales_fen), n(s.act.listings_new), n(s.act.listings_active), n(s.act.parcels_out),
                  n(s.act.parcels_in), percent(s.act.timeliness.value()), percent(s.act.failure.value())});
  }
}

void coverage_table(std::string& out, const county_report& r) {
  add_row(out, {"村代码", "村名", "乡镇代码", "乡镇", "电商服务站", "快递品牌", "服务点数", "每周进村天数", "驻村设点",
                "未达标原因"});
  for (const auto& v : r.villages_table) {
    add_row(out, {v.code, v.name, v.township_code, v.township_name, join(v.stations, "、"), join(v.brands, "、"),
                  n(v.points), n(v.frequency), v.fixed_point ? "是" : "否", join(v.reasons, " ")});
  }
}

}  // namespace

std::string percent(const std::optional<double>& v) {
  if (!v) return "";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f%%", *v * 100.0);
  return buf;
}

bool is_csv_table(std::string_view table) {
  return table.empty() || table == "kpis" || table == "townships" || table == "stations" || table == "coverage";
}

std::string report_csv(const county_report& r, const target_map& targets, std::string_view table) {
  std::string out(csv::utf8_bom);
  if (table == "townships") {
    townships_table(out, r);
  } else if (table == "stations") {
    stations_table(out, r);
  } else if (table == "coverage") {
    coverage_table(out, r);
  } else {
    kpis_table(out, r, targets);
  }
  return out;
}

}  // namespace cunzhan::hub::kpi
