// storage over hub_store: reads borrow a pooled reader connection, sync writes go through
// the group writer (one transaction for many jobs, a savepoint each), and the dashboard's
// session writes take the writer connection directly (rare and tiny).
#include "store/sqlite_storage.hpp"

#include "kpi/dashboard_session.hpp"

namespace cunzhan::hub {
namespace {

// sync_writer over the writer connection, inside the group writer's savepoint.
class sqlite_sync_writer final : public sync_writer {
 public:
  explicit sqlite_sync_writer(sql::database& db) : log_(db), entities_(db), villagers_(db) {}

  result<std::optional<op_log_row>> find_op(const std::string& op_id) override { return log_.find(op_id); }
  status insert_op(const op_log_row& row) override { return log_.insert(row); }
  result<std::int64_t> acked_through(const std::string& station_id) override { return log_.acked_through(station_id); }

  result<std::optional<entity_owner>> owner(entity_type t, const std::string& id) override {
    return entities_.owner(t, id);
  }
  status upsert(const listing& l, const owner_fields& o) override { return entities_.upsert(l, o); }
  status upsert(const pickup& p, const std::string& village_code, const owner_fields& o) override {
    return entities_.upsert(p, village_code, o);
  }
  status upsert(const courier_point& c, const owner_fields& o) override { return entities_.upsert(c, o); }
  status upsert(const villager& v, const owner_fields& o) override { return villagers_.upsert(v, o); }
  status upsert(const proxy_buy_order& p, const owner_fields& o) override { return villagers_.upsert(p, o); }
  status upsert(const villager_service& s, const owner_fields& o) override { return villagers_.upsert(s, o); }

  result<std::int64_t> insert_session(const sync_session_row& s) override { return log_.insert_session(s); }
  status update_session(const sync_session_row& s) override { return log_.update_session(s); }

 private:
  op_log log_;
  entity_store entities_;
  villager_store villagers_;
};

}  // namespace

sqlite_storage::sqlite_storage(std::unique_ptr<hub_store> owned) : owned_(std::move(owned)), store_(*owned_) {}
sqlite_storage::sqlite_storage(hub_store& borrowed) : store_(borrowed) {}

template <class Fn>
auto sqlite_storage::on_reader(Fn&& fn) -> decltype(fn(std::declval<sql::database&>())) {
  auto db = store_.reader();
  if (!db) return std::move(db).err();
  return fn(db->db());
}

result<std::optional<station_row>> sqlite_storage::station_by_token_id(const std::string& token_id) {
  return on_reader([&](sql::database& db) { return accounts(db).station_by_token_id(token_id); });
}

result<std::optional<staff_row>> sqlite_storage::staff_by_token_id(const std::string& token_id) {
  return on_reader([&](sql::database& db) { return accounts(db).staff_by_token_id(token_id); });
}

result<std::vector<std::string>> sqlite_storage::village_codes(const std::string& county_code) {
  return on_reader([&](sql::database& db) { return registry(db).village_codes(county_code); });
}

result<std::vector<ref_change_row>> sqlite_storage::changes_since(const std::string& county_code, std::int64_t since,
                                                                  std::size_t limit) {
  return on_reader([&](sql::database& db) { return registry(db).changes_since(county_code, since, limit); });
}

status sqlite_storage::write_sync(const sync_job& job) {
  return store_.write_grouped([&job](sql::database& db) {
    sqlite_sync_writer w(db);
    return job(w);
  });
}

result<kpi::loaded_report> sqlite_storage::load_report(const std::string& county_code, const kpi::period& p) {
  return on_reader([&](sql::database& db) { return kpi::load_report(db, county_code, p); });
}

result<std::vector<kpi::trend_point>> sqlite_storage::monthly_trend(const std::string& county_code, date last,
                                                                    int months, int deadline_hour, date today,
                                                                    const kpi::county_report* known) {
  return on_reader([&](sql::database& db) {
    return kpi::monthly_trend(db, county_code, last, months, deadline_hour, today, known);
  });
}

result<std::int64_t> sqlite_storage::data_version() { return store_.data_version(); }

result<std::string> sqlite_storage::create_session(const std::string& staff_id, std::int64_t now_s) {
  auto w = store_.writer();
  return kpi::create_session(w.db(), staff_id, now_s);
}

result<std::optional<staff_row>> sqlite_storage::session_staff(const std::string& cookie_value, std::int64_t now_s) {
  return on_reader([&](sql::database& db) { return kpi::session_staff(db, cookie_value, now_s); });
}

status sqlite_storage::delete_session(const std::string& cookie_value) {
  auto w = store_.writer();
  return kpi::delete_session(w.db(), cookie_value);
}

status sqlite_storage::check_readable() {
  return on_reader([](sql::database& db) -> status {
    auto st = db.prepare_cached("SELECT 1");
    if (!st) return std::move(st).err();
    auto row = (*st)->step();
    (*st)->reset();
    if (!row) return std::move(row).err();
    if (!*row) return error(errc::unavailable, "database not readable", "数据库不可读");
    return ok_status();
  });
}

status sqlite_storage::ensure_reference_data() {
  auto w = store_.writer();
  sql::transaction t(w.db());
  if (!t.begun()) return t.begun().err();
  if (auto s = registry(w.db()).ensure_builtin_brands(); !s) return s;
  return t.commit();
}

result<std::string> sqlite_storage::integrity_check() { return store_.integrity_check(); }
status sqlite_storage::backup_to(const std::string& dest) { return store_.backup_to(dest); }

result<std::unique_ptr<storage>> open_sqlite_storage(const std::string& data_dir, bool create) {
  auto store = hub_store::open(data_dir, create);
  if (!store) return std::move(store).err();
  return std::unique_ptr<storage>(std::make_unique<sqlite_storage>(std::move(*store)));
}

std::unique_ptr<storage> sqlite_storage_over(hub_store& store) { return std::make_unique<sqlite_storage>(store); }

}  // namespace cunzhan::hub
