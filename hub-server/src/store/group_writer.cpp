// The group-commit loop: drain the queue, one transaction, a savepoint per job, commit,
// then wake the callers with their own results.
#include "store/group_writer.hpp"

#include <pthread.h>
#include <sqlite3.h>

#include <exception>

namespace cunzhan::hub {
namespace {

// Bounds one group's transaction (and so the wait of its first caller) when very many
// batches are queued; the rest go in the next group a moment later.
constexpr std::size_t k_max_jobs_per_group = 64;

status run_job(const write_job& job, sql::database& db) {
  try {
    return job(db);
  } catch (const std::exception& e) {
    return error(errc::server_error, std::string("write job failed: ") + e.what(), "服务器内部错误");
  }
}

}  // namespace

group_writer::group_writer(hub_store& store) : store_(store) {
  (void)store_.writer().db().exec("PRAGMA wal_autocheckpoint=0");
  thread_ = std::thread([this] { loop(); });
  checkpointer_ = std::thread([this] { checkpoint_loop(); });
  pthread_setname_np(thread_.native_handle(), "hub-writer");  // shows in top/perf
  pthread_setname_np(checkpointer_.native_handle(), "hub-checkpoint");
}

group_writer::~group_writer() {
  {
    std::lock_guard lk(mu_);
    stop_ = true;
  }
  work_cv_.notify_all();
  commit_cv_.notify_all();
  thread_.join();
  checkpointer_.join();
  (void)store_.writer().db().exec("PRAGMA wal_autocheckpoint=1000");  // SQLite's default again
}

void group_writer::checkpoint_loop() {
  sql::open_options o;
  o.create = false;
  o.check_integrity = false;  // the writer checked the file when the store opened
  auto db = sql::database::open(store_.path(), o);
  if (!db) return;  // then the WAL is checkpointed when the writer connection closes
  std::uint64_t seen = 0;
  for (;;) {
    {
      std::unique_lock lk(mu_);
      commit_cv_.wait(lk, [&] { return stop_ || commits_ != seen; });
      if (stop_) return;
      seen = commits_;
    }
    sqlite3_wal_checkpoint_v2((*db)->handle(), nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
  }
}

status group_writer::run(const write_job& job) {
  pending p{&job};
  std::unique_lock lk(mu_);
  queue_.push_back(&p);
  work_cv_.notify_one();
  done_cv_.wait(lk, [&p] { return p.done; });
  return std::move(p.result);
}

void group_writer::loop() {
  for (;;) {
    std::vector<pending*> group;
    {
      std::unique_lock lk(mu_);
      work_cv_.wait(lk, [this] { return stop_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping and drained
      while (!queue_.empty() && group.size() < k_max_jobs_per_group) {
        group.push_back(queue_.front());
        queue_.pop_front();
      }
    }
    apply(group);
    {
      std::lock_guard lk(mu_);
      for (pending* p : group) p->done = true;
      ++commits_;
    }
    done_cv_.notify_all();
    commit_cv_.notify_one();
  }
}

void group_writer::apply(std::vector<pending*>& group) {
  auto fail_all = [&group](const error& e) {
    for (pending* p : group) p->result = e;
  };
  auto w = store_.writer();
  sql::database& db = w.db();
  sql::transaction t(db);
  if (!t.begun()) return fail_all(t.begun().err());
  for (pending* p : group) {
    if (auto s = db.exec("SAVEPOINT job"); !s) return fail_all(s.err());
    p->result = run_job(*p->job, db);
    if (p->result) {
      if (auto s = db.exec("RELEASE job"); !s) return fail_all(s.err());
      continue;
    }
    // Some errors (disk full, I/O) make SQLite roll the whole transaction back: then the
    // jobs before this one are gone too, and none of the group may be reported done.
    if (sqlite3_get_autocommit(db.handle()) != 0) return fail_all(p->result.err());
    if (auto s = db.exec("ROLLBACK TO job"); !s) return fail_all(s.err());
    if (auto s = db.exec("RELEASE job"); !s) return fail_all(s.err());
  }
  if (auto s = t.commit(); !s) return fail_all(s.err());
}

}  // namespace cunzhan::hub
