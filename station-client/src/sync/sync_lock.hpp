// DATA/sync.lock: one sync of a station at a time (`station sync`, the nightly job, the
// web app's "sync now"). An exclusive flock, released with the descriptor, so also when
// the process is killed.
#pragma once
#include <filesystem>
#include <memory>

#include "cunzhan/shared/result.hpp"

namespace cunzhan::station_client {

class sync_lock {
 public:
  // The lock held; nullptr when another process holds it (try later); an io_error with
  // the OS's reason when the file cannot be opened or locked at all (a read-only or
  // failing disk: retrying will not help, the officer must act).
  static result<std::unique_ptr<sync_lock>> acquire(const std::filesystem::path& data_dir);
  ~sync_lock();
  sync_lock(const sync_lock&) = delete;
  sync_lock& operator=(const sync_lock&) = delete;

 private:
  explicit sync_lock(int fd) : fd_(fd) {}
  int fd_;
};

}  // namespace cunzhan::station_client
