// Applying a push batch: every op of the batch is answered (applied, duplicate or
// rejected) and the whole batch commits as one storage::write_sync job (with SQLite, one
// savepoint of the group writer's BEGIN IMMEDIATE transaction, see ingest.cpp) before
// the answer leaves, so an acknowledged op is durable and a crash never half-applies a batch.
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include <boost/json/value.hpp>

#include "cunzhan/hub/rows.hpp"
#include "cunzhan/shared/clock.hpp"
#include "cunzhan/shared/op.hpp"
#include "cunzhan/shared/result.hpp"

namespace cunzhan::hub {

class storage;

struct ingest_options {
  std::size_t max_ops_per_batch = 1000;  // more → errc::batch_too_large (HTTP 413)
};

struct ingest_request {
  boost::json::value body;                  // the parsed request JSON
  std::size_t bytes_in = 0;                 // body bytes as received
  std::optional<sys_seconds> station_time;  // X-Station-Time, when the station sent it
  std::string station_version;              // X-Station-Version, "" when not sent
  std::int64_t started_at = 0;              // unix s the request arrived; 0 → apply time
  bool accepts_zstd = false;                // the answer may be zstd-compressed
};

struct ingest_outcome {
  push_response response;
  std::string body;  // response body: JSON text, zstd-compressed when `zstd` (bytes_out counts it)
  bool zstd = false;
  std::size_t applied = 0;
  std::size_t duplicate = 0;
  std::size_t rejected = 0;
};

// Decodes and validates the batch for `station` (from its token) on the calling thread,
// then applies it through storage::write_sync and waits for the commit. Errors:
// batch_too_large, invalid_json / invalid_op for an unreadable envelope (nothing written),
// db_* when the transaction could not commit (nothing acknowledged).
// `clock` stamps the push session (tests pass a test_clock).
result<ingest_outcome> ingest(storage& store, const station_row& station, const ingest_request& req,
                              const ingest_options& opts, const clock_source& clock = real_clock());

}  // namespace cunzhan::hub
