// Day summaries for the home page (see store_queries.hpp). Instants in the JSON doc are
// always written by format_instant as "YYYY-MM-DDTHH:MM:SS+08:00", so their first ten
// characters are the Shanghai day and can be compared as text.
#include "cunzhan/station/store_queries.hpp"

#include <string>

namespace cunzhan::station_client {
namespace {

constexpr const char* k_listings_added =
    "SELECT count(*) FROM listing WHERE created_at >= ?1 AND created_at < ?2";
constexpr const char* k_listings_sold =
    "SELECT count(*) FROM listing WHERE status = 'sold' AND substr(json_extract(doc, '$.sold_at'), 1, 10) = ?3";
constexpr const char* k_pickups_added =
    "SELECT count(*) FROM pickup WHERE created_at >= ?1 AND created_at < ?2";
constexpr const char* k_pickups_collected =
    "SELECT count(*) FROM pickup WHERE status = 'picked_up' "
    "AND substr(json_extract(doc, '$.picked_up_at'), 1, 10) = ?3";
constexpr const char* k_pickups_due_open =
    "SELECT count(*) FROM pickup WHERE status = 'requested' "
    "AND substr(json_extract(doc, '$.due_at'), 1, 10) <= ?3";
constexpr const char* k_points_open = "SELECT count(*) FROM courier_point WHERE closed_on IS NULL OR closed_on = ''";

}  // namespace

result<day_counts> counts_for_day(store& s, date d) {
  const std::int64_t from = shanghai_midnight(d).time_since_epoch().count();
  const std::int64_t to = from + 24 * 3600;
  const std::string day = format_date(d);
  day_counts out;
  const std::pair<const char*, std::int64_t*> queries[] = {
      {k_listings_added, &out.listings_added},   {k_listings_sold, &out.listings_sold},
      {k_pickups_added, &out.pickups_added},     {k_pickups_collected, &out.pickups_collected},
      {k_pickups_due_open, &out.pickups_due_open}, {k_points_open, &out.points_open}};
  for (const auto& [sql_text, target] : queries) {
    auto st = s.db().prepare_cached(sql_text);
    if (!st) return std::move(st).err();
    // Unused parameters are simply left unbound (NULL) by the queries that lack them.
    if (std::string_view(sql_text).find("?1") != std::string_view::npos) (*st)->bind(1, from).bind(2, to);
    if (std::string_view(sql_text).find("?3") != std::string_view::npos) (*st)->bind(3, day);
    auto row = (*st)->step();
    if (!row) return std::move(row).err();
    *target = *row ? (*st)->column_int(0) : 0;
    (*st)->reset();
  }
  return out;
}

}  // namespace cunzhan::station_client
