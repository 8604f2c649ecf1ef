// storage over hub_store: reads borrow a pooled reader connection, sync writes go through
// the group writer (one transaction for many jobs, a savepoint each), and the dashboard's
// session writes and the admin commands take the writer connection directly (rare).
#include "store/sqlite_storage.hpp"

#include "store/accounts.hpp"
#include "store/entity_store.hpp"
#include "store/kpi_reads.hpp"
#include "store/op_log.hpp"
#include "store/registry.hpp"
#include "store/roster_store.hpp"
#include "store/sessions.hpp"
#include "store/villager_store.hpp"

namespace cunzhan::hub {
namespace {

// sync_writer over the writer connection, inside the group writer's savepoint.
class sqlite_sync_writer final : public sync_writer {
 public:
  explicit sqlite_sync_writer(sql::database& db) : log_(db), entities_(db), villagers_(db) {}

  result<std::optional<op_log_row>> find_op(const std::string& op_id) override { return log_.find(op_id); }
  status insert_op(const op_log_row& row) override { return log_.insert(row); }
  result<std::int64_t> acked_through(const std::string& station_id) override {
    return log_.acked_through(station_id);
  }

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
  status refresh_people_served() override { return villagers_.refresh_people_served(); }

  result<std::int64_t> insert_session(const sync_session_row& s) override { return log_.insert_session(s); }
  status update_session(const sync_session_row& s) override { return log_.update_session(s); }

 private:
  op_log log_;
  entity_store entities_;
  villager_store villagers_;
};

// admin_writer over the writer connection, inside write_admin's transaction.
class sqlite_admin_writer final : public admin_writer {
 public:
  explicit sqlite_admin_writer(sql::database& db) : accounts_(db), registry_(db), kpi_(db), roster_(db) {}

  result<std::optional<village_row>> village(const std::string& code) override {
    return registry_.village(code);
  }
  result<bool> upsert_township(const township_row& t) override { return registry_.upsert_township(t); }
  result<bool> upsert_village(const village_row& v) override { return registry_.upsert_village(v); }
  result<std::optional<station_row>> station_by_id(const std::string& id) override {
    return accounts_.station_by_id(id);
  }
  status insert_station(const station_row& s) override { return accounts_.insert_station(s); }
  status revoke_station(const std::string& id, std::int64_t at) override {
    return accounts_.revoke_station(id, at);
  }
  status set_station_closed(const std::string& id, const std::optional<std::string>& closed_on) override {
    return accounts_.set_station_closed(id, closed_on);
  }
  status insert_staff(const staff_row& s) override { return accounts_.insert_staff(s); }
  status revoke_staff(const std::string& id, std::int64_t at) override {
    return accounts_.revoke_staff(id, at);
  }
  status set_target(const std::string& county_code, const std::string& kpi, double value,
                    std::int64_t now_s) override {
    return kpi_.set_target(county_code, kpi, value, now_s);
  }
  status replace_rollup(const std::string& county_code, const std::string& day,
                        const std::vector<rollup_row>& rows) override {
    return kpi_.replace_rollup(county_code, day, rows);
  }
  status put_population(const std::vector<population_row>& rows, std::int64_t now_s) override {
    return roster_.put_population(rows, now_s);
  }
  result<std::optional<officer_row>> officer(const std::string& id) override { return roster_.officer(id); }
  status add_officer(const officer_row& o, std::int64_t now_s) override {
    return roster_.add_officer(o, now_s);
  }
  status set_leader(const std::string& officer_id, const std::string& since) override {
    return roster_.set_leader(officer_id, since);
  }
  status add_assignment(const assignment_row& a) override { return roster_.add_assignment(a); }
  status end_assignment(const std::string& officer_id, const std::string& station_id,
                        const std::string& to_on) override {
    return roster_.end_assignment(officer_id, station_id, to_on);
  }
  status add_training(const training_row& t, std::int64_t now_s) override {
    return roster_.add_training(t, now_s);
  }

