// "Sync now" for the web app: one run of the same engine as `station sync`, on a
// background thread with its own connection to the store, so pages stay responsive and
// the sync page can poll its progress. The run holds DATA/sync.lock like the CLI does,
// so a web sync and a `station sync` (or the nightly job) never overlap.
#pragma once
#include <filesystem>
#include <mutex>
#include <optional>
#include <thread>

#include "cunzhan/platform/file_lock.hpp"
#include "cunzhan/station/sync.hpp"

namespace cunzhan::station_client::web {

struct sync_snapshot {
  bool running = false;
  sync_progress progress;           // of the running sync
  std::optional<sync_report> last;  // of the last run started here
  std::optional<sys_seconds> started_at;
};

class sync_runner {
 public:
  // `clock`: the app store's (the run's store and the snapshot's started_at read it).
  explicit sync_runner(std::filesystem::path data_dir, sync_options base = {},
                       const clock_source& clock = real_clock());
  ~sync_runner();  // waits for a running sync to end
  sync_runner(const sync_runner&) = delete;
  sync_runner& operator=(const sync_runner&) = delete;

  // lock_failed: DATA/sync.lock cannot be opened (read-only or failing disk); *why says why.
  enum class start_result { started, already_running, locked_elsewhere, lock_failed };
  start_result start(error* why = nullptr);
  sync_snapshot snapshot() const;

 private:
  void run(platform::file_lock sync_lock);

  std::filesystem::path data_dir_;
  sync_options base_;
  const clock_source& clock_;
  mutable std::mutex mu_;
  sync_snapshot state_;
  std::thread thread_;
};

}  // namespace cunzhan::station_client::web
