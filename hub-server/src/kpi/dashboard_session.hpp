// Dashboard sign-in sessions: a random 256-bit id goes to the browser in an HttpOnly
// cookie; the hub keeps only its sha256 with the staff id and an expiry.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "cunzhan/hub/accounts.hpp"
#include "cunzhan/shared/result.hpp"
#include "cunzhan/shared/sqlite.hpp"

namespace cunzhan::hub::kpi {

inline constexpr const char* kSessionCookie = "cz_session";
inline constexpr std::int64_t kSessionTtlS = 12 * 3600;  // one working day; sign in again tomorrow

// Creates a session for the staff member; returns the cookie value. Also drops expired
// sessions. REQUIRES: the writer connection.
result<std::string> create_session(sql::database& db, const std::string& staff_id, std::int64_t now_s);
// The staff member behind a live session, or nullopt (unknown, expired, revoked staff).
result<std::optional<staff_row>> session_staff(sql::database& db, const std::string& cookie_value, std::int64_t now_s);
status delete_session(sql::database& db, const std::string& cookie_value);

// The value of one cookie in a Cookie header ("" when absent).
std::string cookie_value(const std::string* cookie_header, std::string_view name);

}  // namespace cunzhan::hub::kpi
