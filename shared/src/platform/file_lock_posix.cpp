// file_lock with flock(2): the kernel drops the lock with the last descriptor, so also
// when the process is killed. O_CLOEXEC keeps a child from inheriting it.
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "cunzhan/platform/file_lock.hpp"
#include "cunzhan/platform/path.hpp"

namespace cunzhan::platform {

result<file_lock> file_lock::try_lock(const std::filesystem::path& file) {
  file_lock l;
  const int fd = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) {
    const std::string why = std::strerror(errno);
    return error(errc::io_error, "cannot open " + utf8(file) + ": " + why,
                 "无法打开 " + utf8(file) + "：" + why);
  }
  l.handle_ = fd;
  l.held_ = ::flock(fd, LOCK_EX | LOCK_NB) == 0;
  return l;
}

void file_lock::release() {
  if (handle_ >= 0) ::close(static_cast<int>(handle_));
  handle_ = -1;
  held_ = false;
}

}  // namespace cunzhan::platform
