// `hub targets set|list` (per-county KPI targets) and `hub nightly` (the day's rollups,
// an integrity check, a dated backup and pruning of old backups), for cron / systemd.
#include <iostream>

#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "cunzhan/hub/kpi_nightly.hpp"
#include "cunzhan/hub/postgres.hpp"
#include "cunzhan/hub/report_source.hpp"
#include "cunzhan/shared/division_code.hpp"
#include "province/province_cli.hpp"

namespace cunzhan::hub::cli {
namespace {

// A whole number, or -1 for anything else ("3x", "", "-2").
int parse_count(const std::string& s) {
  if (s.empty() || s.size() > 6 || s.find_first_not_of("0123456789") != std::string::npos) return -1;
  return std::stoi(s);
}

int targets_set(const argv_t& argv, const clock_source& clock) {
  auto a = args::parse(argv, {"data", "county", "kpi", "value"}, {});
  if (!a) return report(a.err());
  auto county = a->required("county");
  if (!county) return report(county.err());
  auto kpi_name = a->required("kpi");
  if (!kpi_name) return report(kpi_name.err());
  auto text = a->required("value");
  if (!text) return report(text.err());
  if (!is_county_code(*county)) {
    return report(error(errc::invalid_division_code, "not a 6-digit county code: " + *county,
                        "不是 6 位区县代码：" + *county));
  }
  double value = 0;
  try {
    std::size_t used = 0;
    value = std::stod(*text, &used);
    if (used != text->size()) throw std::invalid_argument("trailing");
  } catch (const std::exception&) {
    return report(error(errc::invalid_argument, "--value must be a number such as 0.8 or 300",
                        "--value 必须是数字，如 0.8 或 300"));
  }
  auto store = open_store(*a);
  if (!store) return report(store.err());
  if (auto s = report::set_target(**store, *county, *kpi_name, value, clock.unix_seconds()); !s) {
    return report(s.err());
  }
  std::cout << "target " << *kpi_name << " = " << value << " for county " << *county << "\n";
  return 0;
}

int targets_list(const argv_t& argv) {
  auto a = args::parse(argv, {"data", "county"}, {});
  if (!a) return report(a.err());
  auto county = a->required("county");
  if (!county) return report(county.err());
  auto store = open_store(*a);
  if (!store) return report(store.err());
  auto targets = report::load_targets(**store, *county);
  if (!targets) return report(targets.err());
  for (const auto& [k, v] : *targets) std::cout << k << " " << v << "\n";
  return 0;
}

}  // namespace

int cmd_targets(const argv_t& argv, const clock_source& clock) {
  static const char* help =
      "hub targets set --data DIR --county CODE --kpi KPI --value V\n"
      "hub targets list --data DIR --county CODE\n"
      "  Overrides a KPI target for one county, or lists the targets in force.\n"
      "  Shares (0–1): station_coverage township_courier_coverage village_courier_coverage\n"
      "       four_brand_share delivery_3_days delivery_5_days fixed_point_rate online_rate on_time_rate\n"
      "       pickup_timeliness people_served_rate trained_station_rate;\n"
      "  counts (a whole number 0–1000000, e.g. a plan's 300 officers): officers_trained_to_date\n"
      "       ecommerce_leaders;\n"
      "  deadline_hour (0–17) sets the morning hour the on-time rate counts to (default 6).\n"
      "  设置或查看区县指标目标值：比例指标 0–1，人数指标为整数（如 300）。\n"
      "example: hub targets set --data /var/lib/cunzhan-hub --county 500153 --kpi station_coverage --value "
      "0.9\n";
  if (wants_help(argv, help)) return 0;
  if (argv.empty())
    return report(error(errc::invalid_argument, "use `hub targets set` or `hub targets list`",
                        "请使用 `hub targets set` 或 `hub targets list`"));
  const argv_t rest(argv.begin() + 1, argv.end());
  if (argv[0] == "set") return targets_set(rest, clock);
  if (argv[0] == "list") return targets_list(rest);
  return report(error(errc::invalid_argument, "unknown targets command " + argv[0],
                      "未知的 targets 子命令 " + argv[0]));
}

int cmd_nightly(const argv_t& argv, const clock_source& clock) {
  static const char* help =
      "hub nightly --data DIR [--day YYYY-MM-DD] [--days N | --from YYYY-MM-DD] [--backup-dir DIR] [--keep "
      "N]\n"
      "  Re-rolls every county's daily rollups for the N days ending with --day (default: yesterday,\n"
      "  Asia/Shanghai; N default 40, so records synced late are counted), or from --from to --day;\n"
      "  runs a full integrity check, writes hub-YYYY-MM-DD.db into --backup-dir (a county hub that\n"
      "  joined a province: hub-YYYY-MM-DD.upstream.db too) and keeps the\n"
      "  newest --keep backups (default 14). Exit 1 when the check or the backup fails (then no\n"
      "  backup is written). 夜间汇总（默认重算最近 40 天）、自检与备份。\n"
      "example: hub nightly --data /var/lib/cunzhan-hub --backup-dir /var/backups/cunzhan-hub --keep 30\n";
  if (wants_help(argv, help)) return 0;
  auto a = args::parse(argv, {"data", "day", "days", "from", "backup-dir", "keep"}, {});
  if (!a) return report(a.err());
  kpi::nightly_options o;
  o.data_dir = a->data_dir();
  o.storage = a->get("storage").value_or(default_storage());
  o.day = kpi::from_day_number(kpi::day_number(clock.today()) - 1);
  if (auto d = a->get("day")) {
    auto parsed = parse_date(*d);
    if (!parsed)
      return report(error(errc::invalid_date, "--day must be YYYY-MM-DD", "--day 应为 YYYY-MM-DD"));
    o.day = *parsed;
  }
  if (auto n = a->get("days")) {
    o.window_days = parse_count(*n);
    if (o.window_days < 1 || o.window_days > 3 * 366) {
      return report(error(errc::invalid_argument, "--days must be a number from 1 to 1098",
                          "--days 必须是 1 到 1098 的数字"));
    }
  }
  if (auto f = a->get("from")) {
    auto parsed = parse_date(*f);
    if (!parsed)
      return report(error(errc::invalid_date, "--from must be YYYY-MM-DD", "--from 应为 YYYY-MM-DD"));
    if (a->get("days")) {
      return report(
          error(errc::invalid_argument, "give --days or --from, not both", "--days 与 --from 只能二选一"));
    }
    if (kpi::day_number(*parsed) > kpi::day_number(o.day) ||
        kpi::day_number(o.day) - kpi::day_number(*parsed) >= 3 * 366) {
      return report(error(errc::invalid_argument,
                          "--from must be on or before --day and at most 3 years before it",
                          "--from 须不晚于 --day，且最多早 3 年"));
    }
    o.from = *parsed;
  }
  o.backup_dir = a->get("backup-dir").value_or("");
  if (auto k = a->get("keep")) {
    o.keep = parse_count(*k);
    if (o.keep < 1)
      return report(error(errc::invalid_argument, "--keep must be a number ≥ 1", "--keep 必须是 ≥ 1 的数字"));
  }
  auto r = kpi::run_nightly(o, std::cout);
  if (!r) {
    report(r.err());
    return 1;
  }
  // A county hub that joined a province sends the months due (PROTOCOL.md, reporting chain).
  return province::nightly_submit(o.storage, o.data_dir, std::cout, clock);
}

}  // namespace cunzhan::hub::cli
