// Dashboard sign-in sessions in SQLite: rows keyed by the sha256 of the cookie value (the
// value itself is never stored); the cookie and its checks live in http/dashboard_session.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "cunzhan/hub/rows.hpp"
#include "cunzhan/shared/result.hpp"
#include "cunzhan/shared/sqlite.hpp"

namespace cunzhan::hub {

class dashboard_sessions {
 public:
  explicit dashboard_sessions(sql::database& db) : db_(db) {}

  // Drops expired sessions and inserts this one, in one transaction. REQUIRES: the writer.
  status create(const std::string& id_hash, const std::string& staff_id, std::int64_t now_s,
                std::int64_t expires_s);
  // The staff row behind a live session (revoked staff included; the caller decides).
  result<std::optional<staff_row>> staff(const std::string& id_hash, std::int64_t now_s);
  status remove(const std::string& id_hash);

 private:
  sql::database& db_;
};

}  // namespace cunzhan::hub
