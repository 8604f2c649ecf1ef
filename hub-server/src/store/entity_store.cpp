// SQL for the entity tables. Instants go in as UTC seconds and days as 'YYYY-MM-DD'.
#include "store/entity_store.hpp"

#include "store/entity_sql.hpp"

namespace cunzhan::hub {
using namespace entity_sql;

namespace {

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
  auto st = db_.prepare_cached(k_upsert_listing);
  if (!st) return std::move(st).err();
  auto& q = **st;
  q.bind(1, l.id)
      .bind(2, o.station_id)
      .bind(3, o.county_code)
      .bind(4, o.township_code)
      .bind(5, l.village_code);
  q.bind(6, l.product_name).bind(7, l.category).bind(8, l.quantity).bind(9, l.unit).bind(10, l.price_fen);
  q.bind(11, day(l.harvest_date)).bind(12, l.farmer_phone_masked).bind(13, std::string(to_string(l.status)));
  q.bind(14, l.sold_quantity).bind(15, l.sold_amount_fen).bind(16, secs(l.sold_at)).bind(17, l.sales_channel);
  q.bind(18, l.note).bind(19, secs(l.created_at)).bind(20, secs(l.updated_at)).bind(21, o.data_json);
  q.bind(22, o.received_at)
      .bind(23, o.seq)
      .bind(24, std::string(to_string(l.seller)))
      .bind(25, l.seller_name);
  q.bind(26, l.villager_id);
  return q.run();
}

status entity_store::upsert(const pickup& p, const std::string& village_code, const owner_fields& o) {
  auto st = db_.prepare_cached(k_upsert_pickup);
  if (!st) return std::move(st).err();
  auto& q = **st;
  q.bind(1, p.id).bind(2, o.station_id).bind(3, o.county_code).bind(4, o.township_code).bind(5, village_code);
  q.bind(6, p.brand).bind(7, std::string(to_string(p.direction))).bind(8, p.parcels).bind(9, p.weight_kg);
  q.bind(10, p.listing_id)
      .bind(11, secs(p.requested_at))
      .bind(12, secs(p.due_at))
      .bind(13, secs(p.picked_up_at));
  q.bind(14, std::string(to_string(p.status)))
      .bind(15, p.tracking_no)
      .bind(16, p.failure_reason)
      .bind(17, p.note);
  q.bind(18, o.data_json).bind(19, o.received_at).bind(20, o.seq).bind(21, p.villager_id);
  return q.run();
}

status entity_store::upsert(const courier_point& c, const owner_fields& o) {
  auto st = db_.prepare_cached(k_upsert_point);
  if (!st) return std::move(st).err();
  auto& q = **st;
  q.bind(1, c.id).bind(2, o.station_id).bind(3, o.county_code).bind(4, o.township_code).bind(5, c.name);
  q.bind(6, std::string(to_string(c.kind)))
      .bind(7, c.village_code)
      .bind(8, c.days_per_week)
      .bind(9, c.filing_no);
  q.bind(10, day(c.opened_on)).bind(11, day(c.closed_on)).bind(12, c.note).bind(13, o.data_json);
  q.bind(14, o.received_at).bind(15, o.seq);
  if (auto s = q.run(); !s) return s;
  // The children follow the row: when the stored row was newer, leave them alone too.
  if (db_.changes() == 0) return ok_status();
  for (const char* del : {k_delete_point_villages, k_delete_point_brands}) {
    auto d = db_.prepare_cached(del);
    if (!d) return std::move(d).err();
    if (auto s = (*d)->bind(1, c.id).run(); !s) return s;
  }
  for (const auto& v : c.served_villages) {
    auto ins = db_.prepare_cached(k_insert_point_village);
    if (!ins) return std::move(ins).err();
    if (auto s = (*ins)->bind(1, c.id).bind(2, v).run(); !s) return s;
  }
  for (const auto& b : c.brands) {
    auto ins = db_.prepare_cached(k_insert_point_brand);
    if (!ins) return std::move(ins).err();
    if (auto s = (*ins)->bind(1, c.id).bind(2, b).run(); !s) return s;
  }
  return ok_status();
}

}  // namespace cunzhan::hub
