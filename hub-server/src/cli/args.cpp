// The hub's view of the shared option parser, error reporting and file helpers.
#include "cli/args.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>

namespace cunzhan::hub::cli {

result<args> args::parse(const std::vector<std::string>& argv, const std::vector<std::string_view>& options,
                         const std::vector<std::string_view>& flags) {
  auto with_storage = options;
  with_storage.emplace_back("storage");  // every command: postgres.hpp
  auto a = cli_args::parse(argv, with_storage, flags);
  if (!a) return std::move(a).err();
  return args(std::move(*a));
}

std::string args::data_dir() const {
  if (auto v = get("data")) return *v;
  if (const char* e = std::getenv("CUNZHAN_HUB_DATA"); e != nullptr && *e != '\0') return e;
  return "hub-data";
}

int report(const error& e) {
  std::cerr << "error: " << e.describe(lang::en) << "\n错误：" << e.describe(lang::zh) << "\n";
  switch (e.code) {
    case errc::db_error:
    case errc::db_corrupt:
    case errc::db_io_error:
    case errc::disk_full:
    case errc::db_busy:
    case errc::io_error:
    case errc::server_error:
    case errc::network_error:
    case errc::tls_error:
    case errc::timeout:
    case errc::unavailable: return 1;
    default: return 2;
  }
}

status write_file(const std::string& path, const std::string& text, bool secret) {
  const std::string tmp = path + ".tmp";
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, secret ? 0600 : 0644);
  if (fd < 0) {
    return error(errc::io_error, "cannot write " + path + ": " + std::strerror(errno), "无法写入 " + path);
  }
  // The mode of an existing file is not changed by open(); make it right explicitly.
  (void)::fchmod(fd, secret ? 0600 : 0644);
  std::size_t off = 0;
  while (off < text.size()) {
    const ssize_t n = ::write(fd, text.data() + off, text.size() - off);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      ::close(fd);
      return error(errc::io_error, "cannot write " + path + ": " + std::strerror(errno), "无法写入 " + path);
    }
    off += static_cast<std::size_t>(n);
  }
  const bool synced = ::fsync(fd) == 0;
  ::close(fd);
  if (!synced || ::rename(tmp.c_str(), path.c_str()) != 0) {
    return error(errc::io_error, "cannot write " + path + ": " + std::strerror(errno), "无法写入 " + path);
  }
  return ok_status();
}

result<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return error(errc::not_found, "cannot read " + path, "无法读取 " + path);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

result<std::vector<csv::row>> read_csv_file(const std::string& path) {
  auto bytes = read_file(path);
  if (!bytes) return std::move(bytes).err();
  auto text = csv::to_utf8(*bytes);
  if (!text) return std::move(text).err();
  return csv::parse(*text);
}

}  // namespace cunzhan::hub::cli
