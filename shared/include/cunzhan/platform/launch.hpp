// Starting other programs from the station, one small file per OS (launch_posix.cpp,
// launch_win.cpp): the scheduler tools (`schtasks.exe`, `systemctl --user`), the
// default browser, and where the running program itself lives. Only the scheduler
// commands and `serve --open` use it; the records never depend on another program.
#pragma once
#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "cunzhan/shared/result.hpp"

namespace cunzhan::platform {

#ifdef _WIN32
inline constexpr bool is_windows = true;
#else
inline constexpr bool is_windows = false;
#endif

struct run_output {
  int exit_code = -1;
  std::string output;  // stdout and stderr together, as UTF-8
};

// Runs `program` (searched on PATH) with args, no shell and no console window, and waits.
// Output beyond max_output bytes is dropped. Fails (not_found) when it cannot be started.
result<run_output> run_program(const std::string& program, const std::vector<std::string>& args,
                               std::size_t max_output = 1 << 20);

// One argument as the Windows C runtime (and CommandLineToArgvW) splits a command line
// back: quoted when it holds a space, tab or quote, backslashes doubled before a quote.
std::string quote_windows_arg(std::string_view arg);

// Opens url in the officer's default browser (ShellExecuteW; xdg-open on Linux) and
// returns without waiting for the browser.
status open_in_browser(const std::string& url);

// The absolute path of the running program (what a scheduled task must start).
result<std::filesystem::path> self_executable();

// The account name (USERNAME / USER), for a task name that is per user.
std::string user_name();

// The highest memory use of this process so far, in bytes (peak working set on Windows,
// peak RSS on Linux); 0 when the system does not say.
std::size_t peak_memory_bytes();

}  // namespace cunzhan::platform
