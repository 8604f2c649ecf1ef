// Courier points in the store: add, edit, close, read and list; each change writes the
// point row and its outbox op in one transaction.
#include <boost/json.hpp>

#include "cunzhan/shared/entity_json.hpp"
#include "store_ids.hpp"
#include "store_internal.hpp"

namespace cunzhan::station_client {
namespace {

constexpr const char* k_upsert =
    "INSERT INTO courier_point (id, name, kind, village_code, brands, served_villages, "
    "closed_on, created_at, doc) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT(id) DO UPDATE SET name = excluded.name, kind = excluded.kind, "
    "village_code = excluded.village_code, brands = excluded.brands, "
    "served_villages = excluded.served_villages, closed_on = excluded.closed_on, doc = excluded.doc";
constexpr const char* k_select_one = "SELECT doc FROM courier_point WHERE id = ?";
constexpr const char* k_select_all = "SELECT doc, id FROM courier_point ORDER BY created_at, rowid";
constexpr const char* k_select_filtered =
    "SELECT doc, id FROM courier_point WHERE (?1 OR closed_on IS NULL) "
    "ORDER BY created_at DESC, rowid DESC LIMIT ?2";

error point_not_found(const std::string& id) {
  return error(errc::not_found, "no courier point with id " + id, "没有编号为 " + id + " 的快递服务点");
}

result<courier_point> point_from_doc(const std::string& text) {
  auto o = parse_doc(text);
  if (!o) return std::move(o).err();
  return courier_point_from_json(*o);
}

std::string json_array(const std::vector<std::string>& v) {
  boost::json::array a;
  for (const auto& s : v) a.emplace_back(s);
  return boost::json::serialize(a);
}

}  // namespace

status store::write_point(const courier_point& c) {
  auto ctx = validation();
  if (!ctx) return std::move(ctx).err();
  if (auto errs = validate(c, *ctx); !errs.empty()) return to_status(std::move(errs));
  auto st = db_->prepare_cached(k_upsert);
  if (!st) return std::move(st).err();
  const std::string doc = boost::json::serialize(to_json(c));
  (*st)->bind(1, c.id).bind(2, c.name).bind(3, to_string(c.kind)).bind(4, c.village_code);
  (*st)->bind(5, json_array(c.brands)).bind(6, json_array(c.served_villages));
  if (c.closed_on) (*st)->bind(7, format_date(*c.closed_on)); else (*st)->bind_null(7);
  (*st)->bind(8, to_unix(now_seconds())).bind(9, doc);
  if (auto s = (*st)->run(); !s) return s;
  return append_op(entity_type::courier_point, c.id, doc);
}

result<std::optional<courier_point>> store::load_point(const std::string& id) {
  auto st = db_->prepare_cached(k_select_one);
  if (!st) return std::move(st).err();
  (*st)->bind(1, id);
  auto row = (*st)->step();
  if (!row) return std::move(row).err();
  if (!*row) return std::optional<courier_point>();
  std::string doc = (*st)->column_text(0);
  (*st)->reset();
  auto c = point_from_doc(doc);
  if (!c) return std::move(c).err();
  return std::optional<courier_point>(std::move(*c));
}

result<courier_point> store::add_point(courier_point c) {
  if (c.id.empty()) c.id = new_record_id();
  if (!c.opened_on) c.opened_on = today_shanghai();
  write_scope w(*this);
  if (auto s = w.begun(); !s) return std::move(s).err();
  if (auto s = write_point(c); !s) return std::move(s).err();
  if (auto s = w.commit(); !s) return std::move(s).err();
  return c;
}

result<courier_point> store::update_point(const std::string& id,
                                          const std::function<status(courier_point&)>& edit) {
  write_scope w(*this);
  if (auto s = w.begun(); !s) return std::move(s).err();
  auto found = load_point(id);
  if (!found) return std::move(found).err();
  if (!*found) return point_not_found(id);
  courier_point c = std::move(**found);
  if (auto s = edit(c); !s) return std::move(s).err();
  c.id = id;
  if (auto s = write_point(c); !s) return std::move(s).err();
  if (auto s = w.commit(); !s) return std::move(s).err();
  return c;
}

result<courier_point> store::close_point(const std::string& id, date closed_on) {
  return update_point(id, [&](courier_point& c) -> status {
    if (c.closed_on) {
      return error(errc::invalid_transition, "the point was already closed on " + format_date(*c.closed_on),
                   "该服务点已于 " + format_date(*c.closed_on) + " 停止服务");
    }
    c.closed_on = closed_on;
    return ok_status();
  });
}

result<courier_point> store::get_point(const std::string& id) {
  auto found = load_point(id);
  if (!found) return std::move(found).err();
  if (!*found) return point_not_found(id);
  return std::move(**found);
}

result<std::vector<courier_point>> store::list_points(const point_filter& f) {
  auto st = db_->prepare_cached(k_select_filtered);
  if (!st) return std::move(st).err();
  (*st)->bind(1, f.include_closed ? 1 : 0);
  (*st)->bind(2, f.limit ? static_cast<std::int64_t>(f.limit) : std::int64_t{-1});
  return decode_rows(**st, &point_from_doc, damaged_);
}

status store::for_each_point(const std::function<bool(const courier_point&)>& fn) {
  return for_each_row(*db_, k_select_all, &point_from_doc, fn, damaged_);
}

}  // namespace cunzhan::station_client