 private:
  accounts accounts_;
  registry registry_;
  kpi_tables kpi_;
  roster_store roster_;
};

}  // namespace

sqlite_storage::sqlite_storage(std::unique_ptr<hub_store> owned)
    : owned_(std::move(owned)), store_(*owned_) {}
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

result<std::vector<ref_change_row>> sqlite_storage::changes_since(const std::string& county_code,
                                                                  std::int64_t since, std::size_t limit) {
  return on_reader([&](sql::database& db) { return registry(db).changes_since(county_code, since, limit); });
}

status sqlite_storage::write_sync(const sync_job& job) {
  return store_.write_grouped([&job](sql::database& db) {
    sqlite_sync_writer w(db);
    return job(w);
  });
}

result<kpi_rows> sqlite_storage::kpi_inputs(const kpi_query& q) {
  return on_reader([&](sql::database& db) { return kpi_tables(db).inputs(q); });
}

result<std::vector<std::pair<std::string, double>>> sqlite_storage::target_overrides(
    const std::string& county_code) {
  return on_reader([&](sql::database& db) { return kpi_tables(db).target_overrides(county_code); });
}

result<std::vector<rollup_row>> sqlite_storage::rollups(const std::string& county_code,
                                                        const std::string& first, const std::string& last) {
  return on_reader([&](sql::database& db) { return kpi_tables(db).rollups(county_code, first, last); });
}

result<std::vector<std::string>> sqlite_storage::registry_counties() {
  return on_reader([&](sql::database& db) { return kpi_tables(db).registry_counties(); });
}

result<std::int64_t> sqlite_storage::data_version() { return store_.data_version(); }

status sqlite_storage::create_session(const std::string& id_hash, const std::string& staff_id,
                                      std::int64_t now_s, std::int64_t expires_s) {
  auto w = store_.writer();
  return dashboard_sessions(w.db()).create(id_hash, staff_id, now_s, expires_s);
}

result<std::optional<staff_row>> sqlite_storage::session_staff(const std::string& id_hash,
                                                               std::int64_t now_s) {
  return on_reader([&](sql::database& db) { return dashboard_sessions(db).staff(id_hash, now_s); });
}

status sqlite_storage::delete_session(const std::string& id_hash) {
  auto w = store_.writer();
  return dashboard_sessions(w.db()).remove(id_hash);
}

status sqlite_storage::write_admin(const admin_job& job) {
  auto w = store_.writer();
  sql::transaction t(w.db());
  if (!t.begun()) return t.begun();
  sqlite_admin_writer aw(w.db());
  if (auto s = job(aw); !s) return s;
  return t.commit();
}

result<std::optional<station_row>> sqlite_storage::station_by_id(const std::string& id) {
  return on_reader([&](sql::database& db) { return accounts(db).station_by_id(id); });
}

result<std::vector<station_list_row>> sqlite_storage::station_list(const std::string& county_code) {
  return on_reader([&](sql::database& db) { return accounts(db).station_list(county_code); });
}

result<std::vector<op_log_row>> sqlite_storage::ops_of_station(const std::string& station_id,
                                                               std::size_t limit) {
  return on_reader([&](sql::database& db) { return op_log(db).for_station(station_id, limit); });
}

result<roster_rows> sqlite_storage::roster(const std::string& county_code) {
  return on_reader([&](sql::database& db) -> result<roster_rows> {
    roster_store r(db);
    auto officers = r.officers(county_code);
    if (!officers) return std::move(officers).err();
    auto assignments = r.assignments(county_code);
    if (!assignments) return std::move(assignments).err();
    return roster_rows{std::move(*officers), std::move(*assignments)};
  });
}

std::string sqlite_storage::location() const { return store_.path(); }

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
  std::unique_ptr<storage> s = std::make_unique<sqlite_storage>(std::move(*store));
  if (auto r = refresh_people_served(*s); !r) return std::move(r).err();
  return s;
}

std::unique_ptr<storage> sqlite_storage_over(hub_store& store) {
  return std::make_unique<sqlite_storage>(store);
}

}  // namespace cunzhan::hub
