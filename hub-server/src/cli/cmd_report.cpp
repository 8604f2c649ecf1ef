// `hub report`: the county's KPI table in the terminal — the same engine, targets and
// figures as the JSON API and the dashboard, for staff at a console and for the demo.
// Columns are padded by display width so Chinese names line up in a terminal.
#include <cmath>
#include <iostream>
#include <string>

#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "cunzhan/hub/report_source.hpp"
#include "cunzhan/hub/villager_kpi.hpp"
#include "cunzhan/shared/division_code.hpp"
#include "report/format.hpp"

namespace cunzhan::hub::cli {
namespace {

// Terminal columns of UTF-8 text: CJK and full-width forms take two.
std::size_t display_width(std::string_view s) {
  std::size_t w = 0;
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    const std::size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    w += len >= 3 ? 2 : 1;
    i += len;
  }
  return w;
}

std::string pad(std::string_view s, std::size_t width) {
  std::string out(s);
  for (std::size_t w = display_width(s); w < width; ++w) out.push_back(' ');
  return out;
}

// One decimal in the terminal; "—" without data.
std::string percent(const kpi::figure& f) { return report::percent_or_dash(f, 1); }
using report::yuan;

void print_kpis(const kpi::county_report& r, const kpi::target_map& targets, bool zh) {
  std::cout << pad(zh ? "指标" : "KPI", 34) << pad(zh ? "分子/分母" : "num/den", 14)
            << pad(zh ? "数值" : "value", 9) << pad(zh ? "目标" : "target", 9) << (zh ? "达标" : "pass")
            << "\n";
  for (const auto& line : kpi::kpi_lines(r, targets)) {
    const std::string name(zh ? line.def->zh : line.def->en);
    // A count (KPIS.md "Targets") is a number of people: no num/den, value and target whole.
    const bool count = line.def->kind == kpi::kpi_kind::count;
    const std::string ratio =
        count ? "—" : std::to_string(line.fig.numerator) + "/" + std::to_string(line.fig.denominator);
    const std::string value = !count             ? percent(line.fig)
                              : line.fig.value() ? std::to_string(line.fig.numerator)
                                                 : "—";
    std::string target = "—";
    if (line.target && count) target = std::to_string(std::llround(*line.target));
    if (line.target && !count)
      target = percent(kpi::figure{static_cast<std::int64_t>(*line.target * 1000 + 0.5), 1000});
    const char* pass = !line.pass ? "—" : *line.pass ? (zh ? "是" : "yes") : (zh ? "否" : "NO");
    std::cout << pad(name, 34) << pad(ratio, 14) << pad(value, 9) << pad(target, 9) << pass << "\n";
  }
}

void print_activity(const kpi::county_report& r, bool zh) {
  const auto& a = r.act;
  std::cout << "\n"
            << (zh ? "农产品网络销售：" : "Farm-product online sales: ") << a.sales_count
            << (zh ? " 笔，" : " sales, ") << yuan(a.sales_fen) << (zh ? " 元" : " yuan");
  if (const auto g = r.sales_mom.value())
    std::cout << (zh ? "，环比 " : ", MoM ") << percent({static_cast<std::int64_t>(*g * 1000), 1000});
  std::cout << "\n"
            << (zh ? "新登记农产品：" : "New listings: ") << a.listings_new
            << (zh ? "，在售：" : ", active: ") << a.listings_active << "\n"
            << (zh ? "寄出包裹：" : "Parcels out: ") << a.parcels_out
            << (zh ? "，代收包裹：" : ", parcels in: ") << a.parcels_in << "\n"
            << (zh ? "运营服务站：" : "Operating stations: ") << r.stations_operating
            << (zh ? "，行政村：" : ", administrative villages: ") << r.villages
            << (zh ? "，乡镇：" : ", townships: ") << r.townships << "\n";
  if (!r.services) return;
  const auto& v = r.services->county;  // KPIS.md "Villager services"
  std::cout << (zh ? "代买：" : "Proxy purchases: ") << v.proxy_buy.count << (zh ? " 单，" : " orders, ")
            << yuan(v.proxy_buy.amount_fen) << (zh ? " 元，到站超 7 天未交付 " : " yuan, waiting > 7 days ")
            << v.proxy_buy.waiting_over_7_days << "\n"
            << (zh ? "服务村民：" : "Villagers served (12 months): ") << v.people_served.numerator
            << (zh ? " 人 / 户籍人口 " : " of population ") << v.people_served.denominator
            << (zh ? "，缺人口数据的行政村 " : ", villages without population data ")
            << v.villages_without_population << "\n"
            << (zh ? "本期受训信息员：" : "Officers trained in the period: ") << v.officers_trained
            << (zh ? "，培训学时：" : ", training hours: ") << v.training_hours
            << (zh ? "，电商带头人：" : ", e-commerce leaders: ") << v.ecommerce_leaders << "\n"
            << (zh ? "网上销售的合作社 / 企业：" : "Cooperatives / enterprises selling online: ")
            << v.sellers.cooperatives << " / " << v.sellers.enterprises << "\n";
}

void print_townships(const kpi::county_report& r, bool zh) {
  std::cout << "\n"
            << pad(zh ? "乡镇" : "Township", 16) << pad(zh ? "站点" : "stations", 10)
            << pad(zh ? "站点覆盖" : "station cov.", 14) << pad(zh ? "快递覆盖" : "courier cov.", 14)
            << pad(zh ? "在线率" : "online", 10) << (zh ? "销售额(元)" : "sales (yuan)") << "\n";
  for (const auto& t : r.townships_table) {
    std::cout << pad(t.name, 16) << pad(std::to_string(t.stations_operating), 10)
              << pad(percent(t.cov.station), 14) << pad(percent(t.cov.courier), 14)
              << pad(percent(t.act.online), 10) << yuan(t.act.sales_fen) << "\n";
  }
}

}  // namespace

