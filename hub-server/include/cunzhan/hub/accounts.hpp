// Stations and staff: who may talk to the hub. Tokens are stored as (token_id, sha256 of
// the secret) only; the secret itself is shown once by the command that issued it.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cunzhan/shared/result.hpp"
#include "cunzhan/shared/sqlite.hpp"

namespace cunzhan::hub {

struct station_row {
  std::string id;
  std::string name;
  std::string village_code;
  std::string township_code;
  std::string county_code;
  std::string kind;  // village | township | county
  std::string officer;
  std::string token_id;
  std::string token_hash;  // raw 32 bytes
  std::int64_t enrolled_at = 0;
  std::string opened_on;   // "" when unknown
  std::string closed_on;   // "" when operating
  std::optional<std::int64_t> revoked_at;
};

struct staff_row {
  std::string id;
  std::string name;
  std::string role;  // "staff" (county reader) or "admin"
  std::vector<std::string> counties;
  std::string token_id;
  std::string token_hash;
  std::int64_t created_at = 0;
  std::optional<std::int64_t> revoked_at;
};

class accounts {
 public:
  explicit accounts(sql::database& db) : db_(db) {}

  status insert_station(const station_row& s);
  result<std::optional<station_row>> station_by_id(const std::string& id);
  result<std::optional<station_row>> station_by_token_id(const std::string& token_id);
  // Sets revoked_at (once); errc::not_found when no such station.
  status revoke_station(const std::string& id, std::int64_t at);

  status insert_staff(const staff_row& s);
  result<std::optional<staff_row>> staff_by_token_id(const std::string& token_id);
  status revoke_staff(const std::string& id, std::int64_t at);

 private:
  result<std::optional<station_row>> one_station(const char* sql, const std::string& key);
  sql::database& db_;
};

}  // namespace cunzhan::hub
