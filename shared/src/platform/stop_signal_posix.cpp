// Stop requests on Linux (stop_signal.hpp): SIGINT and SIGTERM, blocked and taken with
// sigtimedwait, so no handler runs at a random point of a random thread.
#include "cunzhan/platform/stop_signal.hpp"

#include <pthread.h>
#include <signal.h>

#include <ctime>

namespace cunzhan::platform {
namespace {

sigset_t stop_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  return set;
}

}  // namespace

void block_stop_signals() {
  const sigset_t set = stop_signals();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

bool take_stop_signal(std::chrono::milliseconds wait) {
  const sigset_t set = stop_signals();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);  // a no-op once block_stop_signals ran
  const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(wait).count();
  const timespec ts{static_cast<time_t>(ns / 1'000'000'000), static_cast<long>(ns % 1'000'000'000)};
  return sigtimedwait(&set, nullptr, &ts) > 0;
}

}  // namespace cunzhan::platform
