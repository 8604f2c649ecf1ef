// Session rows for the dashboard; the cookie value itself is never stored.
#include "store/sessions.hpp"

#include "cunzhan/shared/text.hpp"
#include "store/each_row.hpp"

namespace cunzhan::hub {
namespace {

constexpr const char* k_insert =
    "INSERT INTO dashboard_session (id_hash, staff_id, created_at, expires_at) VALUES (?, ?, ?, ?)";
constexpr const char* k_prune = "DELETE FROM dashboard_session WHERE expires_at <= ?";
constexpr const char* k_delete = "DELETE FROM dashboard_session WHERE id_hash = ?";
constexpr const char* k_lookup =
    "SELECT st.id, st.name, st.role, st.counties, st.revoked_at FROM dashboard_session ds "
    "JOIN staff st ON st.id = ds.staff_id WHERE ds.id_hash = ? AND ds.expires_at > ?";

}  // namespace

status dashboard_sessions::create(const std::string& id_hash, const std::string& staff_id, std::int64_t now_s,
                                  std::int64_t expires_s) {
  sql::transaction t(db_);
  if (!t.begun()) return t.begun();
  auto prune = db_.prepare_cached(k_prune);
  if (!prune) return std::move(prune).err();
  if (auto s = (*prune)->bind(1, now_s).run(); !s) return s;
  auto ins = db_.prepare_cached(k_insert);
  if (!ins) return std::move(ins).err();
  if (auto s = (*ins)->bind_blob(1, id_hash).bind(2, staff_id).bind(3, now_s).bind(4, expires_s).run(); !s)
    return s;
  return t.commit();
}

result<std::optional<staff_row>> dashboard_sessions::staff(const std::string& id_hash, std::int64_t now_s) {
  std::optional<staff_row> out;
  auto s = each_row(
      db_, k_lookup, [&](sql::statement& q) { q.bind_blob(1, id_hash).bind(2, now_s); },
      [&](sql::statement& q) {
        staff_row r;
        r.id = q.column_text(0);
        r.name = q.column_text(1);
        r.role = q.column_text(2);
        for (const auto& c : split(q.column_text(3), ',')) {
          if (!trim(c).empty()) r.counties.emplace_back(trim(c));
        }
        if (!q.column_is_null(4)) r.revoked_at = q.column_int(4);
        out = std::move(r);
      });
  if (!s) return std::move(s).err();
  return out;
}

status dashboard_sessions::remove(const std::string& id_hash) {
  auto st = db_.prepare_cached(k_delete);
  if (!st) return std::move(st).err();
  return (*st)->bind_blob(1, id_hash).run();
}

}  // namespace cunzhan::hub
