// KPI targets: built-in defaults from the demonstration-county plans, overridden per
// county in the kpi_target table (`hub targets set`), and the KPI table of a report with
// each figure's target and pass/fail.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cunzhan/hub/kpi.hpp"

namespace cunzhan::hub::kpi {

// A share (a ratio 0–1, shown as a percentage) or a count (a whole number of people, shown
// as a number; its figure is {count, 1}). KPIS.md "Targets".
enum class kpi_kind { share, count };
std::string_view kind_name(kpi_kind k);  // "share" | "count", the JSON lines' "kind"

struct kpi_def {
  std::string_view key;  // e.g. "station_coverage"
  std::string_view zh;
  std::string_view en;
  std::optional<double> default_target;
  kpi_kind kind = kpi_kind::share;
};

// The largest count target accepted (a county plan counts people, never millions).
inline constexpr double k_max_count_target = 1'000'000;

// Every KPI of the report table, in report order.
const std::vector<kpi_def>& kpi_defs();
const kpi_def* find_kpi(std::string_view key);

using target_map = std::map<std::string, double>;

// Not a KPI but the county's rule for the on-time rate: the hour (0–17) of the morning
// after by which day D's nightly sync must have finished. Stored with the targets.
inline constexpr std::string_view k_deadline_hour_key = "deadline_hour";
int deadline_hour(const target_map& targets);  // 6 unless the county set it

// Defaults with the county's overrides (storage::target_overrides) applied.
target_map targets_with(const std::vector<std::pair<std::string, double>>& overrides);
// Whether `value` may be stored as the target of `kpi` (a share in [0, 1], a count a whole
// number 0–k_max_count_target, deadline_hour a whole hour 0–17); errc::invalid_argument
// with the rule otherwise.
status check_target(const std::string& kpi, double value);

// A county's report computed with its own rules (deadline_hour) plus the targets in force:
// what the JSON API, the dashboard, the CSV tables and `hub report` show
// (report/report_source.hpp loads it).
struct loaded_report {
  county_report report;
  target_map targets;
};

struct kpi_line {
  const kpi_def* def = nullptr;
  figure fig;  // a count's is {count, 1}; {0, 0} (value null) when its figures were not computed
  std::optional<double> target;
  std::optional<bool> pass;  // nullopt when there is no target or no data
};

// The KPI table of a county report.
std::vector<kpi_line> kpi_lines(const county_report& r, const target_map& targets);
// The figure of one KPI from coverage and activity (township and station rows use it too).
figure kpi_figure(std::string_view key, const coverage& c, const activity& a, const figure& township_courier);

}  // namespace cunzhan::hub::kpi
