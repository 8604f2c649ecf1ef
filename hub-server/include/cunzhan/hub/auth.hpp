// Bearer tokens: `st_<16 hex id>_<64 hex secret>` for stations, `sf_..._...` for staff.
// The secret is 32 bytes from the CSPRNG; the hub keeps only token_id and sha256(secret)
// and compares hashes in constant time. The station id always comes from the token.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "cunzhan/hub/rows.hpp"
#include "cunzhan/shared/result.hpp"

namespace cunzhan::hub {

class storage;

// county (`ct_`) and province_staff (`ps_`) belong to the province role (src/province/);
// the county hub's own routes refuse them.
enum class token_kind { station, staff, county, province_staff };

struct issued_token {
  std::string token;        // the full text, shown once
  std::string token_id;     // 16 hex
  std::string secret_hash;  // sha256(secret), raw 32 bytes
};

struct parsed_token {
  token_kind kind = token_kind::station;
  std::string token_id;
  std::string secret;  // raw 32 bytes
};

issued_token issue_token(token_kind kind);
// Shape check only: prefix, lengths, lower-case hex. nullopt for anything else.
std::optional<parsed_token> parse_token(std::string_view text);
// "Bearer <token>" (scheme case-insensitive) → the token text; nullopt otherwise.
std::optional<std::string_view> bearer_of(std::string_view authorization);

// Who is calling, once the token checked out.
using principal = std::variant<station_row, staff_row>;

// Looks the token up and verifies it: unauthorized when missing, malformed, unknown,
// wrong secret or revoked.
result<principal> authenticate(storage& store, std::string_view token_text);

}  // namespace cunzhan::hub
