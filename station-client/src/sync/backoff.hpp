// Retry pacing for flaky links: full-jitter exponential backoff with a cap, and the
// server's Retry-After when it sends one (429/503).
#pragma once
#include <chrono>
#include <optional>
#include <string_view>

namespace cunzhan::station_client {

class backoff {
 public:
  backoff(std::chrono::milliseconds base, std::chrono::milliseconds cap) : base_(base), cap_(cap) {}
  // Delay before the next attempt after `failures` consecutive failures (≥ 1):
  // uniform in [d/4, d] with d = min(cap, base·2^(failures−1)), so many stations
  // retrying after an outage spread out instead of arriving together.
  std::chrono::milliseconds next(int failures) const;

 private:
  std::chrono::milliseconds base_, cap_;
};

// Retry-After as delay-seconds ("120"); HTTP-dates are not worth the parser here.
std::optional<std::chrono::seconds> parse_retry_after(std::string_view v);

}  // namespace cunzhan::station_client
