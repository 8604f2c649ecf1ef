// SQL for the villager-service tables. Instants as UTC seconds, days as 'YYYY-MM-DD'.
#include "store/villager_store.hpp"

#include "store/entity_sql.hpp"
#include "store/served_summary.hpp"

namespace cunzhan::hub {
using namespace entity_sql;

status villager_store::upsert(const villager& v, const owner_fields& o) {
  auto st = db_.prepare_cached(k_upsert_villager);
  if (!st) return std::move(st).err();
  auto& q = **st;
  q.bind(1, v.id)
      .bind(2, o.station_id)
      .bind(3, o.county_code)
      .bind(4, o.township_code)
      .bind(5, v.village_code);
  q.bind(6, static_cast<std::int64_t>(v.household_size))
      .bind(7, o.data_json)
      .bind(8, o.received_at)
      .bind(9, o.seq);
  if (auto r = q.run(); !r) return r;
  return served_summary::mark_villager(sql_run::run_over(db_), v.id);
}

status villager_store::upsert(const proxy_buy_order& p, const owner_fields& o) {
  auto st = db_.prepare_cached(k_upsert_proxy_buy);
  if (!st) return std::move(st).err();
  auto& q = **st;
  q.bind(1, p.id)
      .bind(2, o.station_id)
      .bind(3, o.county_code)
      .bind(4, o.township_code)
      .bind(5, p.villager_id);
  q.bind(6, p.category).bind(7, p.platform).bind(8, p.item_count).bind(9, p.amount_fen);
  q.bind(10, std::string(to_string(p.status)))
      .bind(11, instant_secs(p.ordered_at))
      .bind(12, instant_secs(p.arrived_at));
  q.bind(13, instant_secs(p.handed_over_at))
      .bind(14, instant_secs(p.returned_at))
      .bind(15, instant_secs(p.cancelled_at));
  q.bind(16, p.pickup_id).bind(17, o.data_json).bind(18, o.received_at).bind(19, o.seq);
  return q.run();
}

status villager_store::upsert(const villager_service& s, const owner_fields& o) {
  const auto run = sql_run::run_over(db_);
  if (auto m = served_summary::mark_service(run, s.id); !m) return m;
  auto st = db_.prepare_cached(k_upsert_service);
  if (!st) return std::move(st).err();
  auto& q = **st;
  q.bind(1, s.id)
      .bind(2, o.station_id)
      .bind(3, o.county_code)
      .bind(4, o.township_code)
      .bind(5, s.villager_id);
  q.bind(6, day_text(s.served_on))
      .bind(7, std::string(to_string(s.kind)))
      .bind(8, s.source_id)
      .bind(9, o.data_json);
  q.bind(10, o.received_at).bind(11, o.seq);
  if (auto r = q.run(); !r) return r;
  return served_summary::mark_villager(run, s.villager_id);
}

status villager_store::refresh_people_served() { return served_summary::refresh(sql_run::run_over(db_)); }

}  // namespace cunzhan::hub
