// Issuing, parsing and verifying bearer tokens.
#include "cunzhan/hub/auth.hpp"

#include <cctype>

#include "cunzhan/hub/storage.hpp"
#include "cunzhan/shared/text.hpp"
#include "cunzhan/shared/uuid.hpp"

namespace cunzhan::hub {
namespace {

constexpr std::size_t k_id_hex = 16;
constexpr std::size_t k_secret_hex = 64;

bool is_lower_hex(std::string_view s) {
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

std::string_view prefix_of(token_kind k) {
  switch (k) {
    case token_kind::station: return "st_";
    case token_kind::staff: return "sf_";
    case token_kind::county: return "ct_";
    case token_kind::province_staff: return "ps_";
  }
  return "";
}

error unauthorized(std::string en, std::string zh) {
  return error(errc::unauthorized, std::move(en), std::move(zh));
}

}  // namespace

issued_token issue_token(token_kind kind) {
  const std::string id = to_hex(random_bytes(k_id_hex / 2));
  const std::string secret = random_bytes(k_secret_hex / 2);
  issued_token t;
  t.token_id = id;
  t.token = std::string(prefix_of(kind)) + id + "_" + to_hex(secret);
  t.secret_hash = sha256(secret);
  return t;
}

std::optional<parsed_token> parse_token(std::string_view text) {
  if (text.size() != 3 + k_id_hex + 1 + k_secret_hex) return std::nullopt;
  parsed_token p;
  bool known = false;
  for (auto k : {token_kind::station, token_kind::staff, token_kind::county, token_kind::province_staff}) {
    if (text.substr(0, 3) == prefix_of(k)) {
      p.kind = k;
      known = true;
    }
  }
  if (!known) return std::nullopt;
  const auto id = text.substr(3, k_id_hex);
  if (text[3 + k_id_hex] != '_') return std::nullopt;
  const auto secret_hex = text.substr(3 + k_id_hex + 1);
  if (!is_lower_hex(id) || !is_lower_hex(secret_hex)) return std::nullopt;
  p.token_id = std::string(id);
  if (!from_hex(secret_hex, p.secret)) return std::nullopt;
  return p;
}

std::optional<std::string_view> bearer_of(std::string_view authorization) {
  constexpr std::string_view scheme = "bearer ";
  if (authorization.size() <= scheme.size()) return std::nullopt;
  for (std::size_t i = 0; i < scheme.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(authorization[i])) != scheme[i]) return std::nullopt;
  }
  return trim(authorization.substr(scheme.size()));
}

result<principal> authenticate(storage& store, std::string_view token_text) {
  auto parsed = parse_token(token_text);
  if (!parsed) return unauthorized("malformed token", "令牌格式不正确");
  // Unknown id and wrong secret give the same answer so ids cannot be probed.
  if (parsed->kind == token_kind::station) {
    auto row = store.station_by_token_id(parsed->token_id);
    if (!row) return std::move(row).err();
    if (!*row || !constant_time_equal((*row)->token_hash, sha256(parsed->secret))) {
      return unauthorized("unknown token", "令牌无效");
    }
    if ((*row)->revoked_at) return unauthorized("token revoked", "令牌已被吊销");
    return principal(std::move(**row));
  }
  if (parsed->kind != token_kind::staff) return unauthorized("not a token of this hub", "不是本服务器的令牌");
  auto row = store.staff_by_token_id(parsed->token_id);
  if (!row) return std::move(row).err();
  if (!*row || !constant_time_equal((*row)->token_hash, sha256(parsed->secret))) {
    return unauthorized("unknown token", "令牌无效");
  }
  if ((*row)->revoked_at) return unauthorized("token revoked", "令牌已被吊销");
  return principal(std::move(**row));
}

}  // namespace cunzhan::hub
