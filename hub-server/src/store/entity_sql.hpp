// The entity tables' statements, in the SQL both backends speak (SQLite's entity_store and
// PostgreSQL's pg_sync_writer, which numbers the ? placeholders): one text, so the two can
// never disagree on what an upsert keeps.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "cunzhan/shared/op.hpp"
#include "cunzhan/shared/time.hpp"

namespace cunzhan::hub::entity_sql {

// Bound values: instants as UTC seconds, days as 'YYYY-MM-DD', absent as NULL.
inline std::optional<std::int64_t> instant_secs(const std::optional<sys_seconds>& t) {
  if (!t) return std::nullopt;
  return t->time_since_epoch().count();
}
inline std::optional<std::string> day_text(const std::optional<date>& d) {
  if (!d) return std::nullopt;
  return format_date(*d);
}

// Who first wrote an entity: SELECT station_id, last_seq FROM <its table> WHERE id = ?.
inline const char* owner_sql(entity_type t) {
  switch (t) {
    case entity_type::listing: return "SELECT station_id, last_seq FROM listing WHERE id = ?";
    case entity_type::pickup: return "SELECT station_id, last_seq FROM pickup WHERE id = ?";
    case entity_type::courier_point: return "SELECT station_id, last_seq FROM courier_point WHERE id = ?";
    case entity_type::villager: return "SELECT station_id, last_seq FROM villager WHERE id = ?";
    case entity_type::proxy_buy: return "SELECT station_id, last_seq FROM proxy_buy WHERE id = ?";
    case entity_type::service: return "SELECT station_id, last_seq FROM service WHERE id = ?";
  }
  return "SELECT station_id, last_seq FROM listing WHERE 1 = 0";
}

inline constexpr const char* k_upsert_listing =
    "INSERT INTO listing (id, station_id, county_code, township_code, village_code, product_name, category, "
    "quantity, unit, price_fen, harvest_date, farmer_phone_masked, status, sold_quantity, sold_amount_fen, "
    "sold_at, sales_channel, note, created_at, updated_at, data, received_at, last_seq, seller_kind, "
    "seller_name, "
    "villager_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (id) DO UPDATE SET township_code = excluded.township_code, village_code = "
    "excluded.village_code, "
    "product_name = excluded.product_name, category = excluded.category, quantity = excluded.quantity, "
    "unit = excluded.unit, price_fen = excluded.price_fen, harvest_date = excluded.harvest_date, "
    "farmer_phone_masked = excluded.farmer_phone_masked, status = excluded.status, "
    "sold_quantity = excluded.sold_quantity, sold_amount_fen = excluded.sold_amount_fen, "
    "sold_at = excluded.sold_at, sales_channel = excluded.sales_channel, note = excluded.note, "
    "created_at = excluded.created_at, updated_at = excluded.updated_at, data = excluded.data, "
    "received_at = excluded.received_at, last_seq = excluded.last_seq, seller_kind = excluded.seller_kind, "
    "seller_name = excluded.seller_name, villager_id = excluded.villager_id "
    "WHERE excluded.last_seq > listing.last_seq";

inline constexpr const char* k_upsert_pickup =
    "INSERT INTO pickup (id, station_id, county_code, township_code, village_code, brand, direction, "
    "parcels, "
    "weight_kg, listing_id, requested_at, due_at, picked_up_at, status, tracking_no, failure_reason, note, "
    "data, "
    "received_at, last_seq, villager_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
    "?) "
    "ON CONFLICT (id) DO UPDATE SET brand = excluded.brand, direction = excluded.direction, "
    "parcels = excluded.parcels, weight_kg = excluded.weight_kg, listing_id = excluded.listing_id, "
    "requested_at = excluded.requested_at, due_at = excluded.due_at, picked_up_at = excluded.picked_up_at, "
    "status = excluded.status, tracking_no = excluded.tracking_no, failure_reason = excluded.failure_reason, "
    "note = excluded.note, data = excluded.data, received_at = excluded.received_at, last_seq = "
    "excluded.last_seq, "
    "villager_id = excluded.villager_id WHERE excluded.last_seq > pickup.last_seq";

inline constexpr const char* k_upsert_point =
    "INSERT INTO courier_point (id, station_id, county_code, township_code, name, kind, village_code, "
    "days_per_week, filing_no, opened_on, closed_on, note, data, received_at, last_seq) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (id) DO UPDATE SET township_code = excluded.township_code, name = excluded.name, "
    "kind = excluded.kind, village_code = excluded.village_code, days_per_week = excluded.days_per_week, "
    "filing_no = excluded.filing_no, opened_on = excluded.opened_on, closed_on = excluded.closed_on, "
    "note = excluded.note, data = excluded.data, received_at = excluded.received_at, last_seq = "
    "excluded.last_seq "
    "WHERE excluded.last_seq > courier_point.last_seq";
inline constexpr const char* k_delete_point_villages = "DELETE FROM courier_point_village WHERE point_id = ?";
inline constexpr const char* k_insert_point_village =
    "INSERT INTO courier_point_village (point_id, village_code) VALUES (?, ?) ON CONFLICT DO NOTHING";
inline constexpr const char* k_delete_point_brands = "DELETE FROM courier_point_brand WHERE point_id = ?";
inline constexpr const char* k_insert_point_brand =
    "INSERT INTO courier_point_brand (point_id, brand) VALUES (?, ?) ON CONFLICT DO NOTHING";

// The villager services (schema_villager.hpp).
inline constexpr const char* k_upsert_villager =
    "INSERT INTO villager (id, station_id, county_code, township_code, village_code, household_size, data, "
    "received_at, last_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (id) DO UPDATE SET township_code = excluded.township_code, village_code = "
    "excluded.village_code, "
    "household_size = excluded.household_size, data = excluded.data, received_at = excluded.received_at, "
    "last_seq = excluded.last_seq WHERE excluded.last_seq > villager.last_seq";

inline constexpr const char* k_upsert_proxy_buy =
    "INSERT INTO proxy_buy (id, station_id, county_code, township_code, villager_id, category, platform, "
    "item_count, amount_fen, status, ordered_at, arrived_at, handed_over_at, returned_at, cancelled_at, "
    "pickup_id, data, received_at, last_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
    "?) "
    "ON CONFLICT (id) DO UPDATE SET villager_id = excluded.villager_id, category = excluded.category, "
    "platform = excluded.platform, item_count = excluded.item_count, amount_fen = excluded.amount_fen, "
    "status = excluded.status, ordered_at = excluded.ordered_at, arrived_at = excluded.arrived_at, "
    "handed_over_at = excluded.handed_over_at, returned_at = excluded.returned_at, "
    "cancelled_at = excluded.cancelled_at, pickup_id = excluded.pickup_id, data = excluded.data, "
    "received_at = excluded.received_at, last_seq = excluded.last_seq WHERE excluded.last_seq > "
    "proxy_buy.last_seq";

inline constexpr const char* k_upsert_service =
    "INSERT INTO service (id, station_id, county_code, township_code, villager_id, served_on, kind, "
    "source_id, "
    "data, received_at, last_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (id) DO UPDATE SET villager_id = excluded.villager_id, served_on = excluded.served_on, "
    "kind = excluded.kind, source_id = excluded.source_id, data = excluded.data, "
    "received_at = excluded.received_at, last_seq = excluded.last_seq WHERE excluded.last_seq > "
    "service.last_seq";

}  // namespace cunzhan::hub::entity_sql
