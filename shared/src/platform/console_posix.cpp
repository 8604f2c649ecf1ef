// console.hpp on POSIX: arguments and terminals are UTF-8 bytes already.
#include <unistd.h>

#include "cunzhan/platform/console.hpp"
#include "cunzhan/platform/stop_signal.hpp"

namespace cunzhan::platform {

std::vector<std::string> utf8_args(int argc, char** argv) { return {argv + 1, argv + argc}; }

utf8_console::utf8_console() = default;
utf8_console::~utf8_console() = default;

bool stderr_is_terminal() { return ::isatty(STDERR_FILENO) != 0; }

// The signals are taken with sigtimedwait, not a handler installed here: a `serve`
// command blocked them before it started any thread (stop_signal.hpp), so one that came
// during start-up is pending and ends the wait at once instead of killing the process.
void wait_for_stop_signal() {
  while (!take_stop_signal(std::chrono::hours(24))) {
  }
}

}  // namespace cunzhan::platform
