// Retry pacing for flaky links: full-jitter exponential backoff with a cap, and the
// server's Retry-After when it sends one (429/503).
#pragma once
#include <chrono>
#include <optional>
#include <string_view>

#include "cunzhan/shared/time.hpp"

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

// An HTTP date in the IMF-fixdate form every current server sends
// ("Sun, 06 Nov 1994 08:49:37 GMT"); nullopt for anything else.
std::optional<sys_seconds> parse_http_date(std::string_view v);

// Retry-After as delay-seconds ("120") or as an HTTP date (relative to `now`); capped at
// an hour so a garbled header cannot park a nightly run.
std::optional<std::chrono::seconds> parse_retry_after(std::string_view v, sys_seconds now);

}  // namespace cunzhan::station_client
