// The province's tables as CSV for Excel, in the county's conventions (kpi_csv.hpp):
// UTF-8 with BOM, CRLF, figures bare, division codes as ="…", names guarded; every ratio
// as numerator, denominator and percentage, a count (kpi_kind::count) as its number.
#include <boost/json.hpp>

#include "cunzhan/hub/kpi_targets.hpp"
#include "cunzhan/shared/csv.hpp"
#include "province/province_routes.hpp"
#include "report/format.hpp"
#include "report/kpi_csv.hpp"

namespace cunzhan::hub::province {
namespace {

namespace json = boost::json;
using csv::cell_kind;
using cells = std::vector<csv::typed_cell>;

csv::typed_cell txt(std::string s) { return {std::move(s), cell_kind::text}; }
csv::typed_cell num(std::string s) { return {std::move(s), cell_kind::number}; }
csv::typed_cell code(std::string s) { return {std::move(s), cell_kind::code}; }

std::string int_text(const json::value& v) {
  if (v.is_int64()) return std::to_string(v.as_int64());
  if (v.is_uint64()) return std::to_string(v.as_uint64());
  return "";
}
std::optional<double> opt_double(const json::value& v) {
  if (v.is_number()) return v.to_number<double>();
  return std::nullopt;
}
std::string yuan(std::int64_t fen) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%s%lld.%02lld", fen < 0 ? "-" : "",
                static_cast<long long>(std::llabs(fen) / 100), static_cast<long long>(std::llabs(fen) % 100));
  return buf;
}

// A KPI's value or target: a count as a whole number, a share as a percentage.
std::string value_text(const kpi::kpi_def& d, const json::value& v) {
  return d.kind == kpi::kpi_kind::count ? int_text(v) : report::percent(opt_double(v));
}

const json::object* kpi_row(const json::value& kpis, std::string_view key) {
  if (!kpis.is_array()) return nullptr;
  for (const auto& r : kpis.as_array()) {
    if (r.as_object().at("kpi").as_string() == key) return &r.as_object();
  }
  return nullptr;
}

// Views from before names were shipped have no name keys.
std::string name_of(const json::object& r, const char* key) {
  const auto* v = r.if_contains(key);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

}  // namespace

std::string counties_csv(const json::object& view) {
  std::string out(csv::utf8_bom);
  out += csv::format_row(cells{txt("统计期"), txt(std::string(view.at("period").as_string()))});
  cells head{txt("区县代码"), txt("区县名称"),   txt("地市代码"),   txt("地市名称"),     txt("报送状态"),
             txt("版本"),     txt("已报送月数"), txt("达标指标数"), txt("有目标指标数"), txt("等级")};
  for (const auto& d : kpi::kpi_defs()) {
    const std::string n(d.zh);
    for (const char* suffix : {"·分子", "·分母", "", "·目标", "·是否达标"}) head.push_back(txt(n + suffix));
  }
  head.push_back(txt("销售单数"));
  head.push_back(txt("销售额（元）"));
  out += csv::format_row(head);
  for (const auto& rv : view.at("counties").as_array()) {
    const auto& r = rv.as_object();
    const auto* state = r.if_contains("state");
    const auto& grade = r.at("grade");
    cells row{code(std::string(r.at("county_code").as_string())),
              txt(name_of(r, "county_name")),
              code(std::string(r.at("city_code").as_string())),
              txt(name_of(r, "city_name")),
              txt(state ? std::string(state->as_string()) : ""),
              num(r.contains("version") ? int_text(r.at("version")) : ""),
              num(int_text(r.at("months_submitted"))),
              num(int_text(r.at("met"))),
              num(int_text(r.at("targeted"))),
              txt(grade.is_object() ? std::string(grade.as_object().at("zh").as_string()) : "")};
    for (const auto& d : kpi::kpi_defs()) {
      const auto* k = kpi_row(r.at("kpis"), d.key);
      if (k == nullptr) {
        for (int i = 0; i < 5; ++i) row.push_back(txt(""));
        continue;
      }
      const auto& f = k->at("figure").as_object();
      const bool count = d.kind == kpi::kpi_kind::count;  // a count has no 分子/分母
      row.push_back(num(count ? "" : int_text(f.at("numerator"))));
      row.push_back(num(count ? "" : int_text(f.at("denominator"))));
      row.push_back(num(value_text(d, f.at("value"))));
      row.push_back(num(value_text(d, k->at("target"))));
      const auto& pass = k->at("pass");
      row.push_back(txt(pass.is_bool() ? (pass.as_bool() ? "达标" : "未达标") : ""));
    }
    const auto& sales = r.at("sales").as_object();
    row.push_back(num(int_text(sales.at("count"))));
    row.push_back(num(yuan(sales.at("amount_fen").to_number<std::int64_t>())));
    out += csv::format_row(row);
  }
  const auto& t = view.at("totals").as_object();
  cells total{txt("全省合计"), txt(""), txt(""), txt(""), num(int_text(t.at("counties_submitted"))),
              txt(""),         txt(""), txt("")};
  for (const auto& d : kpi::kpi_defs()) {
    const auto* k = kpi_row(t.at("kpis"), d.key);
    if (k == nullptr) {
      for (int i = 0; i < 5; ++i) total.push_back(txt(""));
      continue;
    }
    const auto& f = k->at("figure").as_object();
    const bool count = d.kind == kpi::kpi_kind::count;
    total.push_back(num(count ? "" : int_text(f.at("numerator"))));
    total.push_back(num(count ? "" : int_text(f.at("denominator"))));
    total.push_back(num(value_text(d, f.at("value"))));
    total.push_back(txt(""));
    total.push_back(txt(""));
  }
  total.push_back(num(int_text(t.at("sales").as_object().at("count"))));
  total.push_back(num(yuan(t.at("sales").as_object().at("amount_fen").to_number<std::int64_t>())));
  out += csv::format_row(total);
  return out;
}

std::string submissions_csv(const json::object& view) {
  std::string out(csv::utf8_bom);
  out += csv::format_row(cells{txt("统计期"), txt(std::string(view.at("period").as_string())),
                               txt("截止时间"), txt(std::string(view.at("deadline").as_string()))});
  out += csv::format_row(cells{txt("区县代码"), txt("状态"), txt("状态（英文）")});
  const std::pair<const char*, const char*> states[] = {{"on_time", "按时报送"},
                                                        {"late", "逾期报送"},
                                                        {"missing", "逾期未报"},
                                                        {"not_due", "未到截止日"},
                                                        {"corrected", "已更正"}};
  for (const auto& [key, zh] : states) {
    for (const auto& c : view.at(key).as_array()) {
      out += csv::format_row(cells{code(std::string(c.as_string())), txt(zh), txt(key)});
    }
  }
  return out;
}

}  // namespace cunzhan::hub::province
