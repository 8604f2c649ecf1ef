// Argument parsing, error reporting and file helpers for the CLI commands.
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
namespace {

bool contains(std::initializer_list<const char*> list, const std::string& s) {
  for (const char* c : list) {
    if (s == c) return true;
  }
  return false;
}

}  // namespace

result<args> args::parse(const std::vector<std::string>& argv, std::initializer_list<const char*> options,
                         std::initializer_list<const char*> flags) {
  args a;
  for (std::size_t i = 0; i < argv.size(); ++i) {
    const std::string& s = argv[i];
    if (s.size() < 3 || s.rfind("--", 0) != 0) {
      a.positional_.push_back(s);
      continue;
    }
    std::string name = s.substr(2);
    std::optional<std::string> value;
    if (auto eq = name.find('='); eq != std::string::npos) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
    }
    if (contains(flags, name) && !value) {
      a.flags_.insert(name);
    } else if (contains(options, name) || name == "storage") {  // every command: postgres.hpp
      if (!value) {
        if (i + 1 >= argv.size()) {
          return error(errc::invalid_argument, "--" + name + " needs a value", "--" + name + " 需要一个值");
        }
        value = argv[++i];
      }
      a.opts_.emplace(name, *value);
    } else {
      return error(errc::invalid_argument, "unknown option --" + name + " (see --help)",
                   "未知选项 --" + name + "（见 --help）");
    }
  }
  return a;
}

std::optional<std::string> args::get(const std::string& name) const {
  auto it = opts_.find(name);
  if (it == opts_.end()) return std::nullopt;
  return it->second;
}

std::vector<std::string> args::all(const std::string& name) const {
  std::vector<std::string> out;
  for (auto [b, e] = opts_.equal_range(name); b != e; ++b) out.push_back(b->second);
  return out;
}

result<std::string> args::required(const std::string& name) const {
  if (auto v = get(name); v && !v->empty()) return *v;
  return error(errc::invalid_argument, "missing --" + name + " (see --help)", "缺少 --" + name + "（见 --help）");
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
    case errc::unavailable:
      return 1;
    default:
      return 2;
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

}  // namespace cunzhan::hub::cli
