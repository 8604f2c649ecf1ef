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
#pragma once
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <thread>
#include <vector>

#include "store/hub_store.hpp"

namespace cunzhan::hub {

class group_writer {
 public:
  explicit group_writer(hub_store& store);
  ~group_writer();  // runs what is queued, then joins
  group_writer(const group_writer&) = delete;

  status run(const write_job& job);

 private:
  struct pending {
    const write_job* job;
    status result = ok_status();
    bool done = false;
  };
  void loop();
  void apply(std::vector<pending*>& group);
  void checkpoint_loop();

  hub_store& store_;
  std::mutex mu_;
  std::condition_variable work_cv_;
  std::condition_variable done_cv_;
  std::deque<pending*> queue_;
  bool stop_ = false;
  std::uint64_t commits_ = 0;  // groups committed; the checkpointer follows it
  std::condition_variable commit_cv_;
  std::thread thread_;
  std::thread checkpointer_;
};

}  // namespace cunzhan::hub
