// file_lock's moves and destructor, the same on every system (see file_lock.hpp).
#include "cunzhan/platform/file_lock.hpp"

#include <utility>

namespace cunzhan::platform {

file_lock::file_lock(file_lock&& o) noexcept
    : handle_(std::exchange(o.handle_, -1)), held_(std::exchange(o.held_, false)) {}

file_lock& file_lock::operator=(file_lock&& o) noexcept {
  if (this != &o) {
    release();
    handle_ = std::exchange(o.handle_, -1);
    held_ = std::exchange(o.held_, false);
  }
  return *this;
}

file_lock::~file_lock() { release(); }

}  // namespace cunzhan::platform
