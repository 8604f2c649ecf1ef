// console.hpp on POSIX: arguments and terminals are UTF-8 bytes already.
#include <semaphore.h>
#include <unistd.h>

#include <csignal>

#include "cunzhan/platform/console.hpp"

namespace cunzhan::platform {

std::vector<std::string> utf8_args(int argc, char** argv) { return {argv + 1, argv + argc}; }

utf8_console::utf8_console() = default;
utf8_console::~utf8_console() = default;

bool stderr_is_terminal() { return ::isatty(STDERR_FILENO) != 0; }

namespace {
sem_t g_stop;
void on_stop(int) { sem_post(&g_stop); }  // async-signal-safe
}  // namespace

void wait_for_stop_signal() {
  sem_init(&g_stop, 0, 0);
  struct sigaction sa {}, old_int {}, old_term {};
  sa.sa_handler = on_stop;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, &old_int);
  sigaction(SIGTERM, &sa, &old_term);
  while (sem_wait(&g_stop) != 0) {
  }
  sigaction(SIGINT, &old_int, nullptr);
  sigaction(SIGTERM, &old_term, nullptr);
  sem_destroy(&g_stop);
}

}  // namespace cunzhan::platform
