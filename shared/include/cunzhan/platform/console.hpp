// The command line and the console in UTF-8. Windows passes main() its arguments in
// the ANSI code page and a console shows bytes in code page 936 on Chinese Windows, so
// there the arguments are read as UTF-16 and console output is written as UTF-16
// (WriteConsoleW); output to a pipe or file stays UTF-8 bytes. console_posix.cpp /
// console_win.cpp.
#pragma once
#include <string>
#include <vector>

namespace cunzhan::platform {

// The program's arguments (without argv[0]) in UTF-8.
std::vector<std::string> utf8_args(int argc, char** argv);

// While alive, std::cout and std::cerr print UTF-8 correctly on a console.
class utf8_console {
 public:
  utf8_console();
  ~utf8_console();
  utf8_console(const utf8_console&) = delete;
  utf8_console& operator=(const utf8_console&) = delete;
};

bool stderr_is_terminal();

// Blocks until the user or the system asks the program to stop: SIGINT/SIGTERM on
// POSIX; Ctrl+C, Ctrl+Break, closing the console window, log-off or shutdown on Windows.
void wait_for_stop_signal();

}  // namespace cunzhan::platform
