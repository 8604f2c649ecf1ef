// Read-only summaries over the station store for the officer's home page (the web app):
// what happened today, one count from each table.
#pragma once
#include <cstdint>

#include "cunzhan/shared/result.hpp"
#include "cunzhan/shared/time.hpp"
#include "cunzhan/station/store.hpp"

namespace cunzhan::station_client {

struct day_counts {
  std::int64_t listings_added = 0;     // listings created that day
  std::int64_t listings_sold = 0;      // listings whose sale time falls on that day
  std::int64_t pickups_added = 0;      // pickups recorded that day
  std::int64_t pickups_collected = 0;  // collected (picked_up) that day
  std::int64_t pickups_due_open = 0;   // due that day or earlier and still waiting
  std::int64_t points_open = 0;        // courier points not closed
};

// Counts for the Asia/Shanghai day d.
result<day_counts> counts_for_day(store& s, date d);

}  // namespace cunzhan::station_client
