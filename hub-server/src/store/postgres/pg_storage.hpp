// The PostgreSQL backend of `storage`, for one hub process among several on one database.
//
// - Reads take a pooled connection (autocommit; each statement sees the latest commits).
// - write_sync runs the job READ COMMITTED after taking the push turn (an advisory lock
//   held to COMMIT), so push jobs of every process run one at a time, each seeing the
//   ones before it: two processes that receive one op at the same moment apply it once,
//   and the second answers it `duplicate` from the log. A unique-key race on op_id, a
//   deadlock or a lost connection reruns the job (its earlier writes undone). Only after
//   COMMIT returns is the job reported done.
// - When the retries run out, or no connection is free, the answer is errc::db_busy: the
//   router says 503 with Retry-After and the station keeps its ops for the next try.
#pragma once
#include <atomic>
#include <functional>
#include <string>

#include "cunzhan/hub/storage.hpp"
#include "store/postgres/pg_pool.hpp"
#include "store/storage_overrides.hpp"

namespace cunzhan::hub::pg {

class pg_storage final : public storage {
 public:
  explicit pg_storage(pool_settings s) : pool_(std::move(s)) {}

  CUNZHAN_STORAGE_OVERRIDES;

  // Jobs retried so far (serialization failures, deadlocks, op_id races): /metrics, tests.
  std::uint64_t retries() const { return retries_; }

 private:
  // Runs fn(connection&) on a pooled connection.
  template <class Fn>
  auto on_conn(Fn&& fn) -> decltype(fn(std::declval<connection&>()));
  // Runs fn(connection&) in a transaction of `level`, committed when fn succeeds, retried
  // from the start on a transient conflict.
  status in_transaction(transaction::isolation level, const std::function<status(connection&)>& fn,
                        bool unique_race = false);

  pool pool_;
  std::atomic<std::uint64_t> retries_{0};
};

}  // namespace cunzhan::hub::pg
