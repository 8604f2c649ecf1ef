// Dashboard sign-in sessions: a random 256-bit id goes to the browser in an HttpOnly
// cookie; the hub keeps only its sha256 with the staff id and an expiry.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "cunzhan/hub/storage.hpp"
#include "cunzhan/net/http_types.hpp"
#include "cunzhan/shared/result.hpp"

namespace cunzhan::hub::kpi {

inline constexpr const char* k_session_cookie = "cz_session";
inline constexpr std::int64_t k_session_ttl_s = 12 * 3600;  // one working day; sign in again tomorrow

// Creates a session for the staff member; returns the cookie value (storage keeps only
// its sha256). Also drops expired sessions.
result<std::string> create_session(storage& store, const std::string& staff_id, std::int64_t now_s);
// The staff member behind a live session, or nullopt (unknown, expired, revoked staff).
result<std::optional<staff_row>> session_staff(storage& store, const std::string& cookie_value,
                                               std::int64_t now_s);
status delete_session(storage& store, const std::string& cookie_value);

// The value of one cookie in a Cookie header ("" when absent).
std::string cookie_value(const std::string* cookie_header, std::string_view name);

// CSRF for the dashboard's forms, sign-in included (login CSRF: another site must not sign
// a staff browser into its own account). Double submit: a random value in a __Host- cookie
// (Secure, HttpOnly, SameSite=Strict, Path=/, so no other site or subdomain can set or read
// it) is also a hidden field of every form; a post counts only when the two match.
inline constexpr const char* k_csrf_cookie = "__Host-cz_csrf";
inline constexpr const char* k_csrf_field = "csrf";
// The browser's form token: its cookie when well-formed, else a new one (`fresh` true:
// send csrf_cookie(token) with the page).
std::string form_token(const std::string* cookie_header, bool& fresh);
std::string csrf_cookie(const std::string& token);
// Whether a posted form's token matches the browser's cookie (constant time).
bool form_token_ok(const std::string* cookie_header, std::string_view submitted);
// A form post from a dashboard page (the county's and the province's): its token matches
// the browser's cookie, and the browser does not name another site as the sender (our
// pages send no referrer, so their own posts may say "Origin: null"; the token decides then).
bool own_form(const net::http_request& req, const std::map<std::string, std::string>& form);

}  // namespace cunzhan::hub::kpi
