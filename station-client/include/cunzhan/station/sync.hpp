// The station's sync engine: pushes the outbox to the hub in seq order over one
// keep-alive TLS connection (zstd bodies, adaptive batch size, jittered backoff), then
// pulls reference data. Pushes are pipelined (two on the connection at once; see
// sync_engine.cpp). Exactly-once rests on the hub's op_id idempotency: an op is
// marked acknowledged only from the hub's answer, and anything in doubt is re-sent.
#pragma once
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <string>

#include "cunzhan/shared/result.hpp"
#include "cunzhan/station/store.hpp"

namespace cunzhan::station_client {

struct sync_progress {
  std::int64_t ops_total = 0;  // ops to send when the run started
  std::int64_t ops_done = 0;   // answered by the hub so far
  std::size_t bytes_sent = 0;
  std::size_t bytes_received = 0;
  std::chrono::steady_clock::duration elapsed{};
  std::string phase;  // "push", "pull", "retry"
};

struct sync_options {
  std::size_t initial_batch_ops = 200;  // first batch; adapts between min and max
  std::size_t min_batch_ops = 1;
  std::size_t max_batch_ops = 1000;       // the hub's default limit per batch
  std::size_t max_batch_bytes = 1 << 20;  // op data per batch, before compression
  int max_consecutive_failures = 8;       // then give up (temporary failure)
  std::chrono::milliseconds backoff_base{500};
  std::chrono::milliseconds backoff_cap{30'000};
  std::chrono::seconds deadline{0};  // whole run; 0 = none (nightly windows set it)
  std::chrono::milliseconds connect_timeout{15'000};
  std::chrono::milliseconds io_timeout{120'000};          // one request/response exchange
  bool pull = true;                                       // fetch reference data after the push
  std::string connect_host;                               // override the URL's host (tests: a proxy)
  unsigned short connect_port = 0;                        // override the URL's port
  std::function<void(const sync_progress&)> on_progress;  // may be empty
  // Set (from another thread) to stop the run as its deadline would: the exchange in
  // flight is answered and recorded, the rest goes next time (temporary). May be null.
  const std::atomic<bool>* stop = nullptr;
};

// How a run ended, and what the caller (CLI, web app, nightly job) should do.
enum class sync_outcome {
  complete,      // everything acknowledged (rejected ops may remain for the officer)
  temporary,     // hub unreachable, timed out or busy: try again later (exit 75)
  needs_action,  // the officer must act: token revoked/wrong, batch refused (exit 1)
};

struct sync_report {
  sync_outcome outcome = sync_outcome::complete;
  std::int64_t ops_sent = 0;  // op transmissions, counting re-sends
  std::int64_t applied = 0;
  std::int64_t duplicate = 0;
  std::int64_t rejected = 0;
  // A run that never reaches the hub tries (attempts) but sends no batch; a cut line
  // sends batches whose answers never come (not acknowledged).
  std::int64_t attempts = 0;           // batches the engine tried to send (connecting first)
  std::int64_t batches = 0;            // batches written to a connection to the hub
  std::int64_t batches_acked = 0;      // batches whose answer came back and was recorded
  std::int64_t retries = 0;            // waits before trying again (push or pull)
  std::int64_t reference_changes = 0;  // pulled
  // HTTP bytes (headers + compressed bodies) written / read over TLS. They exclude the
  // TLS handshake (certificates: a few KB per new connection, less when resumed), TLS
  // record overhead and TCP/IP headers; a link's byte count (e.g. the fault proxy's) is
  // higher.
  std::size_t bytes_sent = 0;
  std::size_t bytes_received = 0;
  std::size_t json_bytes = 0;  // the same batches as plain JSON (for the ratio)
  bool tls_resumed = false;
  std::optional<std::int64_t> clock_offset_s;  // hub − station
  std::chrono::milliseconds duration{0};
  error last_error;                   // meaningful unless complete
  std::string summary(lang l) const;  // one line for the officer
};

// Runs one sync against the hub named in the store's enrolment. Never throws.
sync_report run_sync(store& s, const sync_options& o);

// Exit code for the CLI and nightly jobs: 0 complete, 75 temporary, 1 needs action.
int exit_code(sync_outcome o);

}  // namespace cunzhan::station_client
