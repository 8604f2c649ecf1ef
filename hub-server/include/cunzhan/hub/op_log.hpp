// The op log (every op a station sent, applied or rejected, keyed by op_id forever) and
// the sync_session log (one row per push or pull request, for the online-rate KPIs).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cunzhan/shared/result.hpp"
#include "cunzhan/shared/sqlite.hpp"

namespace cunzhan::hub {

struct op_log_row {
  std::string op_id;
  std::string station_id;
  std::int64_t seq = 0;
  std::string entity;
  std::string entity_id;
  std::string content_hash;  // raw sha256 bytes
  std::string status;        // applied | rejected
  std::string error_code;
  std::string error_message;
  std::string error_message_zh;
  std::int64_t received_at = 0;
  std::string batch_id;
  std::optional<std::int64_t> session_id;
};

// One row per push or pull request of a station. The rule the online-rate KPIs rest on:
// ok = 1 only for a pull answered with more = false, i.e. the request that ended a
// successful sync run (the station pulls only after every push of the run was
// answered). Push requests are recorded with ok = 0; their counts stay for the audit.
// started_at is when the request arrived (not when its batch was applied); bytes_in and
// bytes_out are body bytes as on the wire (compressed); client_offset_s = hub − station
// clock (from X-Station-Time), for pushes and pulls alike.
struct sync_session_row {
  std::int64_t id = 0;
  std::string station_id;
  std::int64_t started_at = 0;
  std::int64_t ended_at = 0;
  std::int64_t bytes_in = 0;
  std::int64_t bytes_out = 0;
  std::int64_t applied = 0;
  std::int64_t duplicate = 0;
  std::int64_t rejected = 0;
  std::optional<std::int64_t> client_offset_s;
  bool ok = false;
  std::string station_version;  // the station's X-Station-Version; "" when it sent none
};

// SQL expression: the program version the latest sync of station `st` announced (NULL when
// none did), for a SELECT over `station st`. A literal, so queries can be built from it
// at compile time.
#define CUNZHAN_SQL_STATION_VERSION                                                                         \
  "(SELECT s.station_version FROM sync_session s WHERE s.station_id = st.id AND s.station_version IS NOT NULL " \
  "ORDER BY s.ended_at DESC, s.id DESC LIMIT 1)"

class op_log {
 public:
  explicit op_log(sql::database& db) : db_(db) {}

  result<std::optional<op_log_row>> find(const std::string& op_id);
  // REQUIRES: inside a write transaction.
  status insert(const op_log_row& r);
  // The highest seq of the station in the log (0 when none). Every op of a batch is logged,
  // applied or rejected, in the batch's transaction, and stations send in seq order, so
  // everything up to it is durable at the hub.
  result<std::int64_t> acked_through(const std::string& station_id);
  // The station's ops, oldest seq first, at most `limit`.
  result<std::vector<op_log_row>> for_station(const std::string& station_id, std::size_t limit);

  // Inserts a session and returns its id. REQUIRES: inside a write transaction.
  result<std::int64_t> insert_session(const sync_session_row& s);
  status update_session(const sync_session_row& s);

 private:
  sql::database& db_;
};

}  // namespace cunzhan::hub
