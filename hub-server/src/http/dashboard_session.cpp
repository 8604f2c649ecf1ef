// Dashboard sessions over the storage seam: the cookie value is random, only its sha256
// reaches storage; plus the CSRF double-submit token of the dashboard's forms.
#include "http/dashboard_session.hpp"

#include "cunzhan/shared/text.hpp"
#include "cunzhan/shared/uuid.hpp"

namespace cunzhan::hub::kpi {

result<std::string> create_session(storage& store, const std::string& staff_id, std::int64_t now_s) {
  const std::string value = to_hex(random_bytes(32));
  if (auto s = store.create_session(sha256(value), staff_id, now_s, now_s + k_session_ttl_s); !s)
    return std::move(s).err();
  return value;
}

result<std::optional<staff_row>> session_staff(storage& store, const std::string& cookie_value,
                                               std::int64_t now_s) {
  std::optional<staff_row> out;
  if (cookie_value.size() != 64) return out;
  auto r = store.session_staff(sha256(cookie_value), now_s);
  if (!r) return std::move(r).err();
  out = std::move(*r);
  // A revoked token ends its sessions too.
  if (out && out->revoked_at) out.reset();
  return out;
}

status delete_session(storage& store, const std::string& cookie_value) {
  return store.delete_session(sha256(cookie_value));
}

namespace {

bool well_formed_token(std::string_view t) {
  return t.size() == 64 && t.find_first_not_of("0123456789abcdef") == std::string_view::npos;
}

}  // namespace

std::string form_token(const std::string* cookie_header, bool& fresh) {
  std::string t = cookie_value(cookie_header, k_csrf_cookie);
  fresh = !well_formed_token(t);
  if (fresh) t = to_hex(random_bytes(32));
  return t;
}

std::string csrf_cookie(const std::string& token) {
  return std::string(k_csrf_cookie) + "=" + token + "; Path=/; Secure; HttpOnly; SameSite=Strict";
}

bool form_token_ok(const std::string* cookie_header, std::string_view submitted) {
  const std::string t = cookie_value(cookie_header, k_csrf_cookie);
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

bool own_form(const net::http_request& req, const std::map<std::string, std::string>& form) {
  const std::string* origin = req.header("origin");
  const std::string* host = req.header("host");
  if (origin != nullptr && *origin != "null" && (host == nullptr || *origin != "https://" + *host))
    return false;
  const auto it = form.find(k_csrf_field);
  return it != form.end() && form_token_ok(req.header("cookie"), it->second);
}

}  // namespace cunzhan::hub::kpi
