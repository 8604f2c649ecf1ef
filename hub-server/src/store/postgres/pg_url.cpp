// Redaction works on the text, not on libpq's parse, so that even a URL libpq refuses
// is never echoed with its secret in an error message.
#include "store/postgres/pg_url.hpp"

#include <array>
#include <cctype>

namespace cunzhan::hub::pg {
namespace {

constexpr std::string_view k_mask = "***";

bool starts_with_nocase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(s[i])) != prefix[i]) return false;
  }
  return true;
}

// Masks the value of every key=value parameter named in `secret_keys` of a query string.
std::string redact_query(std::string_view q) {
  constexpr std::array<std::string_view, 2> secret_keys = {"password=", "sslpassword="};
  std::string out;
  std::size_t pos = 0;
  while (pos <= q.size()) {
    std::size_t amp = q.find('&', pos);
    if (amp == std::string_view::npos) amp = q.size();
    std::string_view part = q.substr(pos, amp - pos);
    bool secret = false;
    for (auto key : secret_keys) {
      if (starts_with_nocase(part, key)) {
        out.append(part.substr(0, key.size())).append(k_mask);
        secret = true;
        break;
      }
    }
    if (!secret) out.append(part);
    if (amp == q.size()) break;
    out.push_back('&');
    pos = amp + 1;
  }
  return out;
}

}  // namespace

bool is_postgres_url(std::string_view s) {
  return starts_with_nocase(s, "postgresql://") || starts_with_nocase(s, "postgres://");
}

std::string redact_url(std::string_view url) {
  const std::size_t scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) {
    // Not a URL (a keyword=value string, or garbage): show nothing that could be a secret.
    return url.find("password") == std::string_view::npos ? std::string(url) : std::string(k_mask);
  }
  const std::size_t auth_begin = scheme_end + 3;
  const std::size_t query = url.find('?', auth_begin);
  std::string_view before_query = url.substr(0, query);
  std::string out;
  // The userinfo ends at the LAST '@': a password may itself hold '@' or '/' (unencoded);
  // masking too much is harmless, showing a secret is not.
  const std::size_t at = before_query.rfind('@');
  if (at != std::string_view::npos && at >= auth_begin) {
    std::string_view userinfo = before_query.substr(auth_begin, at - auth_begin);
    const std::size_t colon = userinfo.find(':');
    out.append(url.substr(0, auth_begin));
    if (colon == std::string_view::npos) {
      out.append(userinfo);
    } else {
      out.append(userinfo.substr(0, colon)).append(":").append(k_mask);
    }
    out.append(before_query.substr(at));
  } else {
    out.append(before_query);
  }
  if (query != std::string_view::npos) out.append("?").append(redact_query(url.substr(query + 1)));
  return out;
}

}  // namespace cunzhan::hub::pg
