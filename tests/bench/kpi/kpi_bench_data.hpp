// The generated hub.db of kpi_bench: the registry, stations with their courier points,
// a history of listings, pickups and syncs, and the villager services on top.
#pragma once
#include <map>
#include <random>
#include <string>
#include <vector>

#include "cunzhan/shared/csv.hpp"
#include "cunzhan/shared/result.hpp"
#include "cunzhan/shared/sqlite.hpp"

namespace cunzhan::bench {

// A CSV of tests/data/divisions (".zst": compressed) without its header row.
std::vector<csv::row> load(const std::string& name);

struct loader {
  sql::database& db;
  std::mt19937 rng{7};
  int pick(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); }

  void exec(const char* sql);
  sql::statement& stmt(const char* sql);
  void must(status s);

  // Registry rows; returns the administrative village codes per county.
  std::map<std::string, std::vector<std::string>> registry(const std::string& streets,
                                                           const std::string& villages);
  // `n` stations st<offset>.. in `villages`, each with a courier point.
  std::vector<std::string> stations(const std::vector<std::string>& villages, int n, int offset);
  // `ops` ops of history: each op logged, half listings, half pickups, plus nightly syncs
  // over the last `sync_days` days of the two years.
  void history(const std::vector<std::string>& ids, const std::string& county, int ops,
               int sync_days = 2 * 365, int offset = 0);
};

// The villager services on top (KPIS.md "Villager services"): `villagers` registered in
// the county's villages, with population rows, `orders` 代买 orders and `services`
// services over the two years, an officer per station and 24 training sessions.
void villager_history(loader& l, const std::vector<std::string>& ids,
                      const std::vector<std::string>& villages, const std::string& county, int villagers,
                      int orders, int services);

}  // namespace cunzhan::bench
