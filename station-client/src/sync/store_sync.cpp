// The store's sync bookkeeping: values kept between runs (TLS session, pull cursor) and
// the application of pulled reference data. Member functions of meta_table, kept beside the
// sync engine that is their only user.
#include <boost/json.hpp>

#include "../store/connection.hpp"

namespace cunzhan::station_client {
namespace {

constexpr const char* k_upsert_village =
    "INSERT INTO reference_village (code, name, township_code, township_name) VALUES (?, ?, ?, "
    "COALESCE((SELECT value FROM meta WHERE key = 'township_name:' || ?), '')) "
    "ON CONFLICT(code) DO UPDATE SET name = excluded.name, township_code = excluded.township_code, "
    "township_name = excluded.township_name";
constexpr const char* k_rename_township =
    "UPDATE reference_village SET township_name = ? WHERE township_code = ?";
constexpr const char* k_sync_prefix = "sync:";

std::string field(const boost::json::object& o, const char* key) {
  const auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

}  // namespace

result<std::string> meta_table::sync_value(const std::string& key) {
  auto v = get(k_sync_prefix + key);
  if (!v) return std::move(v).err();
  return v->value_or(std::string());
}

status meta_table::set_sync_value(const std::string& key, const std::string& value) {
  write_scope w(conn_);
  if (auto b = w.begun(); !b) return b;
  if (auto s = set(k_sync_prefix + key, value); !s) return s;
  return w.commit();
}

status meta_table::apply_reference_changes(const std::vector<reference_change>& changes,
                                           const std::string& next_cursor) {
  write_scope w(conn_);
  if (auto b = w.begun(); !b) return b;
  for (const auto& c : changes) {
    auto doc = parse_doc(c.data);
    if (!doc) continue;  // an entry we cannot read is skipped, not fatal: it is reference data
    if (c.kind == "township") {
      const std::string name = field(*doc, "name");
      if (auto s = set("township_name:" + c.key, name); !s) return s;
      auto st = conn_.db().prepare_cached(k_rename_township);
      if (!st) return std::move(st).err();
      if (auto s = (*st)->bind(1, name).bind(2, c.key).run(); !s) return s;
    } else if (c.kind == "village") {
      const std::string township = field(*doc, "township_code");
      auto st = conn_.db().prepare_cached(k_upsert_village);
      if (!st) return std::move(st).err();
      if (auto s =
              (*st)->bind(1, c.key).bind(2, field(*doc, "name")).bind(3, township).bind(4, township).run();
          !s)
        return s;
    } else {
      // brands, targets, notices: kept verbatim for the pages that show them
      if (auto s = set("ref:" + c.kind + ":" + c.key, c.data); !s) return s;
    }
  }
  if (auto s = set(std::string(k_sync_prefix) + "pull_cursor", next_cursor); !s) return s;
  if (auto s = w.commit(); !s) return s;
  ctx_.reset();  // the known-villages list changed
  return ok_status();
}

}  // namespace cunzhan::station_client
