// Listings in the store: add, edit, sell, withdraw, read and list. Each change is one
// transaction writing the listing row and its outbox op (see append_op in outbox.cpp).
#include <boost/json.hpp>

#include "cunzhan/shared/entity_json.hpp"
#include "cunzhan/shared/text.hpp"
#include "store_ids.hpp"
#include "store_internal.hpp"

namespace cunzhan::station_client {
namespace {

constexpr const char* k_upsert =
    "INSERT INTO listing (id, product_name, category, village_code, status, created_at, "
    "updated_at, doc) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT(id) DO UPDATE SET product_name = excluded.product_name, "
    "category = excluded.category, village_code = excluded.village_code, "
    "status = excluded.status, created_at = excluded.created_at, "
    "updated_at = excluded.updated_at, doc = excluded.doc";
constexpr const char* k_select_one = "SELECT doc FROM listing WHERE id = ?";
constexpr const char* k_select_all = "SELECT doc, id FROM listing ORDER BY created_at, rowid";
// Empty filter values match everything; the limit -1 means none (SQLite's convention).
constexpr const char* k_select_filtered =
    "SELECT doc, id FROM listing WHERE (?1 = '' OR status = ?1) AND (?2 = '' OR village_code = ?2) "
    "AND (?3 = '' OR category = ?3) ORDER BY created_at DESC, rowid DESC LIMIT ?4";

error transition_error(listing_status from, listing_status to) {
  return error(errc::invalid_transition,
               "listing is " + std::string(to_string(from)) + ", cannot become " +
                   std::string(to_string(to)),
               "产品当前状态为“" + std::string(label_zh(from)) + "”，不能改为“" +
                   std::string(label_zh(to)) + "”");
}

error listing_not_found(const std::string& id) {
  return error(errc::not_found, "no listing with id " + id, "没有编号为 " + id + " 的产品");
}

result<listing> listing_from_doc(const std::string& text) {
  auto o = parse_doc(text);
  if (!o) return std::move(o).err();
  return listing_from_json(*o);
}

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

status store::write_listing(listing& l) {
  auto ctx = validation();
  if (!ctx) return std::move(ctx).err();
  l.farmer_phone_masked = mask_phone(l.farmer_phone);
  if (auto errs = validate(l, *ctx); !errs.empty()) return to_status(std::move(errs));
  auto st = db_->prepare_cached(k_upsert);
  if (!st) return std::move(st).err();
  (*st)->bind(1, l.id).bind(2, l.product_name).bind(3, l.category).bind(4, l.village_code);
  (*st)->bind(5, to_string(l.status)).bind(6, to_unix(*l.created_at)).bind(7, to_unix(*l.updated_at));
  (*st)->bind(8, boost::json::serialize(to_json(l, /*wire=*/false)));
  if (auto s = (*st)->run(); !s) return s;
  // The op carries the wire form: no farmer name or phone, only the mask.
  return append_op(entity_type::listing, l.id, boost::json::serialize(to_json(l, /*wire=*/true)));
}

result<std::optional<listing>> store::load_listing(const std::string& id) {
  auto st = db_->prepare_cached(k_select_one);
  if (!st) return std::move(st).err();
  (*st)->bind(1, id);
  auto row = (*st)->step();
  if (!row) return std::move(row).err();
  if (!*row) return std::optional<listing>();
  std::string doc = (*st)->column_text(0);
  (*st)->reset();
  auto l = listing_from_doc(doc);
  if (!l) return std::move(l).err();
  return std::optional<listing>(std::move(*l));
}

result<listing> store::add_listing(listing l) {
  if (l.id.empty()) l.id = new_record_id();
  const sys_seconds now = now_seconds();
  if (!l.created_at) l.created_at = now;
  l.updated_at = now;
  write_scope w(*this);
  if (auto s = w.begun(); !s) return std::move(s).err();
  if (auto s = write_listing(l); !s) return std::move(s).err();
  if (auto s = w.commit(); !s) return std::move(s).err();
  return l;
}

result<listing> store::mutate_listing(const std::string& id,
                                      const std::function<status(listing&)>& fn) {
  write_scope w(*this);
  if (auto s = w.begun(); !s) return std::move(s).err();
  auto found = load_listing(id);
  if (!found) return std::move(found).err();
  if (!*found) return listing_not_found(id);
  listing l = std::move(**found);
  const listing_status before = l.status;
  if (auto s = fn(l); !s) return std::move(s).err();
  if (!listing_transition_allowed(before, l.status)) return transition_error(before, l.status);
  l.id = id;  // the edit must not move the record
  l.updated_at = now_seconds();
  if (auto s = write_listing(l); !s) return std::move(s).err();
  if (auto s = w.commit(); !s) return std::move(s).err();
  return l;
}

result<listing> store::update_listing(const std::string& id,
                                      const std::function<status(listing&)>& edit) {
  return mutate_listing(id, edit);
}

result<listing> store::sell_listing(const std::string& id, double quantity,
                                    std::int64_t amount_fen, sys_seconds at,
                                    const std::string& channel) {
  return mutate_listing(id, [&](listing& l) -> status {
    if (!listing_transition_allowed(l.status, listing_status::sold) ||
        l.status == listing_status::sold) {
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

result<listing> store::withdraw_listing(const std::string& id) {
  return mutate_listing(id, [&](listing& l) -> status {
    if (!listing_transition_allowed(l.status, listing_status::withdrawn) ||
        l.status == listing_status::withdrawn) {
      return transition_error(l.status, listing_status::withdrawn);
    }
    l.status = listing_status::withdrawn;
    return ok_status();
  });
}

result<listing> store::get_listing(const std::string& id) {
  auto found = load_listing(id);
  if (!found) return std::move(found).err();
  if (!*found) return listing_not_found(id);
  return std::move(**found);
}

result<std::vector<listing>> store::list_listings(const listing_filter& f) {
  auto st = db_->prepare_cached(k_select_filtered);
  if (!st) return std::move(st).err();
  (*st)->bind(1, f.status ? to_string(*f.status) : std::string_view());
  (*st)->bind(2, f.village_code).bind(3, f.category);
  (*st)->bind(4, f.limit ? static_cast<std::int64_t>(f.limit) : std::int64_t{-1});
  return decode_rows(**st, &listing_from_doc, damaged_);
}

status store::for_each_listing(const std::function<bool(const listing&)>& fn) {
  return for_each_row(*db_, k_select_all, &listing_from_doc, fn, damaged_);
}

}  // namespace cunzhan::station_client
