// SQL for the entity tables. Instants go in as UTC seconds and days as 'YYYY-MM-DD'.
#include "cunzhan/hub/entity_store.hpp"

namespace cunzhan::hub {
namespace {

const char* owner_sql(entity_type t) {
  switch (t) {
    case entity_type::listing: return "SELECT station_id, last_seq FROM listing WHERE id = ?";
    case entity_type::pickup: return "SELECT station_id, last_seq FROM pickup WHERE id = ?";
    case entity_type::courier_point: return "SELECT station_id, last_seq FROM courier_point WHERE id = ?";
    case entity_type::villager: return "SELECT station_id, last_seq FROM villager WHERE id = ?";
    case entity_type::proxy_buy: return "SELECT station_id, last_seq FROM proxy_buy WHERE id = ?";
    case entity_type::service: return "SELECT station_id, last_seq FROM service WHERE id = ?";
  }
  return "SELECT station_id, last_seq FROM listing WHERE 0";
}

constexpr const char* kUpsertListing =
    "INSERT INTO listing (id, station_id, county_code, township_code, village_code, product_name, category, "
    "quantity, unit, price_fen, harvest_date, farmer_phone_masked, status, sold_quantity, sold_amount_fen, "
    "sold_at, sales_channel, note, created_at, updated_at, data, received_at, last_seq, seller_kind, seller_name, "
    "villager_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (id) DO UPDATE SET township_code = excluded.township_code, village_code = excluded.village_code, "
    "product_name = excluded.product_name, category = excluded.category, quantity = excluded.quantity, "
    "unit = excluded.unit, price_fen = excluded.price_fen, harvest_date = excluded.harvest_date, "
    "farmer_phone_masked = excluded.farmer_phone_masked, status = excluded.status, "
    "sold_quantity = excluded.sold_quantity, sold_amount_fen = excluded.sold_amount_fen, "
    "sold_at = excluded.sold_at, sales_channel = excluded.sales_channel, note = excluded.note, "
    "created_at = excluded.created_at, updated_at = excluded.updated_at, data = excluded.data, "
    "received_at = excluded.received_at, last_seq = excluded.last_seq, seller_kind = excluded.seller_kind, "
    "seller_name = excluded.seller_name, villager_id = excluded.villager_id "
    "WHERE excluded.last_seq > listing.last_seq";

constexpr const char* kUpsertPickup =
    "INSERT INTO pickup (id, station_id, county_code, township_code, village_code, brand, direction, parcels, "
    "weight_kg, listing_id, requested_at, due_at, picked_up_at, status, tracking_no, failure_reason, note, data, "
    "received_at, last_seq, villager_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (id) DO UPDATE SET brand = excluded.brand, direction = excluded.direction, "
    "parcels = excluded.parcels, weight_kg = excluded.weight_kg, listing_id = excluded.listing_id, "
    "requested_at = excluded.requested_at, due_at = excluded.due_at, picked_up_at = excluded.picked_up_at, "
    "status = excluded.status, tracking_no = excluded.tracking_no, failure_reason = excluded.failure_reason, "
    "note = excluded.note, data = excluded.data, received_at = excluded.received_at, last_seq = excluded.last_seq, "
    "villager_id = excluded.villager_id WHERE excluded.last_seq > pickup.last_seq";

constexpr const char* kUpsertPoint =
    "INSERT INTO courier_point (id, station_id, county_code, township_code, name, kind, village_code, "
    "days_per_week, filing_no, opened_on, closed_on, note, data, received_at, last_seq) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (id) DO UPDATE SET township_code = excluded.township_code, name = excluded.name, "
    "kind = excluded.kind, village_code = excluded.village_code, days_per_week = excluded.days_per_week, "
    "filing_no = excluded.filing_no, opened_on = excluded.opened_on, closed_on = excluded.closed_on, "
    "note = excluded.note, data = excluded.data, received_at = excluded.received_at, last_seq = excluded.last_seq "
    "WHERE excluded.last_seq > courier_point.last_seq";
constexpr const char* kDeletePointVillages = "DELETE FROM courier_point_village WHERE point_id = ?";
constexpr const char* kInsertPointVillage =
    "INSERT OR IGNORE INTO courier_point_village (point_id, village_code) VALUES (?, ?)";
constexpr const char* kDeletePointBrands = "DELETE FROM courier_point_brand WHERE point_id = ?";
constexpr const char* kInsertPointBrand = "INSERT OR IGNORE INTO courier_point_brand (point_id, brand) VALUES (?, ?)";

std::optional<std::int64_t> secs(const std::optional<sys_seconds>& t) {
  if (!t) return std::nullopt;
  return t->time_since_epoch().count();
}
std::optional<std::string> day(const std::optional<date>& d) {
  if (!d) return std::nullopt;
  return format_date(*d);
}

}  // namespace

result<std::optional<entity_owner>> entity_store::owner(entity_type t, const std::string& id) {
  auto st = db_.prepare_cached(owner_sql(t));
  if (!st) return std::move(st).err();
  (*st)->bind(1, id);
  auto row = (*st)->step();
  if (!row) return std::move(row).err();
  std::optional<entity_owner> out;
  if (*row) out = entity_owner{(*st)->column_text(0), (*st)->column_int(1)};
  (*st)->reset();
  return out;
}

status entity_store::upsert(const listing& l, const owner_fields& o) {
  auto st = db_.prepare_cached(kUpsertListing);
  if (!st) return std::move(st).err();
  auto& q = **st;
  q.bind(1, l.id).bind(2, o.station_id).bind(3, o.county_code).bind(4, o.township_code).bind(5, l.village_code);
  q.bind(6, l.product_name).bind(7, l.category).bind(8, l.quantity).bind(9, l.unit).bind(10, l.price_fen);
  q.bind(11, day(l.harvest_date)).bind(12, l.farmer_phone_masked).bind(13, std::string(to_string(l.status)));
  q.bind(14, l.sold_quantity).bind(15, l.sold_amount_fen).bind(16, secs(l.sold_at)).bind(17, l.sales_channel);
  q.bind(18, l.note).bind(19, secs(l.created_at)).bind(20, secs(l.updated_at)).bind(21, o.data_json);
  q.bind(22, o.received_at).bind(23, o.seq).bind(24, std::string(to_string(l.seller))).bind(25, l.seller_name);
  q.bind(26, l.villager_id);
  return q.run();
}

status entity_store::upsert(const pickup& p, const std::string& village_code, const owner_fields& o) {
  auto st = db_.prepare_cached(kUpsertPickup);
  if (!st) return std::move(st).err();
  auto& q = **st;
  q.bind(1, p.id).bind(2, o.station_id).bind(3, o.county_code).bind(4, o.township_code).bind(5, village_code);
  q.bind(6, p.brand).bind(7, std::string(to_string(p.direction))).bind(8, p.parcels).bind(9, p.weight_kg);
  q.bind(10, p.listing_id).bind(11, secs(p.requested_at)).bind(12, secs(p.due_at)).bind(13, secs(p.picked_up_at));
  q.bind(14, std::string(to_string(p.status))).bind(15, p.tracking_no).bind(16, p.failure_reason).bind(17, p.note);
  q.bind(18, o.data_json).bind(19, o.received_at).bind(20, o.seq).bind(21, p.villager_id);
  return q.run();
}

status entity_store::upsert(const courier_point& c, const owner_fields& o) {
  auto st = db_.prepare_cached(kUpsertPoint);
  if (!st) return std::move(st).err();
  auto& q = **st;
  q.bind(1, c.id).bind(2, o.station_id).bind(3, o.county_code).bind(4, o.township_code).bind(5, c.name);
  q.bind(6, std::string(to_string(c.kind))).bind(7, c.village_code).bind(8, c.days_per_week).bind(9, c.filing_no);
  q.bind(10, day(c.opened_on)).bind(11, day(c.closed_on)).bind(12, c.note).bind(13, o.data_json);
  q.bind(14, o.received_at).bind(15, o.seq);
  if (auto s = q.run(); !s) return s;
  // The children follow the row: when the stored row was newer, leave them alone too.
  if (db_.changes() == 0) return ok_status();
  for (const char* del : {kDeletePointVillages, kDeletePointBrands}) {
    auto d = db_.prepare_cached(del);
    if (!d) return std::move(d).err();
    if (auto s = (*d)->bind(1, c.id).run(); !s) return s;
  }
  for (const auto& v : c.served_villages) {
    auto ins = db_.prepare_cached(kInsertPointVillage);
    if (!ins) return std::move(ins).err();
    if (auto s = (*ins)->bind(1, c.id).bind(2, v).run(); !s) return s;
  }
  for (const auto& b : c.brands) {
    auto ins = db_.prepare_cached(kInsertPointBrand);
    if (!ins) return std::move(ins).err();
    if (auto s = (*ins)->bind(1, c.id).bind(2, b).run(); !s) return s;
  }
  return ok_status();
}

}  // namespace cunzhan::hub
