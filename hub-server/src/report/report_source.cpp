// Storage's rows through the KPI engine: reports, targets, trends and rollups.
#include "cunzhan/hub/report_source.hpp"

namespace cunzhan::hub::report {

result<kpi::county_report> compute(storage& store, const std::string& county_code, const kpi::period& p,
                                   const kpi::options& o) {
  auto rows = store.kpi_inputs(kpi::query_for(county_code, p, o));
  if (!rows) return std::move(rows).err();
  return kpi::compute(*rows, p, o);
}

result<kpi::target_map> load_targets(storage& store, const std::string& county_code) {
  auto overrides = store.target_overrides(county_code);
  if (!overrides) return std::move(overrides).err();
  return kpi::targets_with(*overrides);
}

status set_target(storage& store, const std::string& county_code, const std::string& kpi, double value,
                  std::int64_t now_s) {
  if (auto s = kpi::check_target(kpi, value); !s) return s;
  return store.write_admin([&](admin_writer& w) { return w.set_target(county_code, kpi, value, now_s); });
}

result<kpi::loaded_report> load_report(storage& store, const std::string& county_code, const kpi::period& p,
                                       const clock_source& clock) {
  auto targets = load_targets(store, county_code);
  if (!targets) return std::move(targets).err();
  kpi::options o;
  o.deadline_hour = kpi::deadline_hour(*targets);
  o.today = clock.today();
  o.now_s = clock.now().time_since_epoch().count();
  auto r = compute(store, county_code, p, o);
  if (!r) return std::move(r).err();
  return kpi::loaded_report{std::move(*r), std::move(*targets)};
}

result<std::vector<kpi::trend_point>> monthly_trend(storage& store, const std::string& county_code, date last,
                                                    int months, int deadline_hour, date today,
                                                    const kpi::county_report* known) {
  const auto span = kpi::trend_months(last, months);
  if (span.empty()) return std::vector<kpi::trend_point>{};
  auto rows = store.rollups(county_code, format_date(span.front().start), format_date(span.back().end));
  if (!rows) return std::move(rows).err();
  return kpi::monthly_trend(
      *rows, last, months, today, [&](const kpi::period& p) -> result<kpi::county_report> {
        if (known != nullptr && known->per.kind == kpi::period_kind::month && known->per.label == p.label)
          return *known;
        kpi::options o;
        o.deadline_hour = deadline_hour;
        o.with_growth = false;
        o.with_services = false;  // the trend draws the rolled-up figures only
        o.today = today;
        return compute(store, county_code, p, o);
      });
}

status store_rollup(storage& store, const std::string& county_code, date d, int deadline_hour) {
  auto r = compute(store, county_code, kpi::rollup_period(d), kpi::rollup_options(d, deadline_hour));
  if (!r) return std::move(r).err();
  const auto rows = kpi::rollup_rows(*r);
  return store.write_admin(
      [&](admin_writer& w) { return w.replace_rollup(county_code, format_date(d), rows); });
}

}  // namespace cunzhan::hub::report
