// Rendering the dashboard: KPI cards against targets, township, station (sortable by
// sync lag) and village tables, a 12-month trend as inline SVG, and a print stylesheet.
#include "report/dashboard_html.hpp"

#include "cunzhan/hub/villager_kpi.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>

#include "cunzhan/shared/html.hpp"
#include "cunzhan/shared/text.hpp"
#include "report/format.hpp"

namespace cunzhan::hub::kpi {
namespace {

constexpr std::string_view k_style = R"css(
body{font-family:"Microsoft YaHei","PingFang SC",sans-serif;margin:0;color:#222;background:#f6f7f9}
header{background:#1d4e89;color:#fff;padding:12px 20px}header a{color:#fff}
main{padding:16px 20px}h2{margin-top:28px;font-size:18px}
.cards{display:flex;flex-wrap:wrap;gap:12px}
.card{background:#fff;border:1px solid #dde;border-radius:6px;padding:10px 14px;min-width:170px}
.card .v{font-size:24px;font-weight:bold}.pass{border-left:6px solid #2e7d32}.fail{border-left:6px solid #c62828}
.none{border-left:6px solid #999}.small{color:#666;font-size:12px}
table{border-collapse:collapse;background:#fff;font-size:13px;margin-top:6px}
th,td{border:1px solid #ccd;padding:4px 8px;text-align:left}th{background:#e8edf5}
th.sort{cursor:pointer;text-decoration:underline}
form.inline{display:inline}.reason{color:#c62828}
@page{size:A4 landscape;margin:12mm 10mm}
@media print{header a,form,.noprint{display:none}body{background:#fff;font-size:11px}main{padding:0}
header{background:none;color:#000;padding:0 0 6px;border-bottom:1px solid #000}
h2{font-size:14px;margin-top:14px;break-after:avoid}.card{break-inside:avoid;min-width:150px;padding:6px 8px}
.card .v{font-size:18px}table{width:100%;font-size:10px;page-break-inside:auto}th,td{padding:2px 4px}
thead{display:table-header-group}tr{page-break-inside:avoid}svg{max-width:100%;height:auto}
th.sort{text-decoration:none}*{-webkit-print-color-adjust:exact;print-color-adjust:exact}}
)css";

constexpr std::string_view k_sort_script = R"js(
function czSort(th){var t=th.closest('table'),b=t.tBodies[0],i=th.cellIndex,up=th.dataset.up!=='1';
th.dataset.up=up?'1':'0';var rows=Array.prototype.slice.call(b.rows);
rows.sort(function(x,y){var a=parseFloat(x.cells[i].dataset.v),c=parseFloat(y.cells[i].dataset.v);
if(isNaN(a))a=Infinity;if(isNaN(c))c=Infinity;return up?c-a:a-c;});rows.forEach(function(r){b.appendChild(r);});}
)js";

struct lang_text {
  bool en;
  std::string_view operator()(std::string_view zh, std::string_view e) const { return en ? e : zh; }
};

std::string fmt(const char* f, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, f, v);
  return buf;
}

using report::percent;
using report::yuan;

std::string pct(const figure& f) { return report::percent_or_dash(f); }

std::string growth_text(const growth& g) {
  auto v = g.value();
  return v ? fmt("%+.1f%%", *v * 100.0) : "—";
}

std::string lag_text(const std::optional<std::int64_t>& lag, const lang_text& t) {
  if (!lag) return std::string(t("从未同步", "never"));
  if (*lag < 3600) return std::to_string(*lag / 60) + std::string(t(" 分钟", " min"));
  if (*lag < 2 * 86400) return std::to_string(*lag / 3600) + std::string(t(" 小时", " h"));
  return std::to_string(*lag / 86400) + std::string(t(" 天", " d"));
}

// The query asking for the same period again: a from/to range has no period= form.
std::string period_query(const period& p) {
  if (p.kind == period_kind::range) return "from=" + format_date(p.start) + "&to=" + format_date(p.end);
  return "period=" + html_escape(p.label);
}

// A figure's cell, found by its key (data-k); sort_value (data-v) is what czSort orders by.
std::string cell(std::string_view key, const std::string& text,
                 std::optional<std::string> sort_value = std::nullopt) {
  std::string o = "<td data-k=\"" + std::string(key) + "\"";
  if (sort_value) o += " data-v=\"" + *sort_value + "\"";
  return o + ">" + text + "</td>";
}

void cards(std::string& o, const dashboard_page& p, const lang_text& t) {
  o += "<h2>" + std::string(t("指标与目标", "KPIs against targets")) + "</h2><div class=\"cards\">";
  for (const auto& l : kpi_lines(p.report, p.targets)) {
    const char* cls = !l.pass ? "none" : *l.pass ? "pass" : "fail";
    const bool count = l.def->kind == kpi_kind::count;  // a number of people, not a percentage
    o += "<div class=\"card " + std::string(cls) + "\" data-kpi=\"" + std::string(l.def->key) +
         "\" data-kind=\"" + std::string(kind_name(l.def->kind)) + "\" data-numerator=\"" +
         std::to_string(l.fig.numerator) + "\" data-denominator=\"" + std::to_string(l.fig.denominator) +
         "\"><div class=\"small\">" + html_escape(p.en ? l.def->en : l.def->zh) + "</div><div class=\"v\">" +
         (!count          ? pct(l.fig)
          : l.fig.value() ? std::to_string(l.fig.numerator)
                          : "—") +
         "</div><div class=\"small\">" +
         (count ? std::string(t("人", "people"))
                : std::to_string(l.fig.numerator) + " / " + std::to_string(l.fig.denominator));
    if (l.target)
      o += " · " + std::string(t("目标 ", "target ")) +
           (count ? std::to_string(std::llround(*l.target)) : percent(*l.target));
    if (l.pass) o += " · " + std::string(*l.pass ? t("达标", "met") : t("未达标", "not met"));
    o += "</div></div>";
  }
  const auto& a = p.report.act;
  o += "<div class=\"card none\" data-kpi=\"sales\"><div class=\"small\">" +
       std::string(t("农产品网络销售额（元）", "Farm-product sales (yuan)")) + "</div><div class=\"v\">" +
       yuan(a.sales_fen) + "</div><div class=\"small\">" + std::to_string(a.sales_count) +
       std::string(t(" 单 · 环比 ", " orders · MoM ")) + growth_text(p.report.sales_mom) +
       std::string(t(" · 同比 ", " · YoY ")) + growth_text(p.report.sales_yoy) + "</div></div>";
  o += "<div class=\"card none\" data-kpi=\"parcels\"><div class=\"small\">" +
       std::string(t("收发件量", "Parcels out / in")) + "</div><div class=\"v\">" +
       std::to_string(a.parcels_out) + " / " + std::to_string(a.parcels_in) + "</div><div class=\"small\">" +
       std::string(t("揽收失败率 ", "pickup failures ")) + pct(a.failure) + "</div></div>";
  if (p.report.services) {  // KPIS.md "Villager services"; the rates are cards of kpi_lines above
    const auto& v = p.report.services->county;
    const auto& b = v.proxy_buy;
    o += "<div class=\"card none\" data-kpi=\"proxy_buy\" data-count=\"" + std::to_string(b.count) +
         "\" data-amount-fen=\"" + std::to_string(b.amount_fen) + "\"><div class=\"small\">" +
         std::string(t("代买金额（元）", "Proxy purchases (yuan)")) + "</div><div class=\"v\">" +
         yuan(b.amount_fen) + "</div><div class=\"small\">" + std::to_string(b.count) +
         std::string(t(" 单 · 到站超 7 天未交付 ", " orders · waiting > 7 days ")) +
         std::to_string(b.waiting_over_7_days) + "</div></div>";
    o += "<div class=\"card none\" data-kpi=\"training\"><div class=\"small\">" +
         std::string(t("受训信息员 / 电商带头人", "Officers trained / e-commerce leaders")) +
         "</div><div class=\"v\">" + std::to_string(v.officers_trained) + " / " +
         std::to_string(v.ecommerce_leaders) + "</div><div class=\"small\">" +
         std::string(t("合作社 ", "cooperatives ")) + std::to_string(v.sellers.cooperatives) +
         std::string(t(" · 企业 ", " · enterprises ")) + std::to_string(v.sellers.enterprises) +
         "</div></div>";
  }
  o += "</div>";
}

void trend_svg(std::string& o, const dashboard_page& p, const lang_text& t) {
  if (p.trend.empty()) return;
  o += "<h2>" + std::string(t("近 12 个月趋势", "12-month trend")) + "</h2>";
  constexpr int w = 720, h = 220, left = 40, bottom = 30, top = 10;
  const double step = static_cast<double>(w - left - 20) / std::max<std::size_t>(1, p.trend.size() - 1);
  const auto y_of = [&](double v) { return top + (1.0 - v) * (h - top - bottom); };
  o += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + std::to_string(w) + "\" height=\"" +
       std::to_string(h) + "\" role=\"img\" style=\"background:#fff;border:1px solid #dde\">";
  for (int g = 0; g <= 4; ++g) {
    const double y = y_of(g / 4.0);
    o += "<line x1=\"" + std::to_string(left) + "\" x2=\"" + std::to_string(w - 10) + "\" y1=\"" +
         fmt("%.1f", y) + "\" y2=\"" + fmt("%.1f", y) + "\" stroke=\"#eee\"/><text x=\"2\" y=\"" +
         fmt("%.1f", y + 4) + "\" font-size=\"10\">" + std::to_string(g * 25) + "%</text>";
  }
  const struct {
    const char* color;
    std::string_view zh, en;
    figure trend_point::*field;
  } series[] = {{"#1d4e89", "电商服务站覆盖率", "station coverage", &trend_point::station_coverage},
                {"#2e7d32", "快递服务覆盖率", "courier coverage", &trend_point::courier_coverage},
                {"#ef6c00", "站点上线率", "online rate", &trend_point::online}};
  int legend = 0;
  for (const auto& s : series) {
    std::string pts;
    for (std::size_t i = 0; i < p.trend.size(); ++i) {
      auto v = (p.trend[i].*s.field).value();
      if (!v) continue;
      pts += fmt("%.1f", left + step * static_cast<double>(i)) + "," + fmt("%.1f", y_of(*v)) + " ";
    }
    o += "<polyline fill=\"none\" stroke-width=\"2\" stroke=\"" + std::string(s.color) + "\" points=\"" +
         pts + "\"/>";
    o += "<text x=\"" + std::to_string(left + 10 + legend * 180) + "\" y=\"" + std::to_string(h - 4) +
         "\" font-size=\"11\" fill=\"" + s.color + "\">■ " + std::string(t(s.zh, s.en)) + "</text>";
    ++legend;
  }
  for (std::size_t i = 0; i < p.trend.size(); i += 2) {
    o += "<text x=\"" + fmt("%.1f", left + step * static_cast<double>(i) - 18) + "\" y=\"" +
         std::to_string(h - bottom + 12) + "\" font-size=\"10\">" + p.trend[i].month + "</text>";
  }
  o += "</svg>";
}

void townships(std::string& o, const dashboard_page& p, const lang_text& t) {
  o += "<h2>" + std::string(t("乡镇", "Townships")) + "</h2><table id=\"townships\"><thead><tr><th>" +
       std::string(t("乡镇", "Township")) + "</th><th>" + std::string(t("行政村", "Villages")) + "</th><th>" +
       std::string(t("站点", "Stations")) + "</th><th>" + std::string(t("快递网点", "Courier outlet")) +
       "</th><th>" + std::string(t("站点覆盖", "Station cov.")) + "</th><th>" +
       std::string(t("快递覆盖", "Courier cov.")) + "</th><th>" + std::string(t("≥3天/周", "≥3 d/wk")) +
       "</th><th>" + std::string(t("驻点率", "Fixed-point")) + "</th><th>" +
       std::string(t("上线率", "Online")) + "</th><th>" + std::string(t("销售额（元）", "Sales (yuan)")) +
       "</th></tr></thead><tbody>";
  for (const auto& r : p.report.townships_table) {
    o += "<tr data-code=\"" + r.code + "\"><td>" + html_escape(r.name) + " <span class=\"small\">" + r.code +
         "</span></td>" + cell("villages", std::to_string(r.cov.station.denominator)) +
         cell("stations", std::to_string(r.stations_operating)) +
         cell("courier_point", std::string(r.courier_point ? t("有", "yes") : t("无", "no"))) +
         cell("station_coverage", pct(r.cov.station)) + cell("village_courier_coverage", pct(r.cov.courier)) +
         cell("delivery_3_days", pct(r.cov.freq3)) + cell("fixed_point_rate", pct(r.cov.fixed_point)) +
         cell("online_rate", pct(r.act.online)) + cell("sales_yuan", yuan(r.act.sales_fen)) + "</tr>";
  }
  o += "</tbody></table>";
}

void stations(std::string& o, const dashboard_page& p, const lang_text& t) {
  o += "<h2>" + std::string(t("站点", "Stations")) + "</h2><table id=\"stations\"><thead><tr><th>" +
       std::string(t("站点", "Station")) + "</th><th>" + std::string(t("所在村", "Village")) + "</th><th>" +
       std::string(t("运营", "Operating")) + "</th><th class=\"sort\" onclick=\"czSort(this)\">" +
       std::string(t("同步滞后 ⇅", "Sync lag ⇅")) + "</th><th class=\"sort\" onclick=\"czSort(this)\">" +
       std::string(t("上线率 ⇅", "Online ⇅")) + "</th><th>" + std::string(t("按时率", "On time")) +
       "</th><th>" + std::string(t("销售额（元）", "Sales (yuan)")) + "</th><th>" +
       std::string(t("揽收/收件", "Parcels out/in")) + "</th><th>" +
       std::string(t("站点程序版本", "Program version")) + "</th></tr></thead><tbody>";
  for (const auto& s : p.report.stations_table) {
    const auto online = s.act.online.value();
    o += "<tr data-id=\"" + html_escape(s.id) + "\"><td>" + html_escape(s.name) + "</td><td>" +
         html_escape(s.village_name) + "</td>" +
         cell("operating", std::string(s.operating ? t("是", "yes") : t("否", "no"))) +
         cell("sync_lag", lag_text(s.sync_lag_s, t),
              s.sync_lag_s ? std::to_string(*s.sync_lag_s) : std::string()) +
         cell("online_rate", pct(s.act.online), online ? fmt("%.6f", *online) : std::string()) +
         cell("on_time_rate", pct(s.act.on_time)) + cell("sales_yuan", yuan(s.act.sales_fen)) +
         cell("parcels", std::to_string(s.act.parcels_out) + " / " + std::to_string(s.act.parcels_in)) +
         cell("program_version",
              s.program_version.empty() ? std::string("—") : html_escape(s.program_version)) +
         "</tr>";
  }
  o += "</tbody></table>";
}

std::string_view reason_text(const std::string& r, const lang_text& t) {
  if (r == "no_station") return t("无电商服务站", "no station");
  if (r == "no_courier_point") return t("无快递服务", "no courier point");
  if (r == "low_frequency") return t("每周进村少于 3 天", "served < 3 days/week");
  return r;
}

void villages(std::string& o, const dashboard_page& p, const lang_text& t) {
  o += "<h2>" + std::string(t("行政村覆盖明细", "Village coverage")) +
       "</h2><table id=\"villages\"><thead><tr><th>" + std::string(t("村", "Village")) + "</th><th>" +
       std::string(t("乡镇", "Township")) + "</th><th>" + std::string(t("站点", "Station")) + "</th><th>" +
       std::string(t("快递品牌", "Brands")) + "</th><th>" + std::string(t("天/周", "Days/wk")) + "</th><th>" +
       std::string(t("未达标原因", "Falls short")) + "</th></tr></thead><tbody>";
  for (const auto& v : p.report.villages_table) {
    std::string reasons;
    for (const auto& r : v.reasons) reasons += (reasons.empty() ? "" : "；") + std::string(reason_text(r, t));
    o += "<tr data-code=\"" + v.code + "\" data-reasons=\"" + join(v.reasons, " ") + "\"><td>" +
         html_escape(v.name) + " <span class=\"small\">" + v.code + "</span></td><td>" +
         html_escape(v.township_name) + "</td>" + cell("stations", html_escape(join(v.stations, "、"))) +
         cell("brands", html_escape(join(v.brands, " "))) +
         cell("days_per_week", std::to_string(v.frequency)) + "<td class=\"reason\">" + reasons +
         "</td></tr>";
  }
  o += "</tbody></table>";
}

std::string head(bool en, std::string_view title) {
  return std::string("<!DOCTYPE html><html lang=\"") + (en ? "en" : "zh-CN") +
         "\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\"><title>" +
         html_escape(title) + "</title><style>" + std::string(k_style) + "</style></head><body>";
}

}  // namespace

std::string render_dashboard(const dashboard_page& p) {
  const lang_text t{p.en};
  const auto& r = p.report;
  std::string o = head(p.en, t("村站 · 区县指标", "Cunzhan · county KPIs"));
  o += "<header><strong>" + std::string(t("村站 · 区县电商指标", "Cunzhan · county KPIs")) + "</strong> · " +
       html_escape(p.staff.name) + " · " + r.county_code + " · " + html_escape(r.per.label) + " (" +
       format_date(r.per.start) + " – " + format_date(r.per.end) +
       ")<span class=\"noprint\"> · <a id=\"lang-switch\" href=\"/dashboard?county=" + r.county_code + "&" +
       period_query(r.per) + (p.en ? "" : "&lang=en") + "\">" + std::string(t("English", "中文")) +
       "</a></span></header><main>";
  o += "<form class=\"noprint\" method=\"get\" action=\"/dashboard\">" + std::string(t("区县 ", "County ")) +
       "<select name=\"county\">";
  for (const auto& c : p.staff.counties) {
    o += "<option" + std::string(c == r.county_code ? " selected" : "") + ">" + html_escape(c) + "</option>";
  }
  o += "</select> " + std::string(t("统计期 ", "Period ")) + "<input name=\"period\" value=\"" +
       (r.per.kind == period_kind::range ? std::string() : html_escape(r.per.label)) +
       "\" size=\"10\" placeholder=\"2026-11 / 2026-Q4 / 2026\">" +
       (p.en ? "<input type=\"hidden\" name=\"lang\" value=\"en\">" : "") + " <button>" +
       std::string(t("查看", "Show")) + "</button>";
  for (const char* table : {"kpis", "townships", "stations", "coverage"}) {
    o += " <a href=\"/dashboard/report.csv?county=" + r.county_code + "&" + period_query(r.per) +
         "&table=" + table + "\">CSV·" + table + "</a>";
  }
  o += "</form>";
  o += "<form class=\"inline noprint\" method=\"post\" action=\"/dashboard/logout\"><input type=\"hidden\" "
       "name=\"csrf\" value=\"" +
       html_escape(p.csrf) + "\"><button>" + std::string(t("退出登录", "Sign out")) + "</button></form>";
  o += "<p class=\"small\" id=\"summary\" data-villages=\"" + std::to_string(r.villages) +
       "\" data-townships=\"" + std::to_string(r.townships) + "\" data-stations=\"" +
       std::to_string(r.stations_operating) + "\" data-from=\"" + format_date(r.per.start) + "\" data-to=\"" +
       format_date(r.per.end) + "\">" + std::string(t("行政村 ", "Administrative villages ")) +
       std::to_string(r.villages) + std::string(t(" · 计入乡镇 ", " · counted townships ")) +
       std::to_string(r.townships) + std::string(t(" · 运营站点 ", " · operating stations ")) +
       std::to_string(r.stations_operating) +
       std::string(t("（覆盖指标为期末状态）", " (coverage as of the period's last day)")) + "</p>";
  cards(o, p, t);
  trend_svg(o, p, t);
  townships(o, p, t);
  stations(o, p, t);
  villages(o, p, t);
  o += "</main><script>" + std::string(k_sort_script) + "</script></body></html>";
  return o;
}

std::string render_login(bool en, std::string_view csrf, std::string_view message) {
  const lang_text t{en};
  std::string o = head(en, t("村站 · 登录", "Cunzhan · sign in"));
  o += "<header><strong>" + std::string(t("村站 · 区县电商指标", "Cunzhan · county KPIs")) +
       "</strong></header><main>";
  if (!message.empty()) o += "<p class=\"reason\">" + html_escape(message) + "</p>";
  o += "<form method=\"post\" action=\"/dashboard/login" + std::string(en ? "?lang=en" : "") + "\"><p>" +
       std::string(t("请输入工作人员令牌（hub staff add 发放）：", "Staff token (from `hub staff add`):")) +
       "</p><input type=\"hidden\" name=\"csrf\" value=\"" + html_escape(csrf) +
       "\"><input type=\"password\" name=\"token\" size=\"90\" autocomplete=\"off\" required> <button>" +
       std::string(t("登录", "Sign in")) + "</button></form></main></body></html>";
  return o;
}

std::string render_notice(bool en, std::string_view title, std::string_view message) {
  const lang_text t{en};
  std::string o = head(en, title);
  o += "<header><strong>" + html_escape(title) + "</strong></header><main><p>" + html_escape(message) +
       "</p><p><a href=\"/dashboard" + std::string(en ? "?lang=en" : "") + "\">" +
       std::string(t("返回", "Back")) + "</a></p></main></body></html>";
  return o;
}

}  // namespace cunzhan::hub::kpi
