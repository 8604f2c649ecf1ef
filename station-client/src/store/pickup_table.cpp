// Pickups: the pickup table's SQL and rules for the shared record path
// (record_table.hpp), and the pickup's own changes: collect, cancel, fail.
#include <boost/json.hpp>

#include "cunzhan/shared/entity_json.hpp"
#include "record_table.hpp"

namespace cunzhan::station_client {
namespace {

constexpr const char* k_collected_on =
    "SELECT count(*) FROM pickup WHERE status = 'picked_up' "
    "AND substr(json_extract(doc, '$.picked_up_at'), 1, 10) = ?3";
constexpr const char* k_due_open_by =
    "SELECT count(*) FROM pickup WHERE status = 'requested' "
    "AND substr(json_extract(doc, '$.due_at'), 1, 10) <= ?3";

}  // namespace

bool pickup_transition_allowed(pickup_status from, pickup_status to) {
  return from == to || from == pickup_status::requested;
}

template <>
struct record_traits<pickup> {
  static constexpr entity_type entity = entity_type::pickup;
  static constexpr const char* upsert =
      "INSERT INTO pickup (id, brand, direction, status, requested_at, created_at, doc) "
      "VALUES (?, ?, ?, ?, ?, ?, ?) "
      "ON CONFLICT(id) DO UPDATE SET brand = excluded.brand, direction = excluded.direction, "
      "status = excluded.status, requested_at = excluded.requested_at, doc = excluded.doc";
  static constexpr const char* select_one = "SELECT doc FROM pickup WHERE id = ?";
  static constexpr const char* select_all = "SELECT doc, id FROM pickup ORDER BY created_at, rowid";
  static constexpr const char* select_filtered =
      "SELECT doc, id FROM pickup WHERE (?1 = '' OR status = ?1) AND (?2 = '' OR brand = ?2) "
      "ORDER BY created_at DESC, rowid DESC LIMIT ?3";
  static constexpr const char* added_between =
      "SELECT count(*) FROM pickup WHERE created_at >= ?1 AND created_at < ?2";
  static constexpr bool wire_differs = false;

  static result<pickup> from_json(const boost::json::object& o) { return pickup_from_json(o); }
  static error not_found(const std::string& id) {
    return error(errc::not_found, "no pickup with id " + id, "没有编号为 " + id + " 的揽收记录");
  }
  static void prepare_new(pickup& p, sys_seconds now) {
    if (!p.requested_at) p.requested_at = now;
  }
  static void before_validate(pickup&) {}
  static std::string doc(const pickup& p, bool) { return boost::json::serialize(to_json(p)); }
  static void bind_row(sql::statement& st, const pickup& p, const std::string& doc, sys_seconds now) {
    st.bind(1, p.id).bind(2, p.brand).bind(3, to_string(p.direction)).bind(4, to_string(p.status));
    if (p.requested_at)
      st.bind(5, to_unix(*p.requested_at));
    else
      st.bind_null(5);
    st.bind(6, to_unix(now)).bind(7, doc);
  }
  static void bind_filter(sql::statement& st, const pickup_filter& f) {
    st.bind(1, f.status ? to_string(*f.status) : std::string_view()).bind(2, f.brand);
    st.bind(3, f.limit ? static_cast<std::int64_t>(f.limit) : std::int64_t{-1});
  }
  // A parcel sent or received for a registered villager: a 代收代发 service.
  static std::optional<villager_service> implied(const pickup& p, sys_seconds now) {
    return implied_for(p.villager_id, p.requested_at, service_kind::parcel, p.id, now);
  }
  static pickup_status state(const pickup& p) { return p.status; }
  // Only a requested pickup changes (whatever the edit made of it).
  static status check_change(pickup_status before, pickup&, sys_seconds) {
    if (before == pickup_status::requested) return ok_status();
    return error(errc::invalid_transition, "pickup is already " + std::string(to_string(before)),
                 "该揽收记录已是“" + std::string(label_zh(before)) + "”状态");
  }
};

template class record_table<pickup, pickup_filter>;

result<pickup> pickup_table::collect(const std::string& id, sys_seconds at, const std::string& tracking_no) {
  return mutate(id, [&](pickup& p) -> status {
    p.status = pickup_status::picked_up;
    p.picked_up_at = at;
    if (!tracking_no.empty()) p.tracking_no = tracking_no;
    return ok_status();
  });
}

result<pickup> pickup_table::cancel(const std::string& id) {
  return mutate(id, [](pickup& p) -> status {
    p.status = pickup_status::cancelled;
    return ok_status();
  });
}

result<pickup> pickup_table::fail(const std::string& id, const std::string& reason) {
  return mutate(id, [&](pickup& p) -> status {
    p.status = pickup_status::failed;
    p.failure_reason = reason;
    return ok_status();
  });
}

result<std::int64_t> pickup_table::collected_on(date d) { return count_on(k_collected_on, d); }
result<std::int64_t> pickup_table::due_open_by(date d) { return count_on(k_due_open_by, d); }

}  // namespace cunzhan::station_client
