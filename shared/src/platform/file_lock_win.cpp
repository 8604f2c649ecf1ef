// file_lock with LockFileEx: Windows releases the lock when the handle closes, also
// when the process is terminated. The handle is not inherited by child processes.
#include <windows.h>

#include "cunzhan/platform/file_lock.hpp"
#include "cunzhan/platform/path.hpp"
#include "win_text.hpp"

namespace cunzhan::platform {

result<file_lock> file_lock::try_lock(const std::filesystem::path& file) {
  file_lock l;
  HANDLE h = CreateFileW(file.c_str(), GENERIC_READ | GENERIC_WRITE,
                         FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, nullptr, OPEN_ALWAYS,
                         FILE_ATTRIBUTE_NORMAL, nullptr);
  if (h == INVALID_HANDLE_VALUE) {
    const std::string why = win_error_text(GetLastError());
    return error(errc::io_error, "cannot open " + utf8(file) + ": " + why,
                 "无法打开 " + utf8(file) + "：" + why);
  }
  l.handle_ = reinterpret_cast<long long>(h);
  OVERLAPPED ov{};
  l.held_ = LockFileEx(h, LOCKFILE_EXCLUSIVE_LOCK | LOCKFILE_FAIL_IMMEDIATELY, 0, 1, 0, &ov) != 0;
  return l;
}

void file_lock::release() {
  if (handle_ != -1) CloseHandle(reinterpret_cast<HANDLE>(handle_));  // drops the lock too
  handle_ = -1;
  held_ = false;
}

}  // namespace cunzhan::platform
