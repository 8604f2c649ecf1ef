// An in-memory fake `storage` with no database at all: the sync writes kept in maps, one
// station of 510824 and one staff member. The storage-seam tests and the hub fuzz
// targets run the router and push ingest over it.
#pragma once
#include <map>

#include "cunzhan/hub/auth.hpp"
#include "cunzhan/hub/storage.hpp"
#include "hub_fixture.hpp"

namespace cunzhan::hub::testing {

inline error not_in_fake() { return error(errc::unavailable, "not in the fake", "测试替身不支持"); }

// The sync writes kept in maps; write_sync applies a job on a copy and keeps it only on
// success, which is the all-or-nothing rule a real backend gets from its transaction.
struct fake_data {
  std::map<std::string, op_log_row> ops;
  std::map<std::string, entity_owner> owners;  // entity id → owner
  std::vector<sync_session_row> sessions;
};

class fake_writer final : public sync_writer {
 public:
  explicit fake_writer(fake_data& d) : d_(d) {}
  result<std::optional<op_log_row>> find_op(const std::string& op_id) override {
    auto it = d_.ops.find(op_id);
    if (it == d_.ops.end()) return std::optional<op_log_row>{};
    return std::optional<op_log_row>{it->second};
  }
  status insert_op(const op_log_row& row) override {
    if (!d_.ops.emplace(row.op_id, row).second) return error(errc::db_error, "op_id twice");
    return ok_status();
  }
  result<std::int64_t> acked_through(const std::string& station_id) override {
    std::int64_t top = 0;
    for (const auto& [id, r] : d_.ops) {
      if (r.station_id == station_id) top = std::max(top, r.seq);
    }
    return top;
  }
  result<std::optional<entity_owner>> owner(entity_type, const std::string& id) override {
    auto it = d_.owners.find(id);
    if (it == d_.owners.end()) return std::optional<entity_owner>{};
    return std::optional<entity_owner>{it->second};
  }
  status upsert(const listing& l, const owner_fields& o) override { return own(l.id, o); }
  status upsert(const pickup& p, const std::string&, const owner_fields& o) override { return own(p.id, o); }
  status upsert(const courier_point& c, const owner_fields& o) override { return own(c.id, o); }
  status upsert(const villager& v, const owner_fields& o) override { return own(v.id, o); }
  status upsert(const proxy_buy_order& p, const owner_fields& o) override { return own(p.id, o); }
  status upsert(const villager_service& s, const owner_fields& o) override { return own(s.id, o); }
  status refresh_people_served() override { return ok_status(); }
  result<std::int64_t> insert_session(const sync_session_row& s) override {
    d_.sessions.push_back(s);
    d_.sessions.back().id = static_cast<std::int64_t>(d_.sessions.size());
    return d_.sessions.back().id;
  }
  status update_session(const sync_session_row& s) override {
    d_.sessions.at(static_cast<std::size_t>(s.id - 1)) = s;
    return ok_status();
  }

 private:
  status own(const std::string& id, const owner_fields& o) {
    d_.owners.emplace(id, entity_owner{o.station_id, o.seq});
    return ok_status();
  }
  fake_data& d_;
};

class fake_storage final : public storage {
 public:
  station_row station;
  staff_row staff;
  bool readable = true;
  fake_data data;

  result<std::optional<station_row>> station_by_token_id(const std::string& id) override {
    return id == station.token_id ? std::optional<station_row>{station} : std::nullopt;
  }
  result<std::optional<staff_row>> staff_by_token_id(const std::string& id) override {
    return id == staff.token_id ? std::optional<staff_row>{staff} : std::nullopt;
  }
  result<std::vector<std::string>> village_codes(const std::string&) override {
    return std::vector<std::string>{village_a, village_b};
  }
  result<std::vector<ref_change_row>> changes_since(const std::string&, std::int64_t, std::size_t) override {
    return std::vector<ref_change_row>{};
  }
  status write_sync(const sync_job& job) override {
    fake_data copy = data;
    fake_writer w(copy);
    if (auto s = job(w); !s) return s;
    data = std::move(copy);
    return ok_status();
  }
  result<kpi_rows> kpi_inputs(const kpi_query&) override { return not_in_fake(); }
  result<std::vector<std::pair<std::string, double>>> target_overrides(const std::string&) override {
    return not_in_fake();
  }
  result<std::vector<rollup_row>> rollups(const std::string&, const std::string&,
                                          const std::string&) override {
    return not_in_fake();
  }
  result<std::vector<std::string>> registry_counties() override { return not_in_fake(); }
  result<std::int64_t> data_version() override { return std::int64_t{0}; }
  status create_session(const std::string&, const std::string&, std::int64_t, std::int64_t) override {
    return not_in_fake();
  }
  result<std::optional<staff_row>> session_staff(const std::string&, std::int64_t) override {
    return not_in_fake();
  }
  status delete_session(const std::string&) override { return not_in_fake(); }
  status write_admin(const admin_job&) override { return not_in_fake(); }
  result<std::optional<station_row>> station_by_id(const std::string&) override { return not_in_fake(); }
  result<std::vector<station_list_row>> station_list(const std::string&) override { return not_in_fake(); }
  result<std::vector<op_log_row>> ops_of_station(const std::string&, std::size_t) override {
    return not_in_fake();
  }
  result<roster_rows> roster(const std::string&) override { return not_in_fake(); }
  std::string location() const override { return "fake"; }
  status check_readable() override { return readable ? ok_status() : status(not_in_fake()); }
  status ensure_reference_data() override { return ok_status(); }
  result<std::string> integrity_check() override { return std::string("ok"); }
  status backup_to(const std::string&) override { return not_in_fake(); }
};

// A fake with one station of 510824 and one staff member; their tokens.
struct fake_hub {
  fake_storage store;
  std::string station_token, staff_token;
  fake_hub() {
    auto st = issue_token(token_kind::station);
    store.station = station_row{};
    store.station.id = uuid_v4();
    store.station.village_code = village_a;
    store.station.township_code = std::string(village_a).substr(0, 9);
    store.station.county_code = "510824";
    store.station.token_id = st.token_id;
    store.station.token_hash = st.secret_hash;
    station_token = st.token;
    auto sf = issue_token(token_kind::staff);
    store.staff =
        staff_row{uuid_v4(), "staff", "staff", {"510824"}, sf.token_id, sf.secret_hash, 1, std::nullopt};
    staff_token = sf.token;
  }
};

}  // namespace cunzhan::hub::testing
