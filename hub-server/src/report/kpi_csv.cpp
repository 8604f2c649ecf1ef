// Report → CSV tables a county can hand over as they are (统计报表).
#include "report/kpi_csv.hpp"

#include <cmath>
#include <map>

#include "cunzhan/hub/villager_kpi.hpp"
#include "cunzhan/shared/csv.hpp"
#include "cunzhan/shared/text.hpp"
#include "report/format.hpp"
#include "report/kpi_json.hpp"

namespace cunzhan::hub::kpi {
namespace {

using csv::cell_kind;
using cells = std::vector<csv::typed_cell>;
using report::category_keys;
using report::percent;
using report::yuan;

// Cell kinds (csv.hpp): figures are written bare so Excel sums them, codes as text so
// 12 digits stay 12 digits, names guarded against formulas.
csv::typed_cell txt(std::string s) { return {std::move(s), cell_kind::text}; }
csv::typed_cell num(std::string s) { return {std::move(s), cell_kind::number}; }
csv::typed_cell num(std::int64_t v) { return num(std::to_string(v)); }
csv::typed_cell code(std::string s) { return {std::move(s), cell_kind::code}; }

void add_row(std::string& out, const cells& c) { out += csv::format_row(c); }

// A ratio in three columns — numerator, denominator, percentage — so it can be recounted.
void fig_head(cells& h, const std::string& name) {
  h.push_back(txt(name + "·分子"));
  h.push_back(txt(name + "·分母"));
  h.push_back(txt(name));
}
void fig(cells& row, const figure& f) {
  row.push_back(num(f.numerator));
  row.push_back(num(f.denominator));
  row.push_back(num(percent(f.value())));
}
// Growth as a ratio: (current − earlier) ÷ earlier.
figure growth_figure(const growth& g) { return {g.current - g.earlier, g.earlier}; }

void kpis_table(std::string& out, const county_report& r, const target_map& targets) {
  add_row(out, {txt("区县代码"), code(r.county_code), txt("统计期"), txt(r.per.label),
                txt(format_date(r.per.start)), txt(format_date(r.per.end))});
  add_row(out, {txt("指标"), txt("指标代码"), txt("分子"), txt("分母"), txt("数值"), txt("目标"),
                txt("是否达标")});
  for (const auto& l : kpi_lines(r, targets)) {
    cells row{txt(std::string(l.def->zh)), txt(std::string(l.def->key))};
    if (l.def->kind == kpi_kind::count) {  // a number of people: no 分子/分母, target a whole number
      row.push_back(txt(""));
      row.push_back(txt(""));
      row.push_back(num(l.fig.value() ? std::to_string(l.fig.numerator) : ""));
      row.push_back(num(l.target ? std::to_string(std::llround(*l.target)) : ""));
    } else {
      fig(row, l.fig);
      row.push_back(num(l.target ? percent(*l.target) : ""));
    }
    row.push_back(txt(l.pass ? (*l.pass ? "达标" : "未达标") : ""));
    add_row(out, row);
  }
  // Figures without a denominator carry their value under 数值.
  const auto value_row = [&](const char* zh, const char* key, const std::string& v) {
    add_row(out, {txt(zh), txt(key), txt(""), txt(""), num(v), txt(""), txt("")});
  };
  const auto ratio_row = [&](const char* zh, const char* key, const figure& f) {
    cells row{txt(zh), txt(key)};
    fig(row, f);
    row.push_back(txt(""));
    row.push_back(txt(""));
    add_row(out, row);
  };
  value_row("农产品网络销售单数", "sales_count", std::to_string(r.act.sales_count));
  value_row("农产品网络销售额（元）", "sales_amount_yuan", yuan(r.act.sales_fen));
  // Growth rows: 分子 = current − earlier, 分母 = earlier (fen or number sold).
  ratio_row("销售额环比增长", "sales_amount_mom", growth_figure(r.sales_mom));
  ratio_row("销售额同比增长", "sales_amount_yoy", growth_figure(r.sales_yoy));
  ratio_row("销售单数环比增长", "sales_count_mom", growth_figure(r.sales_count_mom));
  ratio_row("销售单数同比增长", "sales_count_yoy", growth_figure(r.sales_count_yoy));
  value_row("新增上架农产品", "listings_new", std::to_string(r.act.listings_new));
  value_row("在售农产品（当前）", "listings_active", std::to_string(r.act.listings_active));
  value_row("揽收件量（出）", "parcels_out", std::to_string(r.act.parcels_out));
  value_row("收件量（进）", "parcels_in", std::to_string(r.act.parcels_in));
  ratio_row("揽收失败率", "pickup_failure_rate", r.act.failure);
  if (r.services) {  // KPIS.md "Villager services"
    const auto& v = r.services->county;
    const auto& b = v.proxy_buy;
    const auto n = [](std::int64_t x) { return std::to_string(x); };
    value_row("代买单数", "proxy_buy_count", n(b.count));
    value_row("代买金额（元）", "proxy_buy_amount_yuan", yuan(b.amount_fen));
    ratio_row("代买金额环比增长", "proxy_buy_amount_mom", growth_figure(b.amount_mom));
    ratio_row("代买金额同比增长", "proxy_buy_amount_yoy", growth_figure(b.amount_yoy));
    ratio_row("代买单数环比增长", "proxy_buy_count_mom", growth_figure(b.count_mom));
    ratio_row("代买单数同比增长", "proxy_buy_count_yoy", growth_figure(b.count_yoy));
    char median[32] = "";
    if (b.handover_days_median) std::snprintf(median, sizeof median, "%.2f", *b.handover_days_median);
    value_row("到站至交付天数（中位数）", "handover_days_median", median);
    value_row("到站超过 7 天未交付", "waiting_over_7_days", n(b.waiting_over_7_days));
    ratio_row("三农服务覆盖人数比例（上年同期）", "people_served_rate_earlier", v.people_served_earlier);
    value_row("缺少户籍人口的行政村", "villages_without_population", n(v.villages_without_population));
    value_row("受训信息员", "officers_trained", n(v.officers_trained));
    char hours[32];
    std::snprintf(hours, sizeof hours, "%.1f", v.training_hours);
    value_row("培训学时（人·学时）", "training_hours", hours);
    value_row("农村电商带头人", "ecommerce_leaders", n(v.ecommerce_leaders));
    value_row("网上销售的合作社", "online_cooperatives", n(v.sellers.cooperatives));
    value_row("网上销售的企业", "online_enterprises", n(v.sellers.enterprises));
    value_row("网上销售的农户（登记村民）", "online_households", n(v.sellers.households));
    value_row("农户销售单数", "household_sales", n(v.sellers.household_sales));
  }

  // Sales by category: a table of its own below, one column per quantity.
  add_row(out, {});
  add_row(out,
          {txt("品类"), txt("销售单数"), txt("销售额（元）"), txt("上期销售额（元）"), txt("销售额环比"),
           txt("去年同期销售额（元）"), txt("销售额同比"), txt("上期销售单数"), txt("去年同期销售单数")});
  const auto pick = [](const std::map<std::string, sales_growth>& m, const std::string& k) {
    auto it = m.find(k);
    return it == m.end() ? sales_growth{} : it->second;
  };
  for (const auto& cat : category_keys(r)) {
    const auto it = r.act.by_category.find(cat);
    const category_sales now = it == r.act.by_category.end() ? category_sales{} : it->second;
    const auto mom = pick(r.category_mom, cat), yoy = pick(r.category_yoy, cat);
    add_row(out, {txt(cat), num(now.count), num(yuan(now.amount_fen)), num(yuan(mom.amount.earlier)),
                  num(percent(mom.amount.value())), num(yuan(yoy.amount.earlier)),
                  num(percent(yoy.amount.value())), num(mom.count.earlier), num(yoy.count.earlier)});
  }
}

void townships_table(std::string& out, const county_report& r) {
  cells h{txt("乡镇代码"), txt("乡镇"), txt("行政村数"), txt("运营站点数"), txt("有快递网点")};
  for (const char* name : {"电商服务站覆盖率", "快递服务覆盖率", "4品牌以上比例", "每周3天以上比例",
                           "每周5天以上比例", "驻点率", "站点上线率", "按时上报率"}) {
    fig_head(h, name);
  }
  for (const char* name : {"销售单数", "销售额（元）", "销售额环比", "销售额同比", "揽收件量", "收件量"})
    h.push_back(txt(name));
  fig_head(h, "揽收及时率");
  add_row(out, h);
  for (const auto& t : r.townships_table) {
    cells row{code(t.code), txt(t.name), num(t.cov.station.denominator), num(t.stations_operating),
              txt(t.courier_point ? "是" : "否")};
    for (const auto* f : {&t.cov.station, &t.cov.courier, &t.cov.four_brands, &t.cov.freq3, &t.cov.freq5,
                          &t.cov.fixed_point, &t.act.online, &t.act.on_time}) {
      fig(row, *f);
    }
    for (auto&& c : {num(t.act.sales_count), num(yuan(t.act.sales_fen)), num(percent(t.mom.amount.value())),
                     num(percent(t.yoy.amount.value())), num(t.act.parcels_out), num(t.act.parcels_in)}) {
      row.push_back(c);
    }
    fig(row, t.act.timeliness);
    add_row(out, row);
  }
}

void stations_table(std::string& out, const county_report& r) {
  cells h{txt("站点编号"),        txt("站点名称"), txt("类型"),     txt("所在村代码"), txt("所在村"),
          txt("乡镇代码"),        txt("开办日期"), txt("关闭日期"), txt("运营中"),     txt("最近同步时间"),
          txt("同步滞后（小时）")};
  fig_head(h, "上线率");
  fig_head(h, "按时上报率");
  for (const char* name : {"销售单数", "销售额（元）", "新增上架", "在售", "揽收件量", "收件量"})
    h.push_back(txt(name));
  fig_head(h, "揽收及时率");
  fig_head(h, "揽收失败率");
  add_row(out, h);
  for (const auto& s : r.stations_table) {
    cells row{txt(s.id),
              txt(s.name),
              txt(s.kind),
              code(s.village_code),
              txt(s.village_name),
              code(s.township_code),
              txt(s.opened_on),
              txt(s.closed_on),
              txt(s.operating ? "是" : "否"),
              txt(report::instant_text(s.last_sync_s)),
              num(s.sync_lag_s ? std::to_string(*s.sync_lag_s / 3600) : "")};
    fig(row, s.act.online);
    fig(row, s.act.on_time);
    for (auto&& c : {num(s.act.sales_count), num(yuan(s.act.sales_fen)), num(s.act.listings_new),
                     num(s.act.listings_active), num(s.act.parcels_out), num(s.act.parcels_in)}) {
      row.push_back(c);
    }
    fig(row, s.act.timeliness);
    fig(row, s.act.failure);
    add_row(out, row);
  }
}

void coverage_table(std::string& out, const county_report& r) {
  add_row(out, {txt("村代码"), txt("村名"), txt("乡镇代码"), txt("乡镇"), txt("电商服务站"), txt("快递品牌"),
                txt("服务点数"), txt("每周进村天数"), txt("驻村设点"), txt("未达标原因")});
  for (const auto& v : r.villages_table) {
    add_row(out, {code(v.code), txt(v.name), code(v.township_code), txt(v.township_name),
                  txt(join(v.stations, "、")), txt(join(v.brands, "、")), num(v.points), num(v.frequency),
                  txt(v.fixed_point ? "是" : "否"), txt(join(v.reasons, " "))});
  }
}

}  // namespace

bool is_csv_table(std::string_view table) {
  return table.empty() || table == "kpis" || table == "townships" || table == "stations" ||
         table == "coverage";
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