int cmd_report(const argv_t& argv, const clock_source& clock) {
  static const char* help =
      "hub report --data DIR --county CODE [--period 2026-11|2026-Q4|2026 | --from D --to D]\n"
      "           [--lang zh|en] [--townships]\n"
      "  Prints the county's KPI table against its targets (the figures of the JSON API and\n"
      "  the dashboard), sales and parcels, and with --townships the township table.\n"
      "  Default period: the last complete month, as in the API.\n"
      "  打印区县指标表（与接口、看板一致），可加乡镇明细。\n"
      "example: hub report --data /var/lib/cunzhan-hub --county 500153 --period 2026-10 --townships\n";
  if (wants_help(argv, help)) return 0;
  auto a = args::parse(argv, {"data", "county", "period", "from", "to", "lang"}, {"townships"});
  if (!a) return report(a.err());
  auto county = a->required("county");
  if (!county) return report(county.err());
  if (!is_county_code(*county)) {
    return report(error(errc::invalid_division_code, "not a 6-digit county code: " + *county,
                        "不是 6 位区县代码：" + *county));
  }
  // The API's rules: same default period (the last complete month), same loading path
  // (the county's deadline_hour and targets), so the terminal shows the API's figures.
  auto per = kpi::resolve_period(a->get("period"), a->get("from"), a->get("to"), clock.today());
  if (!per) return report(per.err());
  const bool zh = a->get("lang").value_or("zh") != "en";

  auto store = open_store(*a);
  if (!store) return report(store.err());
  auto loaded = report::load_report(**store, *county, *per);
  if (!loaded) return report(loaded.err());
  const auto* r = &loaded->report;
  const auto* targets = &loaded->targets;

  std::cout << (zh ? "区县 " : "County ") << *county << (zh ? "  期间 " : "  period ") << per->label
            << "\n\n";
  print_kpis(*r, *targets, zh);
  print_activity(*r, zh);
  if (a->has("townships")) print_townships(*r, zh);
  return 0;
}

}  // namespace cunzhan::hub::cli
