// The store's lifecycle: opening, checking and migrating the file, the tables over its
// one connection, bulk transactions, and whole-file operations (check, backup).
#include "cunzhan/station/store.hpp"

#include <system_error>

#include "connection.hpp"
#include "cunzhan/platform/files.hpp"
#include "cunzhan/station/schema.hpp"

namespace cunzhan::station_client {

store::store(std::unique_ptr<store_connection> c)
    : conn_(std::move(c)),
      outbox_(*conn_),
      meta_(*conn_),
      listings_(*conn_, meta_, outbox_),
      pickups_(*conn_, meta_, outbox_),
      points_(*conn_, meta_, outbox_) {}
store::~store() = default;

result<std::unique_ptr<store>> store::open(const std::filesystem::path& data_dir,
                                           const store_options& o) {
  const std::filesystem::path file = data_dir / db_file_name;
  std::error_code ec;
  if (!std::filesystem::exists(file, ec)) {
    if (!o.create) {
      return error(errc::not_initialised,
                   "no station database at " + file.string() + "; run `station init ENROLMENT_FILE` first",
                   "未找到服务站数据库 " + file.string() + "；请先运行 `station init 注册文件`");
    }
    std::filesystem::create_directories(data_dir, ec);
    if (ec) {
      return error(errc::io_error, "cannot create " + data_dir.string() + ": " + ec.message(),
                   "无法创建目录 " + data_dir.string() + "：" + ec.message());
    }
    platform::restrict_to_owner(data_dir);
  }
  auto seal = std::make_unique<store_seal>(file.string(), *o.clock);
  sql::open_options so;
  so.create = o.create;
  so.check_integrity = o.full_check || seal->full_check_needed();
  seal->opening();
  auto db = open_connection(file.string(), so);
  if (!db) return std::move(db).err();
  auto steps = migrations();
  if (auto s = sql::migrate(**db, steps.data(), steps.size()); !s) return std::move(s).err();
  seal->opened(so.check_integrity);
  return std::unique_ptr<store>(
      new store(std::make_unique<store_connection>(std::move(*db), std::move(seal), so.check_integrity, *o.clock)));
}

bool store::connected() const { return conn_->connected(); }
const clock_source& store::clock() const { return conn_->clock(); }
bool store::fully_checked_on_open() const { return conn_->fully_checked(); }
const std::vector<damaged_record>& store::damaged() const { return conn_->damaged(); }

status store::begin_bulk() {
  if (auto s = conn_->begin_bulk(); !s) return s;
  // Inside the write transaction no rejection can arrive, so when nothing is rejected
  // now, no op of this bulk can supersede one and append skips that UPDATE per row.
  auto unresolved = outbox_.has_unresolved_rejects();
  if (!unresolved) {
    conn_->abandon_bulk();
    return std::move(unresolved).err();
  }
  conn_->set_bulk_supersedes(*unresolved);
  if (auto s = conn_->use_bulk_cache(); !s) {
    conn_->abandon_bulk();
    return s;
  }
  return ok_status();
}

status store::commit_bulk(std::size_t records) { return conn_->commit_bulk(records); }
void store::rollback_bulk() { conn_->rollback_bulk(); }

const std::string& store::file_path() const { return conn_->db().path(); }
result<std::string> store::integrity_check() { return conn_->db().integrity_check(); }
status store::backup_to(const std::string& dest_path) { return conn_->db().backup_to(dest_path); }

}  // namespace cunzhan::station_client
