// Plain values the station store hands out and takes in: list filters, outbox ops and
// counts, sync bookkeeping, reference data, damaged records. No behaviour here.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cunzhan/shared/model.hpp"
#include "cunzhan/shared/op.hpp"
#include "cunzhan/shared/result.hpp"
#include "cunzhan/shared/villager.hpp"

namespace cunzhan::station_client {

// ---- filters for list commands; an empty field means "any" ----
struct listing_filter {
  std::optional<listing_status> status;
  std::string village_code;
  std::string category;
  std::size_t limit = 0;  // 0 = no limit
};
struct pickup_filter {
  std::optional<pickup_status> status;
  std::string brand;
  std::size_t limit = 0;
};
struct point_filter {
  bool include_closed = true;
  std::size_t limit = 0;
};
struct villager_filter {
  std::string village_code;
  std::size_t limit = 0;
};
// 代买 orders; `waiting_handover`: arrived and not handed over, oldest arrival first.
struct order_filter {
  std::optional<proxy_buy_status> status;
  std::string villager_id;
  bool waiting_handover = false;
  std::size_t limit = 0;
};
struct service_filter {
  std::string villager_id;
  std::size_t limit = 0;
};

// A stored record the store cannot decode (written by an older program, or changed
// outside it): lists and exports skip it and name it here instead of failing as a whole.
struct damaged_record {
  std::string id;
  error what;
};

// ---- outbox ----
enum class op_state { pending, in_flight, acked, rejected };
std::string_view to_string(op_state s);

struct outbox_op {
  op envelope;  // seq, op_id, entity, entity_id, kind, at; data only from rejected_ops
  op_state state = op_state::pending;
  // The stored data as JSON text. next_batch leaves envelope.data empty: the sync engine
  // puts this text into the batch as it is, instead of parsing and re-serialising it.
  std::string data_text;
  std::size_t data_bytes = 0;  // size of data_text (for batch sizing)
  std::string error_code;      // when rejected
  std::string error_message;
  std::string error_message_zh;
  std::optional<std::int64_t> superseded_by;  // seq of a later op on the same entity
};

struct outbox_counts {
  std::int64_t pending = 0;
  std::int64_t in_flight = 0;
  std::int64_t acked = 0;
  std::int64_t rejected = 0;             // all rejected ops
  std::int64_t rejected_unresolved = 0;  // rejected and not superseded by a later change
};

struct sync_info {
  std::optional<sys_seconds> last_sync_at;
  bool last_ok = false;
  std::string last_message;     // the run's summary in English (as in the log)
  std::string last_message_zh;  // the same in Chinese; empty if recorded by an older version
  // The summary in the officer's language (English when no Chinese one was recorded).
  const std::string& message(lang l) const {
    return l == lang::zh && !last_message_zh.empty() ? last_message_zh : last_message;
  }
  std::optional<std::int64_t> hub_clock_offset_s;  // hub time − station time
};

struct reference_village {
  std::string code;
  std::string name;
  std::string township_code;
  std::string township_name;
};

// One row of GET /v1/sync/pull: kind "village" | "township" | "brand" | ..., its key and data (JSON).
struct reference_change {
  std::string kind;
  std::string key;
  std::string data;
};

// What restoring the last `station backup` would lose, as far as the damaged file tells.
struct restore_cost {
  bool backup_known = false;                  // the file could say whether a backup was made
  std::optional<std::string> backup_path;     // the last backup, when there was one
  std::optional<std::string> backup_at;       // when (RFC 3339)
  std::optional<std::int64_t> records_since;  // changes saved after it (outbox ops)
};

}  // namespace cunzhan::station_client
