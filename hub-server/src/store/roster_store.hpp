// The hub-side records of the villager services, kept by district staff (KPIS.md
// "Villager services"): registered population per village, the officer roster with their
// stations and 农村电商带头人 designations, training sessions and their attendees.
// Works on a connection lent by hub_store; writes REQUIRE a write transaction.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cunzhan/shared/result.hpp"
#include "cunzhan/shared/sqlite.hpp"

namespace cunzhan::hub {

struct population_row {
  std::string village_code;
  std::int64_t population = 0;
  std::int64_t households = 0;
};

struct officer_row {
  std::string id;  // uuid
  std::string county_code;
  std::string name;
  std::string phone;                 // full number: shown only through mask_phone()
  std::string leader_designated_on;  // "" when not a 农村电商带头人
};

struct assignment_row {
  std::string officer_id;
  std::string station_id;
  std::string from_on;
  std::string to_on;  // "" while serving
};

struct training_row {
  std::string id;
  std::string county_code;
  std::string held_on;
  std::string topic;
  double hours = 0;
  std::string level;  // county | township | station
  std::string trainer;
  std::vector<std::string> attendees;  // officer ids
};

class roster_store {
 public:
  explicit roster_store(sql::database& db) : db_(db) {}

  // Inserts or replaces the villages' rows.
  status put_population(const std::vector<population_row>& rows, std::int64_t now_s);
  result<std::vector<population_row>> population(const std::string& county_code);

  status add_officer(const officer_row& o, std::int64_t now_s);
  result<std::optional<officer_row>> officer(const std::string& id);
  result<std::vector<officer_row>> officers(const std::string& county_code);
  status set_leader(const std::string& officer_id, const std::string& since);
  status add_assignment(const assignment_row& a);
  // Ends the officer's open assignment at the station; errc::not_found when there is none.
  status end_assignment(const std::string& officer_id, const std::string& station_id,
                        const std::string& to_on);
  result<std::vector<assignment_row>> assignments(const std::string& county_code);

  status add_training(const training_row& t, std::int64_t now_s);
  result<std::vector<training_row>> trainings(const std::string& county_code);

 private:
  sql::database& db_;
};

}  // namespace cunzhan::hub
