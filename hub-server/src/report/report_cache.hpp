// Computed county reports, reused while hub.db is unchanged. A staff member's dashboard
// and the four JSON and four CSV tables of the same county and period all come from one
// computation (about 140 ms for a county with a million ops) instead of one each.
#pragma once
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "cunzhan/hub/report_source.hpp"
#include "cunzhan/hub/storage.hpp"
#include "cunzhan/shared/clock.hpp"

namespace cunzhan::hub::kpi {

class report_cache {
 public:
  // `clock`: today (in the key) and the entries' age.
  explicit report_cache(const clock_source& clock = real_clock()) : clock_(clock) {}
  const clock_source& clock() const { return clock_; }

  using loader = std::function<result<loaded_report>()>;

  // The report for (county, period), computed by `load` unless an entry exists for the
  // same `data_version` of the store (storage::data_version), the same Shanghai day, and
  // is younger than max_age (sync lags are "now" figures). Errors are not cached.
  result<std::shared_ptr<const loaded_report>> get(const std::string& county_code, const period& p,
                                                   std::int64_t data_version, const loader& load);

 private:
  struct entry {
    std::int64_t data_version = 0;
    std::chrono::steady_clock::time_point made;
    std::shared_ptr<const loaded_report> report;
  };
  static constexpr std::size_t k_capacity = 32;  // a county's periods in use at once
  static constexpr std::chrono::seconds k_max_age{60};

  const clock_source& clock_;
  std::mutex mu_;
  std::map<std::string, entry> entries_;
};

// report::load_report through the cache, keyed by storage::data_version.
result<std::shared_ptr<const loaded_report>> load_report_cached(report_cache& cache, storage& store,
                                                                const std::string& county_code,
                                                                const period& p);

}  // namespace cunzhan::hub::kpi
