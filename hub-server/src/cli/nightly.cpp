// The nightly job: rollups first (the trend needs them even when a later step fails),
// then the integrity check, then the backup, so a damaged file is never backed up over a
// good one.
#include <algorithm>
#include <filesystem>

#include "cunzhan/hub/kpi_nightly.hpp"
#include "cunzhan/hub/postgres.hpp"
#include "cunzhan/hub/report_source.hpp"
#include "province/upstream_store.hpp"

namespace cunzhan::hub::kpi {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view k_backup_prefix = "hub-";
constexpr std::string_view k_backup_suffix = ".db";

// Deletes dated backups beyond the newest `keep` (names sort by date), each with its
// upstream.db copy.
status prune(const std::string& dir, int keep, std::ostream& log) {
  std::vector<fs::path> backups;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    const auto name = e.path().filename().string();
    if (name.size() == k_backup_prefix.size() + 10 + k_backup_suffix.size() &&
        name.starts_with(k_backup_prefix) && name.ends_with(k_backup_suffix)) {
      backups.push_back(e.path());
    }
  }
  if (ec) return error(errc::io_error, "cannot list " + dir + ": " + ec.message(), "无法读取目录 " + dir);
  std::sort(backups.begin(), backups.end());
  const auto excess = static_cast<std::ptrdiff_t>(backups.size()) - keep;
  for (std::ptrdiff_t i = 0; i < excess; ++i) {
    const auto& old = backups[static_cast<std::size_t>(i)];
    fs::remove(old, ec);
    fs::remove(province::upstream_store::beside(old.string()), ec);
    log << "pruned " << old.string() << "\n";
  }
  return ok_status();
}

}  // namespace

status run_nightly(const nightly_options& o, std::ostream& log) {
  auto store = open_storage(o.storage, o.data_dir, false);
  if (!store) return std::move(store).err();
  {
    auto counties = (*store)->registry_counties();
    if (!counties) return std::move(counties).err();
    const std::int64_t last = day_number(o.day);
    const std::int64_t first = o.from ? day_number(*o.from) : last - std::max(1, o.window_days) + 1;
    for (const auto& c : *counties) {
      auto targets = report::load_targets(**store, c);
      if (!targets) return std::move(targets).err();
      for (std::int64_t d = first; d <= last; ++d) {
        if (auto s = report::store_rollup(**store, c, from_day_number(d), deadline_hour(*targets)); !s)
          return s;
      }
      log << "rollup " << c << " " << format_date(from_day_number(first)) << ".." << format_date(o.day)
          << " (" << (last - first + 1) << " days)\n";
    }
  }
  auto check = (*store)->integrity_check();
  if (!check) return std::move(check).err();
  if (*check != "ok") {
    return error(errc::db_corrupt, "integrity_check: " + *check + " (no backup written)",
                 "完整性检查未通过：" + *check + "（未写备份）");
  }
  log << "integrity_check ok\n";
  if (o.backup_dir.empty()) return ok_status();
  std::error_code ec;
  fs::create_directories(o.backup_dir, ec);
  if (ec)
    return error(errc::io_error, "cannot create " + o.backup_dir + ": " + ec.message(),
                 "无法创建目录 " + o.backup_dir);
  const auto dest = fs::path(o.backup_dir) /
                    (std::string(k_backup_prefix) + format_date(o.day) + std::string(k_backup_suffix));
  // Write beside the final name and rename, so a half-written file never looks like a backup.
  const auto tmp = fs::path(dest.string() + ".tmp");
  fs::remove(tmp, ec);
  if (auto s = (*store)->backup_to(tmp.string()); !s) return s;
  fs::rename(tmp, dest, ec);
  if (ec) return error(errc::io_error, "cannot rename backup: " + ec.message(), "备份文件改名失败");
  log << "backup " << dest.string() << "\n";
  // A county hub's outbox to its province (the link, every submission id, sent or
  // waiting) beside it: a hub restored from the two resends what was pending under the
  // same ids. Each copy is consistent; a month sent between them is at worst sent again
  // by the restored hub and answered `unchanged`.
  const std::string up_dest = province::upstream_store::beside(dest.string());
  const auto up_tmp = up_dest + ".tmp";
  auto up = province::upstream_store::backup_file(o.data_dir, up_tmp);
  if (!up) return std::move(up).err();
  if (*up) {
    fs::rename(up_tmp, up_dest, ec);
    if (ec) return error(errc::io_error, "cannot rename backup: " + ec.message(), "备份文件改名失败");
    log << "backup " << up_dest << "\n";
  }
  return prune(o.backup_dir, o.keep, log);
}

}  // namespace cunzhan::hub::kpi
