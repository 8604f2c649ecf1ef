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
      points_(*conn_, meta_, outbox_),
      villagers_(*conn_, meta_, outbox_),
      orders_(*conn_, meta_, outbox_),
      services_(*conn_, meta_, outbox_) {}
store::~store() = default;

result<std::unique_ptr<store>> store::open(const std::filesystem::path& data_dir, const store_options& o) {
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
  return std::unique_ptr<store>(new store(
      std::make_unique<store_connection>(std::move(*db), std::move(seal), so.check_integrity, *o.clock)));
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

result<std::int64_t> store::note_hub_entities(const std::optional<std::string>& header) {
  const std::string now = header.value_or("listing,pickup,courier_point");
  auto before = meta_.hub_entities();
  if (!before) return std::move(before).err();
  if (*before == now) return std::int64_t{0};
  write_scope w(*conn_);
  if (auto s = w.begun(); !s) return std::move(s).err();
  auto seq_before = outbox_.last_seq();
  if (!seq_before) return std::move(seq_before).err();
  auto fail = [&](error e) -> result<std::int64_t> {
    meta_.forget_hub_entities();
    return e;
  };
  // Registered first, so the hub meets a villager before the records naming it.
  const std::pair<entity_type, std::function<status()>> steps[] = {
      {entity_type::villager, [&] { return villagers_.queue_all_unsent(); }},
      {entity_type::proxy_buy, [&] { return orders_.queue_all_unsent(); }},
      {entity_type::service, [&] { return services_.queue_all_unsent(); }}};
  for (const auto& [e, queue] : steps) {
    if (hub_accepts(e, *before) || !hub_accepts(e, now)) continue;
    if (auto s = queue(); !s) return fail(std::move(s).err());
  }
  if (auto s = meta_.set_hub_entities(now); !s) return fail(std::move(s).err());
  auto seq_after = outbox_.last_seq();
  if (!seq_after) return fail(std::move(seq_after).err());
  if (auto s = w.commit(); !s) return fail(std::move(s).err());
  return *seq_after - *seq_before;
}

result<std::int64_t> store::held_records() {
  std::int64_t n = 0;
  for (const auto& [e, table] :
       {std::pair{entity_type::villager, "villager"}, std::pair{entity_type::proxy_buy, "proxy_buy"},
        std::pair{entity_type::service, "service"}}) {
    auto accepted = meta_.accepts(e);
    if (!accepted) return std::move(accepted).err();
    if (*accepted) continue;
    auto st = conn_->db().prepare(std::string("SELECT count(*) FROM ") + table);
    if (!st) return std::move(st).err();
    auto row = st->step();
    if (!row) return std::move(row).err();
    n += st->column_int(0);
  }
  return n;
}

const std::string& store::file_path() const { return conn_->db().path(); }
result<std::string> store::integrity_check() { return conn_->db().integrity_check(); }
status store::backup_to(const std::string& dest_path) { return conn_->db().backup_to(dest_path); }

}  // namespace cunzhan::station_client
