// 代买 orders: the table's SQL and rules for the shared record path (record_table.hpp),
// the steps arrive, hand over, return, cancel, and the implied 代买 service.
#include <boost/json.hpp>

#include "cunzhan/shared/villager_json.hpp"
#include "record_table.hpp"

namespace cunzhan::station_client {

extern template class record_table<pickup, pickup_filter>;  // pickup_table.cpp

namespace {

error step_error(proxy_buy_status from, proxy_buy_status to) {
  return error(
      errc::invalid_transition,
      "the order is " + std::string(to_string(from)) + ", it cannot become " + std::string(to_string(to)),
      "该代买订单当前为“" + std::string(label_zh(from)) + "”，不能改为“" + std::string(label_zh(to)) + "”");
}

}  // namespace

bool order_transition_allowed(proxy_buy_status from, proxy_buy_status to) {
  using s = proxy_buy_status;
  if (from == to) return true;
  switch (from) {
    case s::ordered: return to == s::arrived || to == s::returned || to == s::cancelled;
    case s::arrived: return to == s::handed_over || to == s::returned;
    case s::handed_over:
    case s::returned:
    case s::cancelled: return false;
  }
  return false;
}

template <>
struct record_traits<proxy_buy_order> {
  static constexpr entity_type entity = entity_type::proxy_buy;
  static constexpr const char* upsert =
      "INSERT INTO proxy_buy (id, villager_id, status, ordered_at, arrived_at, created_at, doc) "
      "VALUES (?, ?, ?, ?, ?, ?, ?) "
      "ON CONFLICT(id) DO UPDATE SET villager_id = excluded.villager_id, status = excluded.status, "
      "ordered_at = excluded.ordered_at, arrived_at = excluded.arrived_at, doc = excluded.doc";
  static constexpr const char* select_one = "SELECT doc FROM proxy_buy WHERE id = ?";
  static constexpr const char* select_all = "SELECT doc, id FROM proxy_buy ORDER BY created_at, rowid";
  // waiting_handover (?3 = 1): arrived, oldest arrival first; otherwise newest order first.
  static constexpr const char* select_filtered =
      "SELECT doc, id FROM proxy_buy WHERE (?1 = '' OR status = ?1) AND (?2 = '' OR villager_id = ?2) "
      "AND (?3 = 0 OR status = 'arrived') "
      "ORDER BY CASE WHEN ?3 = 1 THEN arrived_at END, ordered_at DESC, rowid DESC LIMIT ?4";
  static constexpr const char* added_between =
      "SELECT count(*) FROM proxy_buy WHERE created_at >= ?1 AND created_at < ?2";
  static constexpr bool wire_differs = true;  // never the note

  static result<proxy_buy_order> from_json(const boost::json::object& o) { return proxy_buy_from_json(o); }
  static error not_found(const std::string& id) {
    return error(errc::not_found, "no 代买 order with id " + id, "没有编号为 " + id + " 的代买订单");
  }
  static void prepare_new(proxy_buy_order& o, sys_seconds now) {
    if (!o.ordered_at) o.ordered_at = now;
  }
  static void before_validate(proxy_buy_order&) {}
  static std::string doc(const proxy_buy_order& o, bool wire) {
    return boost::json::serialize(to_json(o, wire));
  }
  static void bind_row(sql::statement& st, const proxy_buy_order& o, const std::string& doc,
                       sys_seconds now) {
    st.bind(1, o.id).bind(2, o.villager_id).bind(3, to_string(o.status));
    st.bind(4, o.ordered_at ? to_unix(*o.ordered_at) : std::int64_t{0});
    if (o.arrived_at)
      st.bind(5, to_unix(*o.arrived_at));
    else
      st.bind_null(5);
    st.bind(6, to_unix(now)).bind(7, doc);
  }
  static void bind_filter(sql::statement& st, const order_filter& f) {
    st.bind(1, f.status ? to_string(*f.status) : std::string_view()).bind(2, f.villager_id);
    st.bind(3, std::int64_t{f.waiting_handover ? 1 : 0});
    st.bind(4, f.limit ? static_cast<std::int64_t>(f.limit) : std::int64_t{-1});
  }
  static proxy_buy_status state(const proxy_buy_order& o) { return o.status; }
  static status check_change(proxy_buy_status before, proxy_buy_order& o, sys_seconds) {
    if (!order_transition_allowed(before, o.status)) return step_error(before, o.status);
    return ok_status();
  }
  static std::optional<villager_service> implied(const proxy_buy_order& o, sys_seconds now) {
    return implied_for(o.villager_id, o.ordered_at, service_kind::proxy_buy, o.id, now);
  }
};

template class record_table<proxy_buy_order, order_filter>;

namespace {

// One step: refused unless the order may move there (a repeated step is refused too:
// its time would be overwritten).
status step(proxy_buy_order& o, proxy_buy_status to) {
  if (o.status == to || !order_transition_allowed(o.status, to)) return step_error(o.status, to);
  o.status = to;
  return ok_status();
}

}  // namespace

result<proxy_buy_order> order_table::arrive(const std::string& id, sys_seconds at,
                                            const std::string& pickup_id) {
  if (!pickup_id.empty()) {
    auto p = pickup_table(connection(), meta(), outbox()).get(pickup_id);
    if (!p) return std::move(p).err();
  }
  return mutate(id, [&](proxy_buy_order& o) -> status {
    if (auto s = step(o, proxy_buy_status::arrived); !s) return s;
    o.arrived_at = at;
    if (!pickup_id.empty()) o.pickup_id = pickup_id;
    return ok_status();
  });
}

result<proxy_buy_order> order_table::hand_over(const std::string& id, sys_seconds at) {
  return mutate(id, [&](proxy_buy_order& o) -> status {
    if (auto s = step(o, proxy_buy_status::handed_over); !s) return s;
    o.handed_over_at = at;
    return ok_status();
  });
}

result<proxy_buy_order> order_table::give_back(const std::string& id, sys_seconds at) {
  return mutate(id, [&](proxy_buy_order& o) -> status {
    if (auto s = step(o, proxy_buy_status::returned); !s) return s;
    o.returned_at = at;
    return ok_status();
  });
}

result<proxy_buy_order> order_table::cancel(const std::string& id, sys_seconds at) {
  return mutate(id, [&](proxy_buy_order& o) -> status {
    if (auto s = step(o, proxy_buy_status::cancelled); !s) return s;
    o.cancelled_at = at;
    return ok_status();
  });
}

}  // namespace cunzhan::station_client
