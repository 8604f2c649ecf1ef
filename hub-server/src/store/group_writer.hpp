// Group commit for hub.db. One thread owns the writer connection for a group: it takes
// every job waiting, runs them in ONE BEGIN IMMEDIATE transaction, each inside its own
// SAVEPOINT, and commits once (one fsync for the group). Each caller waits until the
// group committed and gets its own job's status, so a job behaves exactly as if it had
// run alone: it sees the jobs before it, a failing job is rolled back to its savepoint
// without touching the others, and nothing is reported done before it is durable.
//
// While it runs, WAL checkpoints move off the writer: its connection stops
// auto-checkpointing and a second thread, on its own connection, runs PASSIVE
// checkpoints after commits (they never block the writer), so copying WAL pages into
// the database file overlaps with applying the next group.
//
// The queue (which jobs share a group) is store/group_queue.hpp, shared with PostgreSQL.
#pragma once
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>

#include "store/group_queue.hpp"
#include "store/hub_store.hpp"

namespace cunzhan::hub {

class group_writer {
 public:
  explicit group_writer(hub_store& store);
  ~group_writer();  // runs what is queued, then joins
  group_writer(const group_writer&) = delete;

  status run(const write_job& job) { return queue_.run(job); }

 private:
  using queue = group_queue<write_job>;
  void apply(queue::group& group);
  void apply_group(queue::group& group);
  void checkpoint_loop();

  hub_store& store_;
  std::mutex mu_;  // guards stop_ and commits_ (the checkpointer's signal)
  bool stop_ = false;
  std::uint64_t commits_ = 0;  // groups applied; the checkpointer follows it
  std::condition_variable commit_cv_;
  std::thread checkpointer_;
  queue queue_;  // last: its thread starts once everything above exists
};

}  // namespace cunzhan::hub
