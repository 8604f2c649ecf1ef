// Where the programs read the time. Code that decides by the time (expiry, backoff, rate
// windows, sessions, "not in the future", today's KPIs) takes a `const clock_source&`, so
// a test sets the time with test_clock instead of sleeping. Production passes real_clock().
// (Not named `clock`: with `using namespace cunzhan` that clashes with C's ::clock().)
#pragma once
#include <atomic>
#include <chrono>
#include <cstdint>

#include "cunzhan/shared/time.hpp"

namespace cunzhan {

class clock_source {
 public:
  using steady_point = std::chrono::steady_clock::time_point;

  virtual ~clock_source() = default;
  // Wall time, whole seconds since the Unix epoch (what now_seconds() gives).
  virtual sys_seconds now() const = 0;
  // Monotonic time for durations and ages (never jumps when the wall clock is set).
  virtual steady_point steady_now() const = 0;
  // now() as a number, as the databases store instants.
  std::int64_t unix_seconds() const { return now().time_since_epoch().count(); }
  // The Asia/Shanghai calendar day of now() (what today_shanghai() gives).
  date today() const { return shanghai_day(now()); }
};

// The system's clocks. Stateless; the one instance serves every thread.
const clock_source& real_clock();

// A clock that moves only when told; safe to read and move from several threads.
// advance() moves both times; set() moves the wall time only, as setting a PC's clock does.
class test_clock final : public clock_source {
 public:
  // Starts at `start` (by default 2026-11-20T12:00:00+08:00, a Friday).
  explicit test_clock(sys_seconds start = default_start());
  sys_seconds now() const override { return sys_seconds{std::chrono::seconds{wall_.load()}}; }
  steady_point steady_now() const override { return steady_point{std::chrono::nanoseconds{steady_.load()}}; }
  void set(sys_seconds t) { wall_.store(t.time_since_epoch().count()); }
  void advance(std::chrono::nanoseconds d);
  static sys_seconds default_start();

 private:
  std::atomic<std::int64_t> wall_;    // seconds since the epoch
  std::atomic<std::int64_t> steady_;  // nanoseconds since an arbitrary start
};

}  // namespace cunzhan
