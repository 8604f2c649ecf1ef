// Counters for the province's GET /metrics (Prometheus text format, staff token, as the
// county hub's): submissions by answer, refusals by HTTP status, requests by status.
// In memory: they restart at zero with `hub serve`, as Prometheus counters may.
#pragma once
#include <cstdint>
#include <map>
#include <mutex>
#include <string>

#include "cunzhan/net/http_types.hpp"

namespace cunzhan::hub::province {

class province_metrics {
 public:
  // One answer to POST /v1/province/reports: 200 with its status field, or a refusal.
  void count_submission(const net::http_response& res);
  void count_request(int status);
  std::string render() const;

 private:
  mutable std::mutex mu_;
  std::map<std::string, std::uint64_t> answers_;  // accepted, duplicate, unchanged
  std::map<int, std::uint64_t> refused_;          // by status
  std::map<int, std::uint64_t> requests_;         // by status
};

}  // namespace cunzhan::hub::province
