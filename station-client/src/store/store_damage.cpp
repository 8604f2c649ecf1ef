// A "damaged file" verdict sends the officer to a backup, and everything saved since that
// backup is lost: so it is confirmed on a fresh open before it is given, and it comes
// with what a restore would lose (records saved since the last `station backup`).
#include <cinttypes>
#include <cstdio>

#include "connection.hpp"
#include "cunzhan/platform/path.hpp"
#include "cunzhan/shared/sqlite.hpp"
#include "cunzhan/shared/time.hpp"

namespace cunzhan::station_client {
namespace {

constexpr const char* k_backup_key = "backup.last";  // "<unix time> <max outbox seq> <path>"
constexpr const char* k_since = "SELECT count(*) FROM outbox WHERE seq > ?";

}  // namespace

status store::note_backup(const std::string& path) {
  auto seq = outbox_.last_seq();
  if (!seq) return std::move(seq).err();
  return meta_.note_backup(path, *seq);
}

status meta_table::note_backup(const std::string& path, std::int64_t last_seq) {
  write_scope w(conn_);
  if (auto s = w.begun(); !s) return s;
  if (auto s = set(k_backup_key, std::to_string(to_unix(conn_.clock().now())) + " " +
                                     std::to_string(last_seq) + " " + path);
      !s)
    return s;
  return w.commit();
}

error confirm_damage(const std::filesystem::path& data_dir, error e) {
  if (e.code != errc::db_corrupt) return e;
  store_options o;
  o.create = false;
  o.full_check = true;
  auto again = store::open(data_dir, o);
  if (!again) return std::move(again).err();  // damage confirmed, or the disk failing
  // The first verdict's own words ("malformed", "not a database") are left out: they are
  // what this message takes back, and an officer skimming it must not read them.
  const int code = sql::sqlite_code_of(e);
  const std::string what = code != 0 ? " (SQLite code " + std::to_string(code) + ")" : "";
  const std::string what_zh = code != 0 ? "（SQLite 代码 " + std::to_string(code) + "）" : "";
  return error(errc::db_io_error,
               "a read of the station database gave a result that looked damaged" + what +
                   ", but the whole file checked intact when read again: nothing is damaged and nothing was "
                   "lost. Try again; if it keeps happening, the disk is failing: copy a backup elsewhere "
                   "(`station backup --to FILE`) and have the disk checked. Do NOT restore an old backup.",
               "读取本站数据库时读到的内容看似有误" + what_zh +
                   "，但再次完整读取时文件检查正常：没有损坏，也没有丢失数据。请重试；如果反复出现，说明硬盘"
                   "有故障：请用 "
                   "`station backup --to 文件` 备份到别处并检修硬盘。请勿用旧备份恢复。");
}

error confirm_damage_in_use(const store& s, error e) {
  if (e.code != errc::db_corrupt || sql::sqlite_code_of(e) == 0) return e;
  return confirm_damage(platform::path_from_utf8(s.file_path()).parent_path(), std::move(e));
}

status check_copy(const std::string& path) {
  sql::open_options check;
  check.create = false;
  auto copy = sql::database::open(path, check);  // quick_check of every page
  if (!copy) return std::move(copy).err();
  return ok_status();
}

restore_cost what_restore_loses(const std::filesystem::path& data_dir) {
  restore_cost cost;
  sql::open_options o;
  o.create = false;
  o.read_only = true;
  o.check_integrity = false;  // a damaged file may still answer these two small queries
  auto db = sql::database::open((data_dir / db_file_name).string(), o);
  if (!db) return cost;
  auto meta = (*db)->prepare("SELECT value FROM meta WHERE key = ?");
  if (!meta) return cost;
  meta->bind(1, k_backup_key);
  auto row = meta->step();
  if (!row) return cost;
  cost.backup_known = true;
  if (!*row) return cost;  // known: there is no backup made by `station backup`
  long long at = 0, seq = 0;
  int used = 0;
  const std::string v = meta->column_text(0);
  if (std::sscanf(v.c_str(), "%lld %lld %n", &at, &seq, &used) < 2) return cost;
  cost.backup_path = v.substr(static_cast<std::size_t>(used));
  cost.backup_at = format_instant(from_unix(at));
  auto since = (*db)->prepare(k_since);
  if (!since) return cost;
  since->bind(1, static_cast<std::int64_t>(seq));
  if (auto r = since->step(); r && *r) cost.records_since = since->column_int(0);
  return cost;
}

}  // namespace cunzhan::station_client
