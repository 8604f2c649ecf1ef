// Private to the villager KPI engine: the three scopes a row counts in (county, its
// township, its station) and the people-served and training parts.
#pragma once
#include <array>
#include <string>
#include <vector>

#include "cunzhan/hub/villager_kpi.hpp"

namespace cunzhan::hub::kpi::detail {

class scoped {
 public:
  // Every station (and its township) gets a row, even with nothing to count.
  scoped(villager_report& r, const std::vector<station_in>& stations) : r_(r) {
    for (const auto& s : stations) {
      r_.stations[s.id];
      r_.townships[s.township_code];
    }
  }
  // County, township and station figures a station's row counts in.
  std::array<villager_figures*, 3> for_station(const std::string& station_id,
                                               const std::string& township_code) {
    return {&r_.county, &r_.townships[township_code], &r_.stations[station_id]};
  }
  villager_figures& county() { return r_.county; }
  villager_figures& township(const std::string& code) { return r_.townships[code]; }
  villager_figures& station(const std::string& id) { return r_.stations[id]; }
  // fn(key, figures): the county under "", then townships by code, stations by id.
  template <class Fn>
  void each(Fn&& fn) {
    fn(std::string(), r_.county);
    for (auto& [k, f] : r_.townships) fn(k, f);
    for (auto& [k, f] : r_.stations) fn(k, f);
  }

 private:
  villager_report& r_;
};

void people_served(const villager_inputs& in, const period& p, scoped& out);
void training(const villager_inputs& in, const period& p, scoped& out);

}  // namespace cunzhan::hub::kpi::detail
