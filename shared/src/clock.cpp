// The real and the test clock (see clock.hpp).
#include "cunzhan/shared/clock.hpp"

namespace cunzhan {

namespace {

class system_time final : public clock_source {
 public:
  sys_seconds now() const override { return now_seconds(); }
  steady_point steady_now() const override { return std::chrono::steady_clock::now(); }
};

}  // namespace

const clock_source& real_clock() {
  static const system_time c;
  return c;
}

test_clock::test_clock(sys_seconds start) : wall_(start.time_since_epoch().count()), steady_(0) {}

sys_seconds test_clock::default_start() {
  using namespace std::chrono;
  return shanghai_midnight(date{year{2026}, November, day{20}}) + hours{12};
}

void test_clock::advance(std::chrono::nanoseconds d) {
  // Whole seconds of wall time: now() is whole seconds; what a sub-second step leaves over
  // is carried in the steady time and counted when it adds up.
  const std::int64_t before = steady_.fetch_add(d.count());
  const std::int64_t after = before + d.count();
  const auto whole = [](std::int64_t ns) {
    return ns >= 0 ? ns / 1'000'000'000 : (ns - 999'999'999) / 1'000'000'000;
  };
  wall_.fetch_add(whole(after) - whole(before));
}

}  // namespace cunzhan
