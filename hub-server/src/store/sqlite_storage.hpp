// The SQLite backend of `storage`: hub_store's one writer connection (group commit) and
// reader pool, with the SQL left in the per-table classes it delegates to (accounts,
// registry, op_log, entity_store, the KPI loaders, dashboard sessions).
#pragma once
#include <memory>

#include "cunzhan/hub/hub_store.hpp"
#include "cunzhan/hub/storage.hpp"

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

  result<kpi::loaded_report> load_report(const std::string& county_code, const kpi::period& p) override;
  result<std::vector<kpi::trend_point>> monthly_trend(const std::string& county_code, date last, int months,
                                                      int deadline_hour, date today,
                                                      const kpi::county_report* known) override;
  result<std::int64_t> data_version() override;

  result<std::string> create_session(const std::string& staff_id, std::int64_t now_s) override;
  result<std::optional<staff_row>> session_staff(const std::string& cookie_value, std::int64_t now_s) override;
  status delete_session(const std::string& cookie_value) override;

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

}  // namespace cunzhan::hub
