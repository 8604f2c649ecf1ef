// admin_writer on one PostgreSQL connection inside write_admin's transaction: the
// registry (with its pull-feed entries), stations, staff, KPI targets and rollups, and the
// villager-services population, officer roster and training (store/roster_store.cpp on SQLite).
#pragma once
#include "cunzhan/hub/storage.hpp"
#include "store/postgres/pg_conn.hpp"

namespace cunzhan::hub::pg {

class pg_admin_writer final : public admin_writer {
 public:
  explicit pg_admin_writer(connection& c) : c_(c) {}

  result<std::optional<village_row>> village(const std::string& code) override;
  result<bool> upsert_township(const township_row& t) override;
  result<bool> upsert_village(const village_row& v) override;
  result<std::optional<station_row>> station_by_id(const std::string& id) override;
  status insert_station(const station_row& s) override;
  status revoke_station(const std::string& id, std::int64_t at) override;
  status set_station_closed(const std::string& id, const std::optional<std::string>& closed_on) override;
  status insert_staff(const staff_row& s) override;
  status revoke_staff(const std::string& id, std::int64_t at) override;
  status set_target(const std::string& county_code, const std::string& kpi, double value,
                    std::int64_t now_s) override;
  status replace_rollup(const std::string& county_code, const std::string& day,
                        const std::vector<rollup_row>& rows) override;
  status put_population(const std::vector<population_row>& rows, std::int64_t now_s) override;
  result<std::optional<officer_row>> officer(const std::string& id) override;
  status add_officer(const officer_row& o, std::int64_t now_s) override;
  status set_leader(const std::string& officer_id, const std::string& since) override;
  status add_assignment(const assignment_row& a) override;
  status end_assignment(const std::string& officer_id, const std::string& station_id,
                        const std::string& to_on) override;
  status add_training(const training_row& t, std::int64_t now_s) override;

  // Read-only, also used outside a transaction (pg_storage::roster).
  result<roster_rows> roster(const std::string& county_code);

 private:
  connection& c_;
};

}  // namespace cunzhan::hub::pg
