// Background sync runs for the web app (see sync_runner.hpp).
#include "sync_runner.hpp"

#include "cunzhan/platform/file_lock.hpp"

namespace cunzhan::station_client::web {

sync_runner::sync_runner(std::filesystem::path data_dir, sync_options base, const clock_source& clock)
    : data_dir_(std::move(data_dir)), base_(std::move(base)), clock_(clock) {}

sync_runner::~sync_runner() {
  if (thread_.joinable()) thread_.join();
}

sync_runner::start_result sync_runner::start(error* why) {
  std::lock_guard lock(mu_);
  if (state_.running) return start_result::already_running;
  // The same lock file as `station sync`: the OS releases it with the process, even if
  // this process is killed mid-run.
  auto file_lock = platform::file_lock::try_lock(data_dir_ / "sync.lock");
  if (!file_lock) {  // cannot even open it (read-only or failing disk): not "another sync"
    if (why) *why = std::move(file_lock).err();
    return start_result::lock_failed;
  }
  if (!file_lock->held()) return start_result::locked_elsewhere;
  if (thread_.joinable()) thread_.join();  // the previous run has ended (running is false)
  state_.running = true;
  state_.progress = {};
  state_.started_at = clock_.now();
  thread_ = std::thread([this, l = std::move(*file_lock)]() mutable { run(std::move(l)); });
  return start_result::started;
}

sync_snapshot sync_runner::snapshot() const {
  std::lock_guard lock(mu_);
  return state_;
}

void sync_runner::run(platform::file_lock sync_lock) {
  sync_report report;
  store_options so;
  so.create = false;
  so.clock = &clock_;
  // Its own connection: SQLite serialises the writes of this run and of the pages.
  auto st = store::open(data_dir_, so);
  if (!st) {
    report.outcome = sync_outcome::needs_action;
    report.last_error = st.err();
  } else {
    sync_options o = base_;
    o.on_progress = [this](const sync_progress& p) {
      std::lock_guard lock(mu_);
      state_.progress = p;
    };
    report = run_sync(**st, o);
  }
  sync_lock.release();
  std::lock_guard lock(mu_);
  state_.last = std::move(report);
  state_.running = false;
}

}  // namespace cunzhan::station_client::web
