// The group-commit loop: drain the queue, one transaction, a savepoint per job, commit,
// then wake the callers with their own results.
#include "store/group_writer.hpp"

#include <pthread.h>
#include <sqlite3.h>

namespace cunzhan::hub {
namespace {

// Bounds one group's transaction (and so the wait of its first caller) when very many
// batches are queued; the rest go in the next group a moment later.
constexpr std::size_t k_max_jobs_per_group = 64;

}  // namespace

group_writer::group_writer(hub_store& store)
    : store_(store),
      checkpointer_([this] { checkpoint_loop(); }),
      queue_(
          k_max_jobs_per_group, [this](queue::group& g) { apply(g); }, "hub-writer") {
  (void)store_.writer().db().exec("PRAGMA wal_autocheckpoint=0");
  pthread_setname_np(checkpointer_.native_handle(), "hub-checkpoint");
}

group_writer::~group_writer() {
  queue_.stop();  // runs what is queued first
  {
    std::lock_guard lk(mu_);
    stop_ = true;
  }
  commit_cv_.notify_all();
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

void group_writer::apply(queue::group& group) {
  apply_group(group);
  {
    std::lock_guard lk(mu_);
    ++commits_;
  }
  commit_cv_.notify_one();
}

void group_writer::apply_group(queue::group& group) {
  auto fail_all = [&group](const error& e) {
    for (auto* p : group) p->result = e;
  };
  auto w = store_.writer();
  sql::database& db = w.db();
  sql::transaction t(db);
  if (!t.begun()) return fail_all(t.begun().err());
  for (auto* p : group) {
    if (auto s = db.exec("SAVEPOINT job"); !s) return fail_all(s.err());
    p->result = run_guarded(*p->job, db);
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
