// The running system: this boot, this process, the kernel's random bytes, the user's
// folders and language, environment variables in UTF-8. system_posix.cpp / system_win.cpp.
#pragma once
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>

namespace cunzhan::platform {

// Differs after every restart of the machine; "" when unknown.
// Linux: /proc/sys/kernel/random/boot_id. Windows: the boot time to the minute.
std::string boot_id();

unsigned long process_id();

// Fills `out` from the operating system's CSPRNG (getrandom / BCryptGenRandom).
// Throws std::runtime_error if it fails (it does not, short of a broken system).
void os_random(void* out, std::size_t n);

// An environment variable in UTF-8; nullopt when unset or empty.
std::optional<std::string> env(const char* name);

// Where per-user application data lives: $XDG_DATA_HOME or ~/.local/share on POSIX,
// %LOCALAPPDATA% on Windows.
std::filesystem::path user_data_root();

// LC_ALL / LANG starting with "zh"; on Windows without those, a Chinese UI language.
bool user_prefers_chinese();

}  // namespace cunzhan::platform
