// Group commit on PostgreSQL: the push jobs one hub process has waiting at the same moment
// (store/group_queue.hpp) share one transaction, each in its own SAVEPOINT, with one COMMIT
// (one WAL flush) and one turn of the advisory lock for the group. Each job's answer is
// the one it would get alone: it sees every job before it (READ COMMITTED, the jobs of
// other processes committed before the turn), and its error rolls back to its savepoint
// only. A COMMIT that fails fails every job of the group: nothing is reported applied
// that was not committed, and the stations send their ops again.
#include "store/postgres/pg_storage.hpp"
#include "store/postgres/pg_sync_writer.hpp"

namespace cunzhan::hub::pg {
namespace {

// The push jobs' turn (the key is arbitrary but fixed: "cunzhan hub sync").
constexpr const char* k_sync_turn = "SELECT pg_advisory_xact_lock(7433110561)";

}  // namespace

pg_storage::pg_storage(pool_settings s, std::size_t group_max)
    : pool_(std::move(s)),
      sync_queue_(
          group_max, [this](sync_queue::group& g) { apply_sync_group(g); }, "hub-pg-writer") {}

status pg_storage::write_sync(const sync_job& job) { return sync_queue_.run(job); }

void pg_storage::apply_sync_group(sync_queue::group& g) {
  for (int attempt = 1;; ++attempt) {
    bool retry = false;
    status s = try_sync_group(g, retry);
    if (s) return;  // each job holds its own result
    if (!retry || attempt == k_transient_attempts) {
      // Retries exhausted: busy, come back later (the stations keep their ops).
      const error e = retry ? error(errc::db_busy, s.err().detail_en, s.err().detail_zh) : s.err();
      for (auto* j : g) j->result = e;
      return;
    }
    ++retries_;
    transient_back_off(attempt);
  }
}

// One try of the group: ok when committed (then each job's result is its own), else the
// error that undid the whole group; `retry` when a fresh try may succeed (lost connection,
// a conflict at BEGIN or COMMIT). A COMMIT whose connection is lost may have committed:
// the rerun then finds the ops in the log and answers them duplicate, which is true.
status pg_storage::try_sync_group(sync_queue::group& g, bool& retry) {
  auto lease = pool_.acquire();
  if (!lease) return std::move(lease).err();  // already db_busy: no connection free
  connection& c = **lease;
  auto fail = [&](status s) {
    retry = transient_failure(c, s.err(), true);
    return s;
  };
  transaction t(c, transaction::isolation::read_committed);
  if (!t.begun()) return fail(t.begun());
  if (auto r = c.run(k_sync_turn); !r) return fail(std::move(r).err());
  for (auto* j : g) {
    for (int attempt = 1;; ++attempt) {
      if (auto s = c.exec("SAVEPOINT job"); !s) return fail(s);
      pg_sync_writer w(c);
      j->result = run_guarded(*j->job, w);
      if (j->result) j->result = w.flush();  // the op-log rows it still holds
      if (j->result) {
        if (auto s = c.exec("RELEASE job"); !s) return fail(s);
        break;
      }
      if (c.broken()) return fail(j->result);  // the transaction is gone: rerun the group
      // A conflict (op_id race, deadlock, timeout) reruns this job alone from its savepoint;
      // any other error is the job's own answer, its writes undone.
      const bool again = transient_failure(c, j->result.err(), true);
      if (auto s = c.exec("ROLLBACK TO job"); !s) return fail(s);
      if (auto s = c.exec("RELEASE job"); !s) return fail(s);
      if (!again) break;
      if (attempt == k_transient_attempts) {
        j->result = error(errc::db_busy, j->result.err().detail_en, j->result.err().detail_zh);
        break;
      }
      ++retries_;
    }
  }
  if (auto s = t.commit(); !s) return fail(s);
  return ok_status();
}

}  // namespace cunzhan::hub::pg
