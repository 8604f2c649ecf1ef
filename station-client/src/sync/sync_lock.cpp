// DATA/sync.lock (see sync_lock.hpp).
#include "sync_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace cunzhan::station_client {

result<std::unique_ptr<sync_lock>> sync_lock::acquire(const std::filesystem::path& data_dir) {
  const std::filesystem::path p = data_dir / "sync.lock";
  const int fd = ::open(p.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  int err = fd < 0 ? errno : 0;
  if (fd >= 0) {
    if (::flock(fd, LOCK_EX | LOCK_NB) == 0) return std::unique_ptr<sync_lock>(new sync_lock(fd));
    err = errno;
    ::close(fd);
    if (err == EWOULDBLOCK) return std::unique_ptr<sync_lock>();
  }
  // Not "another sync is running": that would send the nightly job into retries forever.
  const std::string os = std::strerror(err);
  return error(errc::io_error,
               "cannot open the sync lock " + p.string() + ": " + os +
                   " (is the data directory read-only, or the disk failing? check the disk, then sync again)",
               "无法打开同步锁文件 " + p.string() + "：" + os + "（数据目录可能是只读的，或硬盘有故障；请检查硬盘后再同步）");
}

sync_lock::~sync_lock() { ::close(fd_); }

}  // namespace cunzhan::station_client
