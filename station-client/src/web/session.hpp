// Browser sessions and CSRF tokens. A session is a random id in an HttpOnly,
// SameSite=Strict cookie; its CSRF token is SHA-256(secret ‖ id), with the secret kept in
// the data directory, so tokens need no server-side table and a form left open across a
// restart of `station serve` can still be submitted (nothing the officer typed is lost).
#pragma once
#include <filesystem>
#include <string>
#include <string_view>

#include "cunzhan/shared/result.hpp"

namespace cunzhan::station_client::web {

inline constexpr std::string_view session_cookie = "cz_sid";
inline constexpr std::string_view lang_cookie = "cz_lang";
inline constexpr std::string_view csrf_field = "_csrf";

class session_keys {
 public:
  // Reads DATA/web.secret, creating it (0600, 32 random bytes) on first use.
  static result<session_keys> load(const std::filesystem::path& data_dir);
  // A fresh session id: 64 hex characters.
  static std::string new_session_id();
  static bool well_formed(std::string_view session_id);
  std::string csrf_token(std::string_view session_id) const;
  // Constant-time check of a submitted token against the session's.
  bool check(std::string_view session_id, std::string_view token) const;

 private:
  std::string secret_;
};

}  // namespace cunzhan::station_client::web
