// Jittered exponential backoff and Retry-After parsing for the sync engine.
#include "sync/backoff.hpp"

#include <algorithm>
#include <charconv>
#include <random>

namespace cunzhan::station_client {

std::chrono::milliseconds backoff::next(int failures) const {
  const int shift = std::clamp(failures - 1, 0, 20);
  const auto ceiling = std::min<std::int64_t>(cap_.count(), base_.count() << shift);
  static thread_local std::mt19937_64 rng{std::random_device{}()};
  std::uniform_int_distribution<std::int64_t> pick(ceiling / 4, std::max<std::int64_t>(ceiling, 1));
  return std::chrono::milliseconds(pick(rng));
}

std::optional<std::chrono::seconds> parse_retry_after(std::string_view v) {
  while (!v.empty() && v.front() == ' ') v.remove_prefix(1);
  while (!v.empty() && v.back() == ' ') v.remove_suffix(1);
  long long secs = 0;
  auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), secs);
  if (ec != std::errc{} || end != v.data() + v.size() || secs < 0) return std::nullopt;
  return std::chrono::seconds(std::min<long long>(secs, 3600));
}

}  // namespace cunzhan::station_client
