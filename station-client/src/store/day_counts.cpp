// Day summaries for the home page (see day_counts.hpp): each count is its table's query.
#include "day_counts.hpp"

namespace cunzhan::station_client {

result<day_counts> counts_for_day(store& s, date d) {
  day_counts out;
  const std::pair<result<std::int64_t>, std::int64_t*> counts[] = {
      {s.listings().added_on(d), &out.listings_added},
      {s.listings().sold_on(d), &out.listings_sold},
      {s.pickups().added_on(d), &out.pickups_added},
      {s.pickups().collected_on(d), &out.pickups_collected},
      {s.pickups().due_open_by(d), &out.pickups_due_open},
      {s.points().open_count(), &out.points_open}};
  for (const auto& [n, target] : counts) {
    if (!n) return n.err();
    *target = *n;
  }
  return out;
}

}  // namespace cunzhan::station_client
