// system.hpp on Windows: boot time, BCryptGenRandom, _wgetenv, %LOCALAPPDATA%.
#include <windows.h>
#include <bcrypt.h>

#include <cstdlib>
#include <stdexcept>

#include "cunzhan/platform/path.hpp"
#include "cunzhan/platform/system.hpp"
#include "win_text.hpp"

namespace cunzhan::platform {

std::string boot_id() {
  // When this boot began, to the minute: now minus the time since boot. A clock change
  // can move it, which only costs one extra full check of the database.
  FILETIME ft;
  GetSystemTimeAsFileTime(&ft);
  const unsigned long long now_ms =
      ((static_cast<unsigned long long>(ft.dwHighDateTime) << 32) | ft.dwLowDateTime) / 10000;
  return "boot-minute-" + std::to_string((now_ms - GetTickCount64()) / 60000);
}

unsigned long process_id() { return GetCurrentProcessId(); }

void os_random(void* out, std::size_t n) {
  if (n && BCryptGenRandom(nullptr, static_cast<PUCHAR>(out), static_cast<ULONG>(n),
                           BCRYPT_USE_SYSTEM_PREFERRED_RNG) != 0)
    throw std::runtime_error("BCryptGenRandom failed / 随机数生成失败");
}

std::optional<std::string> env(const char* name) {
  const wchar_t* v = _wgetenv(widen(name).c_str());
  if (!v || !*v) return std::nullopt;
  return narrow(v);
}

std::filesystem::path user_data_root() {
  if (auto d = env("LOCALAPPDATA")) return path_from_utf8(*d);
  if (auto d = env("APPDATA")) return path_from_utf8(*d);
  return std::filesystem::path(L".");
}

bool user_prefers_chinese() {
  // LC_ALL / LANG when set (Git Bash, MSYS, tests), else the Windows display language.
  for (const char* var : {"LC_ALL", "LANG"}) {
    if (auto v = env(var)) return v->starts_with("zh");
  }
  return PRIMARYLANGID(GetUserDefaultUILanguage()) == LANG_CHINESE;
}

}  // namespace cunzhan::platform
