// Stop requests in a Windows console (stop_signal.hpp): Ctrl+C and Ctrl+Break reach a
// handler Windows runs on its own thread, which counts them for take_stop_signal.
#include "cunzhan/platform/stop_signal.hpp"

#include <windows.h>

#include <condition_variable>
#include <mutex>

namespace cunzhan::platform {
namespace {

std::mutex mu;
std::condition_variable cv;
int pending = 0;
bool installed = false;

BOOL WINAPI on_console_event(DWORD type) {
  if (type != CTRL_C_EVENT && type != CTRL_BREAK_EVENT) return FALSE;  // the default for the rest
  {
    std::lock_guard g(mu);
    ++pending;
  }
  cv.notify_all();
  return TRUE;
}

}  // namespace

void block_stop_signals() {
  std::lock_guard g(mu);
  if (!installed) installed = SetConsoleCtrlHandler(on_console_event, TRUE) != 0;
}

bool take_stop_signal(std::chrono::milliseconds wait) {
  block_stop_signals();
  std::unique_lock g(mu);
  if (!cv.wait_for(g, wait, [] { return pending > 0; })) return false;
  --pending;
  return true;
}

}  // namespace cunzhan::platform
