// Pickups in the store: add, collect, cancel, fail, read and list; each change writes
// the pickup row and its outbox op in one transaction.
#include <boost/json.hpp>

#include "cunzhan/shared/entity_json.hpp"
#include "store_ids.hpp"
#include "store_internal.hpp"

namespace cunzhan::station_client {
namespace {

constexpr const char* k_upsert =
    "INSERT INTO pickup (id, brand, direction, status, requested_at, created_at, doc) "
    "VALUES (?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT(id) DO UPDATE SET brand = excluded.brand, direction = excluded.direction, "
    "status = excluded.status, requested_at = excluded.requested_at, doc = excluded.doc";
constexpr const char* k_select_one = "SELECT doc FROM pickup WHERE id = ?";
constexpr const char* k_select_all = "SELECT doc, id FROM pickup ORDER BY created_at, rowid";
constexpr const char* k_select_filtered =
    "SELECT doc, id FROM pickup WHERE (?1 = '' OR status = ?1) AND (?2 = '' OR brand = ?2) "
    "ORDER BY created_at DESC, rowid DESC LIMIT ?3";

error pickup_not_found(const std::string& id) {
  return error(errc::not_found, "no pickup with id " + id, "没有编号为 " + id + " 的揽收记录");
}

result<pickup> pickup_from_doc(const std::string& text) {
  auto o = parse_doc(text);
  if (!o) return std::move(o).err();
  return pickup_from_json(*o);
}

}  // namespace

bool pickup_transition_allowed(pickup_status from, pickup_status to) {
  return from == to || from == pickup_status::requested;
}

status store::write_pickup(const pickup& p) {
  auto ctx = validation();
  if (!ctx) return std::move(ctx).err();
  if (auto errs = validate(p, *ctx); !errs.empty()) return to_status(std::move(errs));
  auto st = db_->prepare_cached(k_upsert);
  if (!st) return std::move(st).err();
  const std::string doc = boost::json::serialize(to_json(p));
  (*st)->bind(1, p.id).bind(2, p.brand).bind(3, to_string(p.direction)).bind(4, to_string(p.status));
  if (p.requested_at) (*st)->bind(5, to_unix(*p.requested_at)); else (*st)->bind_null(5);
  (*st)->bind(6, to_unix(now_seconds())).bind(7, doc);
  if (auto s = (*st)->run(); !s) return s;
  return append_op(entity_type::pickup, p.id, doc);
}

result<std::optional<pickup>> store::load_pickup(const std::string& id) {
  auto st = db_->prepare_cached(k_select_one);
  if (!st) return std::move(st).err();
  (*st)->bind(1, id);
  auto row = (*st)->step();
  if (!row) return std::move(row).err();
  if (!*row) return std::optional<pickup>();
  std::string doc = (*st)->column_text(0);
  (*st)->reset();
  auto p = pickup_from_doc(doc);
  if (!p) return std::move(p).err();
  return std::optional<pickup>(std::move(*p));
}

result<pickup> store::add_pickup(pickup p) {
  if (p.id.empty()) p.id = new_record_id();
  if (!p.requested_at) p.requested_at = now_seconds();
  write_scope w(*this);
  if (auto s = w.begun(); !s) return std::move(s).err();
  if (auto s = write_pickup(p); !s) return std::move(s).err();
  if (auto s = w.commit(); !s) return std::move(s).err();
  return p;
}

result<pickup> store::mutate_pickup(const std::string& id, const std::function<status(pickup&)>& fn) {
  write_scope w(*this);
  if (auto s = w.begun(); !s) return std::move(s).err();
  auto found = load_pickup(id);
  if (!found) return std::move(found).err();
  if (!*found) return pickup_not_found(id);
  pickup p = std::move(**found);
  const pickup_status before = p.status;
  if (auto s = fn(p); !s) return std::move(s).err();
  if (before != pickup_status::requested) {
    return error(errc::invalid_transition,
                 "pickup is already " + std::string(to_string(before)),
                 "该揽收记录已是“" + std::string(label_zh(before)) + "”状态");
  }
  p.id = id;
  if (auto s = write_pickup(p); !s) return std::move(s).err();
  if (auto s = w.commit(); !s) return std::move(s).err();
  return p;
}

result<pickup> store::collect_pickup(const std::string& id, sys_seconds at,
                                     const std::string& tracking_no) {
  return mutate_pickup(id, [&](pickup& p) -> status {
    p.status = pickup_status::picked_up;
    p.picked_up_at = at;
    if (!tracking_no.empty()) p.tracking_no = tracking_no;
    return ok_status();
  });
}

result<pickup> store::cancel_pickup(const std::string& id) {
  return mutate_pickup(id, [](pickup& p) -> status {
    p.status = pickup_status::cancelled;
    return ok_status();
  });
}

result<pickup> store::fail_pickup(const std::string& id, const std::string& reason) {
  return mutate_pickup(id, [&](pickup& p) -> status {
    p.status = pickup_status::failed;
    p.failure_reason = reason;
    return ok_status();
  });
}

result<pickup> store::get_pickup(const std::string& id) {
  auto found = load_pickup(id);
  if (!found) return std::move(found).err();
  if (!*found) return pickup_not_found(id);
  return std::move(**found);
}

result<std::vector<pickup>> store::list_pickups(const pickup_filter& f) {
  auto st = db_->prepare_cached(k_select_filtered);
  if (!st) return std::move(st).err();
  (*st)->bind(1, f.status ? to_string(*f.status) : std::string_view()).bind(2, f.brand);
  (*st)->bind(3, f.limit ? static_cast<std::int64_t>(f.limit) : std::int64_t{-1});
  return decode_rows(**st, &pickup_from_doc, damaged_);
}

status store::for_each_pickup(const std::function<bool(const pickup&)>& fn) {
  return for_each_row(*db_, k_select_all, &pickup_from_doc, fn, damaged_);
}

}  // namespace cunzhan::station_client
