// Figure formatting shared by the report views.
#include "report/format.hpp"

#include <cstdio>

namespace cunzhan::hub::report {

std::string percent(const std::optional<double>& v, int decimals) {
  if (!v) return "";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f%%", decimals, *v * 100.0);
  return buf;
}

std::string percent_or_dash(const kpi::figure& f, int decimals) {
  auto v = percent(f.value(), decimals);
  return v.empty() ? "—" : v;
}

std::string yuan(std::int64_t fen) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%s%lld.%02lld", fen < 0 ? "-" : "",
                static_cast<long long>((fen < 0 ? -fen : fen) / 100),
                static_cast<long long>((fen < 0 ? -fen : fen) % 100));
  return buf;
}

std::string instant_text(const std::optional<std::int64_t>& s) {
  if (!s) return "";
  return format_instant(sys_seconds(std::chrono::seconds(*s)));
}

std::set<std::string> category_keys(const kpi::county_report& r) {
  std::set<std::string> out;
  for (const auto& [cat, _] : r.category_mom) out.insert(cat);
  for (const auto& [cat, _] : r.category_yoy) out.insert(cat);
  for (const auto& [cat, _] : r.act.by_category) out.insert(cat);
  return out;
}

}  // namespace cunzhan::hub::report
