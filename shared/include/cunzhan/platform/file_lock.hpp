// An exclusive lock on a file that other processes see (the station's sync.lock).
// Tried once, never waits. The operating system drops it with the process, even one
// killed outright (kill -9, TerminateProcess), so a crash never leaves it stuck.
// POSIX: flock(2); Windows: LockFileEx. file_lock_posix.cpp / file_lock_win.cpp.
#pragma once
#include <filesystem>

#include "cunzhan/shared/result.hpp"

namespace cunzhan::platform {

class file_lock {
 public:
  // Creates the file when missing. An error when the file cannot be opened (a read-only
  // or missing directory: the OS's reason in the detail); a lock with held() == false
  // when another process holds it.
  static result<file_lock> try_lock(const std::filesystem::path& file);

  file_lock(file_lock&& o) noexcept;
  file_lock& operator=(file_lock&& o) noexcept;
  file_lock(const file_lock&) = delete;
  file_lock& operator=(const file_lock&) = delete;
  ~file_lock();

  bool held() const { return held_; }
  void release();

 private:
  file_lock() = default;
  long long handle_ = -1;  // a descriptor or a HANDLE, -1 when none
  bool held_ = false;
};

}  // namespace cunzhan::platform
