// A generated county on a real hub for the KPI tests: 苍溪县 (510824) imported next to
// 荣昌区, stations enrolled by `hub enroll` across its townships, each recording a year of
// listings, pickups and courier points in its own station store (past dates given as the
// officer gives them) and sending them through the real sync engine over TLS. The world
// keeps every record it wrote, in its final state, so a test can recount every KPI.
#pragma once
#include <boost/json.hpp>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "cunzhan/net/http_types.hpp"
#include "cunzhan/shared/result.hpp"
#include "cunzhan/shared/time.hpp"
#include "fixture.hpp"

namespace cunzhan::net {
class https_client;
}

namespace cunzhan::test::integration {

inline constexpr const char* k_gen_county = "510824";  // 苍溪县
inline constexpr std::int64_t k_day = 86400;

// The generators stop at the first thing that does not work, saying what.
template <class T>
T must(cunzhan::result<T> r, const std::string& what) {
  if (!r) throw std::runtime_error(what + ": " + r.err().describe(lang::en));
  return std::move(*r);
}

// Shanghai days as numbers (days since 1970-01-01) and back, for plain-loop recounts.
inline std::int64_t day_no(date d) { return std::chrono::sys_days(d).time_since_epoch().count(); }
inline std::int64_t day_no(const std::string& text) { return day_no(*parse_date(text)); }
inline std::string day_text(std::int64_t n) {
  return format_date(date{std::chrono::sys_days{std::chrono::days{n}}});
}
// The Shanghai day an instant (UTC seconds) falls on, and the instant a Shanghai day starts.
inline std::int64_t day_of_instant(std::int64_t s) { return (s + 8 * 3600) / 86400; }
inline std::int64_t midnight_of(std::int64_t day) { return day * 86400 - 8 * 3600; }

struct reg_village {
  std::string code, name, township;
  bool admin = false;  // an administrative village (KPIS.md)
};

// The records as the hub should hold them. Instants are UTC seconds, days "YYYY-MM-DD".
struct raw_station {
  std::string id, name, village, opened, closed;
};
struct raw_point {
  std::string id, station, kind, located, opened, closed;
  int days = 0;
  std::vector<std::string> served, brands;
};
struct raw_listing {
  std::string id, station, village, category, status;
  std::int64_t created = 0, sold_at = 0, amount = 0;
};
struct raw_pickup {
  std::string id, station, direction, status;
  std::int64_t parcels = 0, requested = 0, due = 0, picked = 0;
};
// One run of the sync engine: the hub ended its sessions between these two instants.
struct raw_sync {
  std::string station;
  std::int64_t before = 0, after = 0;
};

// The period-edge records (kpi_world.cpp says which is which), all about last month.
struct edge_records {
  date month_start, month_end;  // last month
  std::string station;         // opened on the 15th; sold at 23:59 on the last day and 00:01 on the 1st after
  std::string closed_station;  // closed on the month's last day
  std::string village_station;       // the only village of `station`
  std::string village_closed_point;  // its only point closes on the month's last day
  std::string village_new_point;     // its only point opens on the 1st after the month
};

struct world_options {
  int stations = 120;
  int silent = 4;  // of which enrolled but never sync (and record nothing)
  unsigned seed = 20261122;
};

class kpi_world {
 public:
  explicit kpi_world(const world_options& o = {});
  ~kpi_world();

  // A request to the hub as the staff member of 510824 (token added unless `bare`).
  net::http_response get(const std::string& target, const net::header_list& extra = {}, bool bare = false);
  // GET that must answer 200 with JSON.
  boost::json::value get_json(const std::string& target);
  // Signs in at /dashboard/login with the staff token; returns "cz_session=...".
  std::string dashboard_cookie();

  hub_fixture hub;                                // 荣昌区 registry from the fixture, 苍溪县 added
  std::string staff_token;                        // reads 510824 only
  std::string other_station, other_village_name;  // a station with data in 500153
  std::int64_t generated_at = 0;
  date today;
  std::vector<std::pair<std::string, std::string>> townships;  // code, name
  std::vector<reg_village> villages;
  std::vector<raw_station> stations;
  std::vector<raw_point> points;
  std::vector<raw_listing> listings;
  std::vector<raw_pickup> pickups;
  std::vector<raw_sync> syncs;
  int rejected_expected = 0;  // ops the hub must reject (a village not in its registry)
  int rejected_seen = 0;      // as the stations' outboxes report them after the last sync
  edge_records edge;

 private:
  struct generator;
  temp_dir dir_{"kpi-world"};
  std::unique_ptr<net::https_client> client_;
};

}  // namespace cunzhan::test::integration
