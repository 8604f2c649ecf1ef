// A generated 荣昌区 for the villager-services recount (issue 18): six stations in three
// townships, each with a villager register, three years of 代买 orders in every status,
// services of every kind (the implied ones of orders, listings and pickups among them) and
// listings by households, cooperatives and enterprises, written through the station store
// and sent by the real sync engine over TLS; at the hub, through the real `hub` commands,
// the population (one station's village left out), an officer roster (one officer moving
// station mid-month, one leaving) and training sessions with 农村电商带头人, and count
// targets (officers_trained_to_date, ecommerce_leaders). The world
// keeps every record as the hub should hold it, so a test can recount every figure.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "fixture.hpp"

namespace cunzhan::test::integration {

inline constexpr const char* k_vw_county = "500153";

// Instants are UTC seconds (0 = none); days are day numbers (kpi_world.hpp's day_no).
struct vw_station {
  std::string id, village, township;
};
struct vw_villager {
  std::string id, village, station;
};
struct vw_order {
  std::string id, station, villager, category, platform, status;
  std::int64_t amount = 0, ordered = 0, arrived = 0, handed = 0, returned = 0, cancelled = 0;
};
struct vw_service {
  std::string villager, station;
  std::int64_t day = 0;
};
struct vw_listing {
  std::string station, village, kind, seller_name, villager;
  std::int64_t sold_at = 0;  // 0: not sold
};
struct vw_assignment {
  std::string station;
  std::int64_t from = 0, to = 0;  // to = 0: still serving
};
struct vw_officer {
  std::string id;
  std::vector<vw_assignment> serves;
  std::optional<std::int64_t> leader_on;
};
struct vw_session {
  std::int64_t day = 0;
  double hours = 0;
  std::vector<std::string> attendees;
};

class villager_world {
 public:
  villager_world();
  // GET as the county's staff member; the body (status 200 required).
  std::string get(const std::string& target);

  hub_fixture hub;
  std::string staff_token;
  std::int64_t today = 0, now = 0;
  std::int64_t month_first = 0, month_last = 0;         // last month, the one with the edge records
  std::map<std::string, std::string> village_township;  // every village of 荣昌区
  std::map<std::string, bool> village_admin;
  std::vector<std::string> townships;  // every township of 荣昌区
  std::vector<vw_station> stations;
  std::vector<vw_villager> villagers;
  std::vector<vw_order> orders;
  std::vector<vw_service> services;  // explicit and implied, one per record
  std::vector<vw_listing> listings;
  std::map<std::string, std::int64_t> population;  // villages in the imported file
  std::vector<vw_officer> officers;
  std::vector<vw_session> sessions;
  double people_served_target = 0.35, trained_station_target = 0.5;
  // Count targets: the month's 2 leaders (officers 0 and 4) meet theirs exactly.
  std::int64_t officers_trained_target = 300, leaders_target = 2;

 private:
  struct generator;
  temp_dir dir_{"villager-world"};
};

}  // namespace cunzhan::test::integration
