// files.hpp on POSIX: open/write/fsync, stat, chmod.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <sstream>

#include "cunzhan/platform/files.hpp"
#include "cunzhan/platform/path.hpp"

namespace cunzhan::platform {

status write_file_synced(const std::filesystem::path& file, std::string_view bytes) {
  const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  bool ok = fd >= 0;
  for (std::size_t done = 0; ok && done < bytes.size();) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    ok = n > 0;
    if (ok) done += static_cast<std::size_t>(n);
  }
  ok = ok && ::fsync(fd) == 0;
  const std::string why = ok ? std::string() : std::strerror(errno);
  if (fd >= 0) ok = ::close(fd) == 0 && ok;
  if (!ok)
    return error(errc::io_error, "cannot write " + utf8(file) + ": " + why,
                 "无法写入 " + utf8(file) + "：" + why);
  return ok_status();
}

std::optional<std::string> file_identity(const std::filesystem::path& file) {
  struct stat st {};
  if (::stat(file.c_str(), &st) != 0) return std::nullopt;
  std::ostringstream o;
  o << st.st_dev << ' ' << st.st_ino << ' ' << st.st_size << ' ' << st.st_mtim.tv_sec << '.'
    << st.st_mtim.tv_nsec << ' ' << st.st_ctim.tv_sec << '.' << st.st_ctim.tv_nsec;
  return o.str();
}

void restrict_to_owner(const std::filesystem::path& dir) { ::chmod(dir.c_str(), 0700); }

}  // namespace cunzhan::platform
