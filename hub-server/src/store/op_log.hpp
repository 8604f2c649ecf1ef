// The op log (every op a station sent, applied or rejected, keyed by op_id forever) and
// the sync_session log (one row per push or pull request, for the online-rate KPIs).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cunzhan/hub/rows.hpp"
#include "cunzhan/shared/result.hpp"
#include "cunzhan/shared/sqlite.hpp"

namespace cunzhan::hub {

// SQL expression: the program version the latest sync of station `st` announced (NULL when
// none did), for a SELECT over `station st`. A literal, so queries can be built from it
// at compile time.
#define CUNZHAN_SQL_STATION_VERSION                                                                        \
  "(SELECT s.station_version FROM sync_session s WHERE s.station_id = st.id AND s.station_version IS NOT " \
  "NULL "                                                                                                  \
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
