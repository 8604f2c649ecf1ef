// Services given to villagers: the table's SQL and rules for the shared record path
// (record_table.hpp), and the implied services other records write with themselves.
#include <boost/json.hpp>

#include "cunzhan/shared/villager_json.hpp"
#include "record_table.hpp"

namespace cunzhan::station_client {
namespace {

constexpr const char* k_has_source = "SELECT 1 FROM service WHERE source_id = ?";

}  // namespace

template <>
struct record_traits<villager_service> {
  static constexpr entity_type entity = entity_type::service;
  static constexpr const char* upsert =
      "INSERT INTO service (id, villager_id, kind, served_on, source_id, created_at, doc) "
      "VALUES (?, ?, ?, ?, ?, ?, ?) "
      "ON CONFLICT(id) DO UPDATE SET villager_id = excluded.villager_id, kind = excluded.kind, "
      "served_on = excluded.served_on, source_id = excluded.source_id, doc = excluded.doc";
  static constexpr const char* select_one = "SELECT doc FROM service WHERE id = ?";
  static constexpr const char* select_all = "SELECT doc, id FROM service ORDER BY created_at, rowid";
  static constexpr const char* select_filtered =
      "SELECT doc, id FROM service WHERE (?1 = '' OR villager_id = ?1) "
      "ORDER BY served_on DESC, rowid DESC LIMIT ?2";
  static constexpr const char* added_between =
      "SELECT count(*) FROM service WHERE created_at >= ?1 AND created_at < ?2";
  static constexpr bool wire_differs = true;  // never the note

  static result<villager_service> from_json(const boost::json::object& o) { return service_from_json(o); }
  static error not_found(const std::string& id) {
    return error(errc::not_found, "no service with id " + id, "没有编号为 " + id + " 的服务记录");
  }
  static void prepare_new(villager_service& s, sys_seconds now) {
    if (!s.served_on) s.served_on = shanghai_day(now);
  }
  static void before_validate(villager_service&) {}
  static std::string doc(const villager_service& s, bool wire) {
    return boost::json::serialize(to_json(s, wire));
  }
  static void bind_row(sql::statement& st, const villager_service& s, const std::string& doc,
                       sys_seconds now) {
    st.bind(1, s.id).bind(2, s.villager_id).bind(3, to_string(s.kind));
    st.bind(4, s.served_on ? format_date(*s.served_on) : std::string());
    if (s.source_id.empty())
      st.bind_null(5);
    else
      st.bind(5, s.source_id);
    st.bind(6, to_unix(now)).bind(7, doc);
  }
  static void bind_filter(sql::statement& st, const service_filter& f) {
    st.bind(1, f.villager_id).bind(2, f.limit ? static_cast<std::int64_t>(f.limit) : std::int64_t{-1});
  }
  static int state(const villager_service&) { return 0; }
  static status check_change(int, villager_service&, sys_seconds) { return ok_status(); }
};

template class record_table<villager_service, service_filter>;

std::optional<villager_service> implied_for(const std::string& villager_id, std::optional<sys_seconds> at,
                                            service_kind kind, const std::string& source_id,
                                            sys_seconds now) {
  if (villager_id.empty()) return std::nullopt;
  villager_service s;
  s.villager_id = villager_id;
  s.served_on = shanghai_day(at.value_or(now));
  s.kind = kind;
  s.source_id = source_id;
  return s;
}

status service_table::record_implied(villager_service s) {
  if (s.source_id.empty() || s.villager_id.empty()) return ok_status();
  auto st = connection().db().prepare_cached(k_has_source);
  if (!st) return std::move(st).err();
  (*st)->bind(1, s.source_id);
  auto row = (*st)->step();
  if (!row) return std::move(row).err();
  (*st)->reset();
  if (*row) return ok_status();  // once per record: an edit adds nothing
  if (s.id.empty()) s.id = new_record_id();
  return write(s);
}

}  // namespace cunzhan::station_client
