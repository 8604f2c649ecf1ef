// Stations and staff: who may talk to the hub. Tokens are stored as (token_id, sha256 of
// the secret) only; the secret itself is shown once by the command that issued it.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cunzhan/hub/rows.hpp"
#include "cunzhan/shared/result.hpp"
#include "cunzhan/shared/sqlite.hpp"

namespace cunzhan::hub {

class accounts {
 public:
  explicit accounts(sql::database& db) : db_(db) {}

  status insert_station(const station_row& s);
  result<std::optional<station_row>> station_by_id(const std::string& id);
  result<std::optional<station_row>> station_by_token_id(const std::string& token_id);
  // Sets revoked_at (once); errc::not_found when no such station.
  status revoke_station(const std::string& id, std::int64_t at);

  // closed_on: nullopt clears it.
  status set_station_closed(const std::string& id, const std::optional<std::string>& closed_on);
  result<std::vector<station_list_row>> station_list(const std::string& county_code);

  status insert_staff(const staff_row& s);
  result<std::optional<staff_row>> staff_by_token_id(const std::string& token_id);
  status revoke_staff(const std::string& id, std::int64_t at);

 private:
  result<std::optional<station_row>> one_station(const char* sql, const std::string& key);
  sql::database& db_;
};

}  // namespace cunzhan::hub
