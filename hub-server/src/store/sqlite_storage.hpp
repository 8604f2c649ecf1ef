// The SQLite backend of `storage`: hub_store's one writer connection (group commit) and
// reader pool, with the SQL in the per-table classes it delegates to (accounts, registry,
// op_log, entity_store, kpi_tables, dashboard_sessions).
#pragma once
#include <memory>

#include "cunzhan/hub/storage.hpp"
#include "store/hub_store.hpp"

namespace cunzhan::hub {

class sqlite_storage final : public storage {
 public:
  // Owns the store (hub serve) or borrows one the caller keeps (tests).
  explicit sqlite_storage(std::unique_ptr<hub_store> owned);
  explicit sqlite_storage(hub_store& borrowed);

  result<std::optional<station_row>> station_by_token_id(const std::string& token_id) override;
  result<std::optional<staff_row>> staff_by_token_id(const std::string& token_id) override;

  result<std::vector<std::string>> village_codes(const std::string& county_code) override;
  result<std::vector<ref_change_row>> changes_since(const std::string& county_code, std::int64_t since,
                                                    std::size_t limit) override;
  status write_sync(const sync_job& job) override;

  result<kpi_rows> kpi_inputs(const kpi_query& q) override;
  result<std::vector<std::pair<std::string, double>>> target_overrides(
      const std::string& county_code) override;
  result<std::vector<rollup_row>> rollups(const std::string& county_code, const std::string& first,
                                          const std::string& last) override;
  result<std::vector<std::string>> registry_counties() override;
  result<std::int64_t> data_version() override;

  status create_session(const std::string& id_hash, const std::string& staff_id, std::int64_t now_s,
                        std::int64_t expires_s) override;
  result<std::optional<staff_row>> session_staff(const std::string& id_hash, std::int64_t now_s) override;
  status delete_session(const std::string& id_hash) override;

  status write_admin(const admin_job& job) override;
  result<std::optional<station_row>> station_by_id(const std::string& id) override;
  result<std::vector<station_list_row>> station_list(const std::string& county_code) override;
  result<std::vector<op_log_row>> ops_of_station(const std::string& station_id, std::size_t limit) override;
  std::string location() const override;

  status check_readable() override;
  status ensure_reference_data() override;
  result<std::string> integrity_check() override;
  status backup_to(const std::string& dest) override;

 private:
  // Runs fn(sql::database&) on a pooled reader connection.
  template <class Fn>
  auto on_reader(Fn&& fn) -> decltype(fn(std::declval<sql::database&>()));

  std::unique_ptr<hub_store> owned_;
  hub_store& store_;
};

// The SQLite storage over a store the caller keeps open (tests seed it directly).
std::unique_ptr<storage> sqlite_storage_over(hub_store& store);

}  // namespace cunzhan::hub
