// Session rows for the dashboard; the cookie value itself is never stored.
#include "kpi/dashboard_session.hpp"

#include "cunzhan/shared/text.hpp"
#include "cunzhan/shared/uuid.hpp"
#include "kpi/kpi_data.hpp"

namespace cunzhan::hub::kpi {
namespace {

constexpr const char* kInsert =
    "INSERT INTO dashboard_session (id_hash, staff_id, created_at, expires_at) VALUES (?, ?, ?, ?)";
constexpr const char* kPrune = "DELETE FROM dashboard_session WHERE expires_at <= ?";
constexpr const char* kDelete = "DELETE FROM dashboard_session WHERE id_hash = ?";
constexpr const char* kLookup =
    "SELECT st.id, st.name, st.role, st.counties, st.revoked_at FROM dashboard_session ds "
    "JOIN staff st ON st.id = ds.staff_id WHERE ds.id_hash = ? AND ds.expires_at > ?";

}  // namespace

result<std::string> create_session(sql::database& db, const std::string& staff_id, std::int64_t now_s) {
  const std::string value = to_hex(random_bytes(32));
  sql::transaction t(db);
  if (!t.begun()) return t.begun().err();
  auto prune = db.prepare_cached(kPrune);
  if (!prune) return std::move(prune).err();
  if (auto s = (*prune)->bind(1, now_s).run(); !s) return std::move(s).err();
  auto ins = db.prepare_cached(kInsert);
  if (!ins) return std::move(ins).err();
  if (auto s = (*ins)->bind_blob(1, sha256(value)).bind(2, staff_id).bind(3, now_s).bind(4, now_s + kSessionTtlS).run();
      !s) {
    return std::move(s).err();
  }
  if (auto s = t.commit(); !s) return std::move(s).err();
  return value;
}

result<std::optional<staff_row>> session_staff(sql::database& db, const std::string& cookie_value, std::int64_t now_s) {
  std::optional<staff_row> out;
  if (cookie_value.size() != 64) return out;
  auto s = detail::each_row(
      db, kLookup, [&](sql::statement& q) { q.bind_blob(1, sha256(cookie_value)).bind(2, now_s); },
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
  // A revoked token ends its sessions too.
  if (out && out->revoked_at) out.reset();
  return out;
}

status delete_session(sql::database& db, const std::string& cookie_value) {
  auto st = db.prepare_cached(kDelete);
  if (!st) return std::move(st).err();
  return (*st)->bind_blob(1, sha256(cookie_value)).run();
}

namespace {

bool well_formed_token(std::string_view t) {
  return t.size() == 64 && t.find_first_not_of("0123456789abcdef") == std::string_view::npos;
}

}  // namespace

std::string form_token(const std::string* cookie_header, bool& fresh) {
  std::string t = cookie_value(cookie_header, kCsrfCookie);
  fresh = !well_formed_token(t);
  if (fresh) t = to_hex(random_bytes(32));
  return t;
}

std::string csrf_cookie(const std::string& token) {
  return std::string(kCsrfCookie) + "=" + token + "; Path=/; Secure; HttpOnly; SameSite=Strict";
}

bool form_token_ok(const std::string* cookie_header, std::string_view submitted) {
  const std::string t = cookie_value(cookie_header, kCsrfCookie);
  return well_formed_token(t) && constant_time_equal(t, submitted);
}

std::string cookie_value(const std::string* cookie_header, std::string_view name) {
  if (cookie_header == nullptr) return "";
  for (const auto& part : split(*cookie_header, ';')) {
    const auto kv = trim(part);
    const auto eq = kv.find('=');
    if (eq == std::string_view::npos) continue;
    if (trim(kv.substr(0, eq)) == name) return std::string(trim(kv.substr(eq + 1)));
  }
  return "";
}

}  // namespace cunzhan::hub::kpi
