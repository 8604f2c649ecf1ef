// Listings: the listing table's SQL and rules for the shared record path
// (record_table.hpp), and the listing's own changes: edit, sell, withdraw.
#include <boost/json.hpp>

#include "cunzhan/shared/entity_json.hpp"
#include "cunzhan/shared/text.hpp"
#include "record_table.hpp"

namespace cunzhan::station_client {
namespace {

error transition_error(listing_status from, listing_status to) {
  return error(
      errc::invalid_transition,
      "listing is " + std::string(to_string(from)) + ", cannot become " + std::string(to_string(to)),
      "产品当前状态为“" + std::string(label_zh(from)) + "”，不能改为“" + std::string(label_zh(to)) + "”");
}

constexpr const char* k_sold_on =
    "SELECT count(*) FROM listing WHERE status = 'sold' AND substr(json_extract(doc, '$.sold_at'), 1, 10) = "
    "?3";

}  // namespace

bool listing_transition_allowed(listing_status from, listing_status to) {
  using s = listing_status;
  if (from == to) return true;
  switch (from) {
    case s::draft: return to == s::listed || to == s::withdrawn;
    case s::listed: return to == s::reserved || to == s::sold || to == s::withdrawn;
    case s::reserved: return to == s::listed || to == s::sold || to == s::withdrawn;
    case s::sold:
    case s::withdrawn: return false;
  }
  return false;
}

template <>
struct record_traits<listing> {
  static constexpr entity_type entity = entity_type::listing;
  static constexpr const char* upsert =
      "INSERT INTO listing (id, product_name, category, village_code, status, created_at, "
      "updated_at, doc, seller_kind, seller_name) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
      "ON CONFLICT(id) DO UPDATE SET product_name = excluded.product_name, "
      "category = excluded.category, village_code = excluded.village_code, "
      "status = excluded.status, created_at = excluded.created_at, "
      "updated_at = excluded.updated_at, doc = excluded.doc, "
      "seller_kind = excluded.seller_kind, seller_name = excluded.seller_name";
  static constexpr const char* select_one = "SELECT doc FROM listing WHERE id = ?";
  static constexpr const char* select_all = "SELECT doc, id FROM listing ORDER BY created_at, rowid";
  // Empty filter values match everything; the limit -1 means none (SQLite's convention).
  static constexpr const char* select_filtered =
      "SELECT doc, id FROM listing WHERE (?1 = '' OR status = ?1) AND (?2 = '' OR village_code = ?2) "
      "AND (?3 = '' OR category = ?3) ORDER BY created_at DESC, rowid DESC LIMIT ?4";
  static constexpr const char* added_between =
      "SELECT count(*) FROM listing WHERE created_at >= ?1 AND created_at < ?2";
  static constexpr bool wire_differs = true;  // the op never carries the farmer's name or phone

  static result<listing> from_json(const boost::json::object& o) { return listing_from_json(o); }
  static error not_found(const std::string& id) {
    return error(errc::not_found, "no listing with id " + id, "没有编号为 " + id + " 的产品");
  }
  static void prepare_new(listing& l, sys_seconds now) {
    if (!l.created_at) l.created_at = now;
    l.updated_at = now;
  }
  static void before_validate(listing& l) { l.farmer_phone_masked = mask_phone(l.farmer_phone); }
  static std::string doc(const listing& l, bool wire) { return boost::json::serialize(to_json(l, wire)); }
  static void bind_row(sql::statement& st, const listing& l, const std::string& doc, sys_seconds) {
    st.bind(1, l.id).bind(2, l.product_name).bind(3, l.category).bind(4, l.village_code);
    st.bind(5, to_string(l.status)).bind(6, to_unix(*l.created_at)).bind(7, to_unix(*l.updated_at));
    st.bind(8, doc).bind(9, to_string(l.seller)).bind(10, l.seller_name);
  }
  static void bind_filter(sql::statement& st, const listing_filter& f) {
    st.bind(1, f.status ? to_string(*f.status) : std::string_view());
    st.bind(2, f.village_code).bind(3, f.category);
    st.bind(4, f.limit ? static_cast<std::int64_t>(f.limit) : std::int64_t{-1});
  }
  // A household seller who is a registered villager: a 代卖 service.
  static std::optional<villager_service> implied(const listing& l, sys_seconds now) {
    return implied_for(l.villager_id, l.created_at, service_kind::proxy_sell, l.id, now);
  }
  static listing_status state(const listing& l) { return l.status; }
  static status check_change(listing_status before, listing& l, sys_seconds now) {
    if (!listing_transition_allowed(before, l.status)) return transition_error(before, l.status);
    l.updated_at = now;
    return ok_status();
  }
};

template class record_table<listing, listing_filter>;

result<listing> listing_table::update(const std::string& id, const std::function<status(listing&)>& edit) {
  return mutate(id, edit);
}

result<listing> listing_table::sell(const std::string& id, double quantity, std::int64_t amount_fen,
                                    sys_seconds at, const std::string& channel) {
  return mutate(id, [&](listing& l) -> status {
    if (!listing_transition_allowed(l.status, listing_status::sold) || l.status == listing_status::sold) {
      return transition_error(l.status, listing_status::sold);
    }
    l.status = listing_status::sold;
    l.sold_quantity = quantity;
    l.sold_amount_fen = amount_fen;
    l.sold_at = at;
    if (!channel.empty()) l.sales_channel = channel;
    return ok_status();
  });
}

result<listing> listing_table::withdraw(const std::string& id) {
  return mutate(id, [&](listing& l) -> status {
    if (!listing_transition_allowed(l.status, listing_status::withdrawn) ||
        l.status == listing_status::withdrawn) {
      return transition_error(l.status, listing_status::withdrawn);
    }
    l.status = listing_status::withdrawn;
    return ok_status();
  });
}

result<std::int64_t> listing_table::sold_on(date d) { return count_on(k_sold_on, d); }

}  // namespace cunzhan::station_client
