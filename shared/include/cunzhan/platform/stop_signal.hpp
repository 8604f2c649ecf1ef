// A stop request to a long-running command (`hub serve`, `station serve`, `station sync`):
// SIGINT/SIGTERM on Linux, Ctrl+C / Ctrl+Break in a Windows console. One small file per
// OS (stop_signal_posix.cpp, stop_signal_win.cpp).
#pragma once
#include <chrono>

namespace cunzhan::platform {

// Called first in such a command, before any thread exists. On Linux it blocks SIGINT
// and SIGTERM in the calling thread, so in every thread started later: a stop that
// arrives while the program starts up (even once its port accepts) waits, pending, for
// take_stop_signal instead of killing the process. Programs it starts get the default
// mask back (launch_posix.cpp). On Windows it installs the console handler.
void block_stop_signals();

// Waits up to `wait` for a stop request; true when one came (it is then consumed).
bool take_stop_signal(std::chrono::milliseconds wait);

}  // namespace cunzhan::platform
