// The whole `storage` seam as one declaration list for the backends (sqlite_storage,
// pg::pg_storage): each overrides every member, so they write CUNZHAN_STORAGE_OVERRIDES
// instead of two copies of this list that drift apart. Why a macro and not a shared base:
// the backends share no implementation, only the signatures; a base class between them
// and `storage` would still repeat the list (as its own overrides) or hold nothing.
// What each member does is documented once, in cunzhan/hub/storage.hpp.
#pragma once
#include "cunzhan/hub/storage.hpp"

// clang-format off
#define CUNZHAN_STORAGE_OVERRIDES                                                                       \
  result<std::optional<station_row>> station_by_token_id(const std::string& token_id) override;        \
  result<std::optional<staff_row>> staff_by_token_id(const std::string& token_id) override;            \
                                                                                                        \
  result<std::vector<std::string>> village_codes(const std::string& county_code) override;             \
  result<std::vector<ref_change_row>> changes_since(const std::string& county_code, std::int64_t since, \
                                                    std::size_t limit) override;                       \
  status write_sync(const sync_job& job) override;                                                     \
                                                                                                        \
  result<kpi_rows> kpi_inputs(const kpi_query& q) override;                                            \
  result<std::vector<std::pair<std::string, double>>> target_overrides(                                \
      const std::string& county_code) override;                                                        \
  result<std::vector<rollup_row>> rollups(const std::string& county_code, const std::string& first,    \
                                          const std::string& last) override;                           \
  result<std::vector<std::string>> registry_counties() override;                                       \
  result<std::int64_t> data_version() override;                                                        \
                                                                                                        \
  status create_session(const std::string& id_hash, const std::string& staff_id, std::int64_t now_s,   \
                        std::int64_t expires_s) override;                                              \
  result<std::optional<staff_row>> session_staff(const std::string& id_hash, std::int64_t now_s)       \
      override;                                                                                        \
  status delete_session(const std::string& id_hash) override;                                          \
                                                                                                        \
  status write_admin(const admin_job& job) override;                                                   \
  result<std::optional<station_row>> station_by_id(const std::string& id) override;                    \
  result<std::vector<station_list_row>> station_list(const std::string& county_code) override;         \
  result<std::vector<op_log_row>> ops_of_station(const std::string& station_id, std::size_t limit)     \
      override;                                                                                        \
  std::string location() const override;                                                               \
                                                                                                        \
  status check_readable() override;                                                                    \
  status ensure_reference_data() override;                                                             \
  result<std::string> integrity_check() override;                                                      \
  status backup_to(const std::string& dest) override
// clang-format on
