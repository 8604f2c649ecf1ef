// admin_writer on one PostgreSQL connection inside write_admin's transaction: the
// registry (with its pull-feed entries), stations, staff, KPI targets and rollups.
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

 private:
  connection& c_;
};

}  // namespace cunzhan::hub::pg
