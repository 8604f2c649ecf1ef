// system.hpp on Linux: /proc's boot id, getrandom(2), getenv, XDG folders.
#include <sys/random.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <fstream>
#include <stdexcept>

#include "cunzhan/platform/system.hpp"

namespace cunzhan::platform {

std::string boot_id() {
  std::ifstream in("/proc/sys/kernel/random/boot_id");
  std::string id;
  std::getline(in, id);
  return id;
}

unsigned long process_id() { return static_cast<unsigned long>(::getpid()); }

void os_random(void* out, std::size_t n) {
  auto* p = static_cast<unsigned char*>(out);
  for (std::size_t got = 0; got < n;) {
    const ssize_t r = ::getrandom(p + got, n - got, 0);
    if (r < 0 && errno != EINTR) throw std::runtime_error("getrandom failed / 随机数生成失败");
    if (r > 0) got += static_cast<std::size_t>(r);
  }
}

std::optional<std::string> env(const char* name) {
  const char* v = std::getenv(name);
  if (!v || !*v) return std::nullopt;
  return std::string(v);
}

std::filesystem::path user_data_root() {
  if (auto x = env("XDG_DATA_HOME")) return *x;
  return std::filesystem::path(env("HOME").value_or(".")) / ".local/share";
}

bool user_prefers_chinese() {
  // LC_ALL overrides LANG, as in every POSIX program.
  for (const char* var : {"LC_ALL", "LANG"}) {
    if (auto v = env(var)) return v->starts_with("zh");
  }
  return false;
}

}  // namespace cunzhan::platform
