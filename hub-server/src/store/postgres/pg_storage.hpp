// The PostgreSQL backend of `storage`, for one hub process among several on one database.
//
// - Reads take a pooled connection (autocommit; each statement sees the latest commits).
// - write_sync: group commit (store/group_queue.hpp). The push jobs waiting in this
//   process at the same moment run in ONE READ COMMITTED transaction, each in its own
//   SAVEPOINT, after taking the push turn (an advisory lock held to COMMIT), so groups of
//   every process run one at a time, each job seeing the ones before it: two processes
//   that receive one op at the same moment apply it once, and the second answers it
//   `duplicate` from the log. A unique-key race on op_id or a deadlock reruns that job
//   from its savepoint; a lost connection reruns the group. Only after COMMIT returns is
//   any job of the group reported done; a failed COMMIT fails every job of it.
// - When the retries run out, or no connection is free, the answer is errc::db_busy: the
//   router says 503 with Retry-After and the station keeps its ops for the next try.
#pragma once
#include <atomic>
#include <functional>
#include <string>

#include "cunzhan/hub/storage.hpp"
#include "store/group_queue.hpp"
#include "store/postgres/pg_pool.hpp"
#include "store/storage_overrides.hpp"

namespace cunzhan::hub::pg {

class pg_storage final : public storage {
 public:
  // group_max: push jobs per transaction at most (1: each job alone, no group commit).
  pg_storage(pool_settings s, std::size_t group_max);

  CUNZHAN_STORAGE_OVERRIDES;

  // Jobs retried so far (serialization failures, deadlocks, op_id races): /metrics, tests.
  std::uint64_t retries() const { return retries_; }
  // Push transactions committed or failed, push jobs run, jobs waiting: /metrics, tests.
  std::uint64_t sync_groups() const { return sync_queue_.groups(); }
  std::uint64_t sync_jobs() const { return sync_queue_.jobs(); }
  std::size_t sync_waiting() const { return sync_queue_.waiting(); }

 private:
  // Runs fn(connection&) on a pooled connection.
  template <class Fn>
  auto on_conn(Fn&& fn) -> decltype(fn(std::declval<connection&>()));
  // Runs fn(connection&) in a transaction of `level`, committed when fn succeeds, retried
  // from the start on a transient conflict.
  status in_transaction(transaction::isolation level, const std::function<status(connection&)>& fn,
                        bool unique_race = false);

  using sync_queue = group_queue<sync_job>;
  // One group of push jobs in one transaction (store/postgres/pg_sync_group.cpp).
  void apply_sync_group(sync_queue::group& g);
  status try_sync_group(sync_queue::group& g, bool& retry);

  pool pool_;
  std::atomic<std::uint64_t> retries_{0};
  sync_queue sync_queue_;  // last: its thread starts once the pool exists
};

}  // namespace cunzhan::hub::pg
