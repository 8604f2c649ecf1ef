// Courier points: the courier_point table's SQL and rules for the shared record path
// (record_table.hpp), and the point's own changes: edit, close.
#include <boost/json.hpp>

#include "cunzhan/shared/entity_json.hpp"
#include "record_table.hpp"

namespace cunzhan::station_client {
namespace {

constexpr const char* k_open_count =
    "SELECT count(*) FROM courier_point WHERE closed_on IS NULL OR closed_on = ''";

std::string json_array(const std::vector<std::string>& v) {
  boost::json::array a;
  for (const auto& s : v) a.emplace_back(s);
  return boost::json::serialize(a);
}

struct no_state {};

}  // namespace

template <>
struct record_traits<courier_point> {
  static constexpr entity_type entity = entity_type::courier_point;
  static constexpr const char* upsert =
      "INSERT INTO courier_point (id, name, kind, village_code, brands, served_villages, "
      "closed_on, created_at, doc) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
      "ON CONFLICT(id) DO UPDATE SET name = excluded.name, kind = excluded.kind, "
      "village_code = excluded.village_code, brands = excluded.brands, "
      "served_villages = excluded.served_villages, closed_on = excluded.closed_on, doc = excluded.doc";
  static constexpr const char* select_one = "SELECT doc FROM courier_point WHERE id = ?";
  static constexpr const char* select_all = "SELECT doc, id FROM courier_point ORDER BY created_at, rowid";
  static constexpr const char* select_filtered =
      "SELECT doc, id FROM courier_point WHERE (?1 OR closed_on IS NULL) "
      "ORDER BY created_at DESC, rowid DESC LIMIT ?2";
  static constexpr const char* added_between =
      "SELECT count(*) FROM courier_point WHERE created_at >= ?1 AND created_at < ?2";
  static constexpr bool wire_differs = false;

  static result<courier_point> from_json(const boost::json::object& o) { return courier_point_from_json(o); }
  static error not_found(const std::string& id) {
    return error(errc::not_found, "no courier point with id " + id, "没有编号为 " + id + " 的快递服务点");
  }
  static void prepare_new(courier_point& c, sys_seconds now) {
    if (!c.opened_on) c.opened_on = shanghai_day(now);
  }
  static void before_validate(courier_point&) {}
  static std::string doc(const courier_point& c, bool) { return boost::json::serialize(to_json(c)); }
  static void bind_row(sql::statement& st, const courier_point& c, const std::string& doc, sys_seconds now) {
    st.bind(1, c.id).bind(2, c.name).bind(3, to_string(c.kind)).bind(4, c.village_code);
    st.bind(5, json_array(c.brands)).bind(6, json_array(c.served_villages));
    if (c.closed_on)
      st.bind(7, format_date(*c.closed_on));
    else
      st.bind_null(7);
    st.bind(8, to_unix(now)).bind(9, doc);
  }
  static void bind_filter(sql::statement& st, const point_filter& f) {
    st.bind(1, f.include_closed ? 1 : 0);
    st.bind(2, f.limit ? static_cast<std::int64_t>(f.limit) : std::int64_t{-1});
  }
  static no_state state(const courier_point&) { return {}; }
  static status check_change(no_state, courier_point&, sys_seconds) { return ok_status(); }  // any edit
};

template class record_table<courier_point, point_filter>;

result<courier_point> point_table::update(const std::string& id,
                                          const std::function<status(courier_point&)>& edit) {
  return mutate(id, edit);
}

result<courier_point> point_table::close(const std::string& id, date closed_on) {
  return mutate(id, [&](courier_point& c) -> status {
    if (c.closed_on) {
      return error(errc::invalid_transition, "the point was already closed on " + format_date(*c.closed_on),
                   "该服务点已于 " + format_date(*c.closed_on) + " 停止服务");
    }
    c.closed_on = closed_on;
    return ok_status();
  });
}

result<std::int64_t> point_table::open_count() { return count_on(k_open_count, clock().today()); }

}  // namespace cunzhan::station_client
