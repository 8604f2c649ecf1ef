// The two halves of ingest. prepare_batch decodes, hashes and validates a push on the
// request's own thread, with no write lock held; apply_batch is the part that needs the
// writer (op-log lookups, ownership, upserts, the log rows) and runs as a write_sync job.
// Splitting them keeps the single writer busy only with the database.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include <boost/json/object.hpp>

#include "cunzhan/hub/ingest.hpp"
#include "cunzhan/hub/storage.hpp"
#include "cunzhan/shared/model.hpp"
#include "cunzhan/shared/villager.hpp"

namespace cunzhan::hub::detail {

// An op's verdict before it is logged.
struct verdict {
  op_status status = op_status::applied;
  std::string code, en, zh;
};

verdict reject(const error& e);

// One op, checked as far as it can be without the database.
struct prepared_op {
  std::string op_id;
  bool decoded = false;  // the envelope decoded (then the owner check applies)
  bool loggable = true;  // false when even the op_id is unusable: answered, never logged
  std::string hash;      // idempotency hash, as stored in op_log.content_hash
  std::int64_t seq = 0;
  entity_type type = entity_type::listing;
  std::string entity;  // op_log.entity text (may be empty for undecodable ops)
  std::string entity_id;
  verdict checked;  // applied = valid and ready to upsert, else the rejection
  std::variant<std::monostate, listing, pickup, courier_point, villager, proxy_buy_order, villager_service>
      row;
  boost::json::object unknown;  // data keys this hub does not know (a newer station's), kept
  std::string township_code;    // hub-owned, from the registry / the station
  std::string data_json;        // canonical JSON of data, stored on the entity row
};

struct prepared_batch {
  std::string batch_id;
  std::vector<prepared_op> ops;
  std::optional<std::int64_t> newest_at;  // newest op time (clock offset without the header)
};

// Batch-level errors: batch_too_large, invalid_json / invalid_op envelope, db_* reading
// the registry.
result<prepared_batch> prepare_batch(storage& store, const station_row& station, const ingest_request& req,
                                     const ingest_options& opts);

// REQUIRES: inside storage::write_sync (the job's writes are undone on error).
status apply_batch(sync_writer& w, const station_row& station, const ingest_request& req,
                   const prepared_batch& batch, ingest_outcome& out, const clock_source& clock);

}  // namespace cunzhan::hub::detail
