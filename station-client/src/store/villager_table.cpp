// The villager register: the table's SQL and rules for the shared record path
// (record_table.hpp). The row keeps the name for the officer's lists; the op carries
// only the wire form (id, village, household size).
#include <boost/json.hpp>

#include "cunzhan/shared/uuid.hpp"
#include "cunzhan/shared/villager_json.hpp"
#include "record_table.hpp"

namespace cunzhan::station_client {
namespace {

constexpr const char* k_exists = "SELECT 1 FROM villager WHERE id = ?";
constexpr const char* k_by_name =
    "SELECT doc, id FROM villager WHERE name = ? ORDER BY created_at, rowid LIMIT 2";

}  // namespace

template <>
struct record_traits<villager> {
  static constexpr entity_type entity = entity_type::villager;
  static constexpr const char* upsert =
      "INSERT INTO villager (id, name, village_code, created_at, doc) VALUES (?, ?, ?, ?, ?) "
      "ON CONFLICT(id) DO UPDATE SET name = excluded.name, village_code = excluded.village_code, "
      "doc = excluded.doc";
  static constexpr const char* select_one = "SELECT doc FROM villager WHERE id = ?";
  static constexpr const char* select_all = "SELECT doc, id FROM villager ORDER BY created_at, rowid";
  static constexpr const char* select_filtered =
      "SELECT doc, id FROM villager WHERE (?1 = '' OR village_code = ?1) "
      "ORDER BY village_code, name, rowid LIMIT ?2";
  static constexpr const char* added_between =
      "SELECT count(*) FROM villager WHERE created_at >= ?1 AND created_at < ?2";
  static constexpr bool wire_differs = true;  // never the name, phone or note

  static result<villager> from_json(const boost::json::object& o) { return villager_from_json(o); }
  static error not_found(const std::string& id) {
    return error(errc::not_found, "no registered villager " + id, "没有登记的村民 " + id);
  }
  // Random (v4), so nothing about the person or the time of registration can be read from it.
  static std::string new_id() { return uuid_v4(); }
  static void prepare_new(villager&, sys_seconds) {}
  static void before_validate(villager&) {}
  static std::string doc(const villager& v, bool wire) { return boost::json::serialize(to_json(v, wire)); }
  static void bind_row(sql::statement& st, const villager& v, const std::string& doc, sys_seconds now) {
    st.bind(1, v.id).bind(2, v.name).bind(3, v.village_code).bind(4, to_unix(now)).bind(5, doc);
  }
  static void bind_filter(sql::statement& st, const villager_filter& f) {
    st.bind(1, f.village_code).bind(2, f.limit ? static_cast<std::int64_t>(f.limit) : std::int64_t{-1});
  }
  static int state(const villager&) { return 0; }
  static status check_change(int, villager&, sys_seconds) { return ok_status(); }
};

template class record_table<villager, villager_filter>;

status villager_registered(store_connection& c, const std::string& villager_id) {
  auto st = c.db().prepare_cached(k_exists);
  if (!st) return std::move(st).err();
  (*st)->bind(1, villager_id);
  auto row = (*st)->step();
  if (!row) return std::move(row).err();
  (*st)->reset();
  if (*row) return ok_status();
  return error(errc::invalid_field, "villager_id: no registered villager " + villager_id,
               "villager_id：没有登记的村民 " + villager_id);
}

result<villager> villager_table::update(const std::string& id, const std::function<status(villager&)>& edit) {
  return mutate(id, edit);
}

result<villager> villager_table::find(const std::string& id_or_name) {
  if (is_uuid(id_or_name)) return get(id_or_name);
  auto st = connection().db().prepare_cached(k_by_name);
  if (!st) return std::move(st).err();
  (*st)->bind(1, id_or_name);
  std::vector<damaged_record> damaged;
  auto rows = detail::decode_rows<villager>(**st, damaged);
  if (!rows) return std::move(rows).err();
  if (rows->empty()) return record_traits<villager>::not_found(id_or_name);
  if (rows->size() > 1)
    return error(errc::invalid_field,
                 "more than one villager is named " + id_or_name + "; give the id (station villager list)",
                 "有多位村民名为“" + id_or_name + "”，请填写编号（station villager list）");
  return std::move(rows->front());
}

}  // namespace cunzhan::station_client
