#include "store/postgres/pg_sync_writer.hpp"

#include "store/entity_sql.hpp"
#include "store/postgres/pg_rows.hpp"
#include "store/served_summary.hpp"

namespace cunzhan::hub::pg {
using namespace entity_sql;

namespace {

const std::string k_find = std::string("SELECT ") + k_op_log_columns + " FROM op_log WHERE op_id = $1";
const std::string k_find_many =
    std::string("SELECT ") + k_op_log_columns + " FROM op_log WHERE op_id = ANY($1::text[])";
constexpr const char* k_insert_head =
    "INSERT INTO op_log (op_id, station_id, seq, entity, entity_id, content_hash, status, error_code, "
    "error_message, error_message_zh, received_at, batch_id, session_id) VALUES ";
constexpr int k_op_log_params = 13;
// Rows per INSERT: powers of two up to this, so a connection prepares at most eight texts.
constexpr std::size_t k_max_rows_per_insert = 128;
constexpr const char* k_acked = "SELECT coalesce(max(seq), 0) FROM op_log WHERE station_id = $1";
constexpr const char* k_insert_session =
    "INSERT INTO sync_session (station_id, started_at, ended_at, bytes_in, bytes_out, applied, duplicate, "
    "rejected, client_offset_s, ok, station_version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) "
    "RETURNING id";
constexpr const char* k_update_session =
    "UPDATE sync_session SET ended_at = $1, bytes_out = $2, applied = $3, duplicate = $4, rejected = $5, ok "
    "= $6 "
    "WHERE id = $7";

std::optional<std::string> opt_text(const std::string& s) {
  if (s.empty()) return std::nullopt;
  return s;
}
std::optional<std::int64_t> secs(const std::optional<sys_seconds>& t) {
  if (!t) return std::nullopt;
  return t->time_since_epoch().count();
}
std::optional<std::string> day(const std::optional<date>& d) {
  if (!d) return std::nullopt;
  return format_date(*d);
}
std::optional<double> opt_real(const std::optional<double>& v) { return v; }

status done(result<rows>&& r) {
  if (!r) return std::move(r).err();
  return ok_status();
}

// A text[] literal: every element double-quoted, `"` and `\` escaped.
std::string text_array(const std::vector<std::string>& v) {
  std::string out = "{";
  for (const auto& s : v) {
    if (out.size() > 1) out += ',';
    out += '"';
    for (char ch : s) {
      if (ch == '"' || ch == '\\') out += '\\';
      out += ch;
    }
    out += '"';
  }
  return out + "}";
}

// INSERT … VALUES ($1 … $13), ($14 … $26), … for `n` rows.
std::string insert_sql(std::size_t n) {
  std::string sql = k_insert_head;
  int k = 0;
  for (std::size_t i = 0; i < n; ++i) {
    sql += i == 0 ? "(" : ", (";
    for (int j = 0; j < k_op_log_params; ++j) sql += (j == 0 ? "$" : ", $") + std::to_string(++k);
    sql += ')';
  }
  return sql;
}

const char* owners_sql(entity_type t) {
  switch (t) {
    case entity_type::listing:
      return "SELECT id, station_id, last_seq FROM listing WHERE id = ANY($1::text[])";
    case entity_type::pickup: return "SELECT id, station_id, last_seq FROM pickup WHERE id = ANY($1::text[])";
    case entity_type::courier_point:
      return "SELECT id, station_id, last_seq FROM courier_point WHERE id = ANY($1::text[])";
    case entity_type::villager:
      return "SELECT id, station_id, last_seq FROM villager WHERE id = ANY($1::text[])";
    case entity_type::proxy_buy:
      return "SELECT id, station_id, last_seq FROM proxy_buy WHERE id = ANY($1::text[])";
    case entity_type::service:
      return "SELECT id, station_id, last_seq FROM service WHERE id = ANY($1::text[])";
  }
  return "SELECT id, station_id, last_seq FROM listing WHERE 1 = 0";
}

}  // namespace

const char* const k_op_log_columns =
    "op_id, station_id, seq, entity, entity_id, content_hash, status, error_code, error_message, "
    "error_message_zh, received_at, batch_id, session_id";

op_log_row read_op_log_row(const rows& r, int i) {
  op_log_row o;
  o.op_id = r.text(i, 0);
  o.station_id = r.text(i, 1);
  o.seq = r.int64(i, 2);
  o.entity = r.text(i, 3);
  o.entity_id = r.text(i, 4);
  o.content_hash = r.bytes(i, 5);
  o.status = r.text(i, 6);
  o.error_code = r.text(i, 7);
  o.error_message = r.text(i, 8);
  o.error_message_zh = r.text(i, 9);
  o.received_at = r.int64(i, 10);
  o.batch_id = r.text(i, 11);
  o.session_id = r.opt_int64(i, 12);
  return o;
}

result<std::optional<op_log_row>> pg_sync_writer::find_op(const std::string& op_id) {
  if (auto it = ops_.find(op_id); it != ops_.end()) return it->second;
  auto r = c_.run(k_find, {op_id});
  if (!r) return std::move(r).err();
  if (r->empty()) return std::optional<op_log_row>{};
  return std::optional<op_log_row>{read_op_log_row(*r, 0)};
}

status pg_sync_writer::insert_op(const op_log_row& o) {
  // A second row for one op_id is refused here as the unique key would refuse it.
  if (auto it = ops_.find(o.op_id); it != ops_.end() && it->second) {
    return error(errc::already_exists, "op_log: op_id " + o.op_id + " already logged",
                 "记录已存在：操作编号 " + o.op_id);
  }
  ops_[o.op_id] = o;
  unwritten_.push_back(o);
  return ok_status();
}

status pg_sync_writer::flush() {
  std::size_t at = 0;
  while (at < unwritten_.size()) {
    std::size_t n = k_max_rows_per_insert;
    while (n > unwritten_.size() - at) n /= 2;
    params p;
    p.reserve(n * k_op_log_params);
    for (std::size_t i = at; i < at + n; ++i) {
      const op_log_row& o = unwritten_[i];
      for (auto&& v : {param(o.op_id), param(o.station_id), param(o.seq), param(o.entity), param(o.entity_id),
                       param::bytes(o.content_hash), param(o.status), param(opt_text(o.error_code)),
                       param(opt_text(o.error_message)), param(opt_text(o.error_message_zh)),
                       param(o.received_at), param(o.batch_id), param(o.session_id)})
        p.push_back(v);
    }
    if (auto s = done(c_.run(insert_sql(n), p)); !s) return s;
    at += n;
  }
  unwritten_.clear();
  return ok_status();
}

result<std::int64_t> pg_sync_writer::acked_through(const std::string& station_id) {
  if (auto s = flush(); !s) return std::move(s).err();
  auto r = c_.run(k_acked, {station_id});
  if (!r) return std::move(r).err();
  return r->int64(0, 0);
}

status pg_sync_writer::expect(const std::vector<std::string>& op_ids,
                              const std::vector<std::pair<entity_type, std::string>>& entities) {
  if (!op_ids.empty()) {
    auto r = c_.run(k_find_many, {text_array(op_ids)});
    if (!r) return std::move(r).err();
    for (const auto& id : op_ids) ops_.emplace(id, std::nullopt);
    for (int i = 0; i < r->size(); ++i) ops_[r->text(i, 0)] = read_op_log_row(*r, i);
  }
  std::map<entity_type, std::vector<std::string>> by_type;
  for (const auto& [t, id] : entities) by_type[t].push_back(id);
  for (const auto& [t, ids] : by_type) {
    auto r = c_.run(owners_sql(t), {text_array(ids)});
    if (!r) return std::move(r).err();
    for (const auto& id : ids) owners_.emplace(std::pair{t, id}, std::nullopt);
    for (int i = 0; i < r->size(); ++i)
      owners_[{t, r->text(i, 0)}] = entity_owner{r->text(i, 1), r->int64(i, 2)};
  }
  return ok_status();
}

result<std::optional<entity_owner>> pg_sync_writer::owner(entity_type t, const std::string& id) {
  if (auto it = owners_.find({t, id}); it != owners_.end()) return it->second;
  auto r = c_.run(owner_sql(t), {id});
  if (!r) return std::move(r).err();
  if (r->empty()) return std::optional<entity_owner>{};
  return std::optional<entity_owner>{entity_owner{r->text(0, 0), r->int64(0, 1)}};
}

status pg_sync_writer::upsert(const listing& l, const owner_fields& o) {
  forget(entity_type::listing, l.id);
  return done(c_.run(k_upsert_listing, {l.id,
                                        o.station_id,
                                        o.county_code,
                                        o.township_code,
                                        l.village_code,
                                        l.product_name,
                                        l.category,
                                        l.quantity,
                                        l.unit,
                                        l.price_fen,
                                        day(l.harvest_date),
                                        l.farmer_phone_masked,
                                        std::string(to_string(l.status)),
                                        l.sold_quantity,
                                        l.sold_amount_fen,
                                        secs(l.sold_at),
                                        l.sales_channel,
                                        l.note,
                                        secs(l.created_at),
                                        secs(l.updated_at),
                                        o.data_json,
                                        o.received_at,
                                        o.seq,
                                        std::string(to_string(l.seller)),
                                        l.seller_name,
                                        l.villager_id}));
}

status pg_sync_writer::upsert(const pickup& p, const std::string& village_code, const owner_fields& o) {
  forget(entity_type::pickup, p.id);
  return done(c_.run(k_upsert_pickup, {p.id,
                                       o.station_id,
                                       o.county_code,
                                       o.township_code,
                                       village_code,
                                       p.brand,
                                       std::string(to_string(p.direction)),
                                       p.parcels,
                                       opt_real(p.weight_kg),
                                       p.listing_id,
                                       secs(p.requested_at),
                                       secs(p.due_at),
                                       secs(p.picked_up_at),
                                       std::string(to_string(p.status)),
                                       p.tracking_no,
                                       p.failure_reason,
                                       p.note,
                                       o.data_json,
                                       o.received_at,
                                       o.seq,
                                       p.villager_id}));
}

status pg_sync_writer::upsert(const courier_point& c, const owner_fields& o) {
  forget(entity_type::courier_point, c.id);
  auto r =
      c_.run(k_upsert_point, {c.id, o.station_id, o.county_code, o.township_code, c.name,
                              std::string(to_string(c.kind)), c.village_code, c.days_per_week, c.filing_no,
                              day(c.opened_on), day(c.closed_on), c.note, o.data_json, o.received_at, o.seq});
  if (!r) return std::move(r).err();
  // The children follow the row: when the stored row was newer, leave them alone too.
  if (r->affected() == 0) return ok_status();
  for (const char* del : {k_delete_point_villages, k_delete_point_brands}) {
    if (auto s = done(c_.run(del, {c.id})); !s) return s;
  }
  for (const auto& v : c.served_villages) {
    if (auto s = done(c_.run(k_insert_point_village, {c.id, v})); !s) return s;
  }
  for (const auto& b : c.brands) {
    if (auto s = done(c_.run(k_insert_point_brand, {c.id, b})); !s) return s;
  }
  return ok_status();
}

status pg_sync_writer::upsert(const villager& v, const owner_fields& o) {
  forget(entity_type::villager, v.id);
  if (auto s = done(c_.run(k_upsert_villager,
                           {v.id, o.station_id, o.county_code, o.township_code, v.village_code,
                            static_cast<std::int64_t>(v.household_size), o.data_json, o.received_at, o.seq}));
      !s)
    return s;
  return served_summary::mark_villager(run_over(c_), v.id);
}

status pg_sync_writer::upsert(const proxy_buy_order& p, const owner_fields& o) {
  forget(entity_type::proxy_buy, p.id);
  return done(c_.run(k_upsert_proxy_buy,
                     {p.id, o.station_id, o.county_code, o.township_code, p.villager_id, p.category,
                      p.platform, p.item_count, p.amount_fen, std::string(to_string(p.status)),
                      secs(p.ordered_at), secs(p.arrived_at), secs(p.handed_over_at), secs(p.returned_at),
                      secs(p.cancelled_at), p.pickup_id, o.data_json, o.received_at, o.seq}));
}

status pg_sync_writer::upsert(const villager_service& s, const owner_fields& o) {
  forget(entity_type::service, s.id);
  const auto run = run_over(c_);
  if (auto m = served_summary::mark_service(run, s.id); !m) return m;
  if (auto u = done(c_.run(k_upsert_service, {s.id, o.station_id, o.county_code, o.township_code,
                                              s.villager_id, day(s.served_on), std::string(to_string(s.kind)),
                                              s.source_id, o.data_json, o.received_at, o.seq}));
      !u)
    return u;
  return served_summary::mark_villager(run, s.villager_id);
}

status pg_sync_writer::refresh_people_served() { return served_summary::refresh(run_over(c_)); }

result<std::int64_t> pg_sync_writer::insert_session(const sync_session_row& s) {
  auto r = c_.run(k_insert_session,
                  {s.station_id, s.started_at, s.ended_at, s.bytes_in, s.bytes_out, s.applied, s.duplicate,
                   s.rejected, s.client_offset_s, s.ok ? 1 : 0, opt_text(s.station_version)});
  if (!r) return std::move(r).err();
  return r->int64(0, 0);
}

status pg_sync_writer::update_session(const sync_session_row& s) {
  return done(c_.run(k_update_session,
                     {s.ended_at, s.bytes_out, s.applied, s.duplicate, s.rejected, s.ok ? 1 : 0, s.id}));
}

}  // namespace cunzhan::hub::pg
