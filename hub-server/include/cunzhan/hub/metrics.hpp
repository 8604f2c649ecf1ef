// Process-wide counters for GET /metrics, rendered in the Prometheus text format.
#pragma once
#include <array>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <utility>

#include "cunzhan/net/https_server.hpp"

namespace cunzhan::hub {

class metrics {
 public:
  // Upper bounds (seconds) of the batch apply latency histogram buckets.
  static constexpr std::array<double, 10> latency_buckets{0.005, 0.01, 0.025, 0.05, 0.1,
                                                          0.25,  0.5,  1,     2.5,  5};

  void count_request(const std::string& route, int status);
  void count_ops(std::size_t applied, std::size_t duplicate, std::size_t rejected);
  void observe_batch_seconds(double s);
  // A request that failed on the hub's own storage (db_error, disk_full, ...), by route and code.
  void count_storage_error(const std::string& route, const std::string& code);
  // All series; `server` adds the connection gauges when the server is running.
  std::string render(const net::server_stats* server) const;

 private:
  mutable std::mutex mu_;
  std::map<std::pair<std::string, int>, std::uint64_t> requests_;
  std::map<std::pair<std::string, std::string>, std::uint64_t> storage_errors_;
  std::uint64_t applied_ = 0, duplicate_ = 0, rejected_ = 0;
  std::array<std::uint64_t, latency_buckets.size()> bucket_counts_{};
  std::uint64_t batch_count_ = 0;
  double batch_sum_ = 0;
};

}  // namespace cunzhan::hub
