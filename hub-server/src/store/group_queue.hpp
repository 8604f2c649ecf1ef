// The queueing half of group commit, shared by both backends (SQLite's group_writer,
// PostgreSQL's pg_storage::write_sync). Callers hand in a job and wait; one thread takes
// every job waiting (at most max_group), passes them to the backend's `apply` as one
// group, and wakes each caller with the result `apply` gave its job. How a group becomes
// one transaction (savepoints, commit, retries) is the backend's; this only decides which
// jobs share it: those waiting at the same moment, never a wait for more to arrive.
#pragma once
#include <pthread.h>

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "cunzhan/shared/result.hpp"

namespace cunzhan::hub {

// Runs one job of a group; an exception fails that job alone (the others go on).
template <class Job, class Arg>
status run_guarded(const Job& job, Arg& arg) {
  try {
    return job(arg);
  } catch (const std::exception& e) {
    return error(errc::server_error, std::string("write job failed: ") + e.what(), "服务器内部错误");
  }
}

template <class Job>
class group_queue {
 public:
  struct entry {
    const Job* job;
    status result = ok_status();
    bool done = false;
  };
  using group = std::vector<entry*>;
  // apply(group): runs the group and sets every entry's result (one true status per job).
  using apply_fn = std::function<void(group&)>;

  group_queue(std::size_t max_group, apply_fn apply, const char* thread_name)
      : max_group_(max_group == 0 ? 1 : max_group), apply_(std::move(apply)) {
    thread_ = std::thread([this] { loop(); });
    pthread_setname_np(thread_.native_handle(), thread_name);  // shows in top/perf
  }
  ~group_queue() { stop(); }
  group_queue(const group_queue&) = delete;

  // Runs `job` in the next group and returns its result once that group is done.
  status run(const Job& job) {
    entry e{&job};
    std::unique_lock lk(mu_);
    queue_.push_back(&e);
    work_cv_.notify_one();
    done_cv_.wait(lk, [&e] { return e.done; });
    return std::move(e.result);
  }

  // Runs what is queued, then joins the thread (idempotent).
  void stop() {
    {
      std::lock_guard lk(mu_);
      stop_ = true;
    }
    work_cv_.notify_all();
    if (thread_.joinable()) thread_.join();
  }

  // For /metrics and tests: groups applied, jobs applied, jobs waiting for the next group.
  std::uint64_t groups() const {
    std::lock_guard lk(mu_);
    return groups_;
  }
  std::uint64_t jobs() const {
    std::lock_guard lk(mu_);
    return jobs_;
  }
  std::size_t waiting() const {
    std::lock_guard lk(mu_);
    return queue_.size();
  }

 private:
  void loop() {
    for (;;) {
      group g;
      {
        std::unique_lock lk(mu_);
        work_cv_.wait(lk, [this] { return stop_ || !queue_.empty(); });
        if (queue_.empty()) return;  // stopping and drained
        while (!queue_.empty() && g.size() < max_group_) {
          g.push_back(queue_.front());
          queue_.pop_front();
        }
      }
      apply_(g);
      {
        std::lock_guard lk(mu_);
        for (entry* e : g) e->done = true;
        ++groups_;
        jobs_ += g.size();
      }
      done_cv_.notify_all();
    }
  }

  const std::size_t max_group_;
  apply_fn apply_;
  mutable std::mutex mu_;
  std::condition_variable work_cv_;
  std::condition_variable done_cv_;
  std::deque<entry*> queue_;
  bool stop_ = false;
  std::uint64_t groups_ = 0;
  std::uint64_t jobs_ = 0;
  std::thread thread_;
};

}  // namespace cunzhan::hub
