// The report cache: a small map, the oldest entry dropped when full. Two requests that
// miss at once both compute; the second result simply replaces the first.
#include "report/report_cache.hpp"

#include "cunzhan/shared/time.hpp"

namespace cunzhan::hub::kpi {

result<std::shared_ptr<const loaded_report>> report_cache::get(const std::string& county_code,
                                                               const period& p, std::int64_t data_version,
                                                               const loader& load) {
  // The day is in the key: the online rate counts station-days up to today.
  const std::string key = county_code + '|' + p.label + '|' + format_date(p.start) + '|' +
                          format_date(p.end) + '|' + format_date(clock_.today());
  const auto now = clock_.steady_now();
  {
    std::lock_guard lk(mu_);
    if (auto it = entries_.find(key); it != entries_.end()) {
      if (it->second.data_version == data_version && now - it->second.made < k_max_age)
        return it->second.report;
      entries_.erase(it);
    }
  }
  auto fresh = load();
  if (!fresh) return std::move(fresh).err();
  auto shared = std::make_shared<const loaded_report>(std::move(*fresh));
  std::lock_guard lk(mu_);
  if (entries_.size() >= k_capacity) {
    auto oldest = entries_.begin();
    for (auto it = entries_.begin(); it != entries_.end(); ++it) {
      if (it->second.made < oldest->second.made) oldest = it;
    }
    entries_.erase(oldest);
  }
  entries_[key] = entry{data_version, now, shared};
  return shared;
}

result<std::shared_ptr<const loaded_report>> load_report_cached(report_cache& cache, storage& store,
                                                                const std::string& county_code,
                                                                const period& p) {
  auto version = store.data_version();
  if (!version) return std::move(version).err();
  return cache.get(county_code, p, *version,
                   [&] { return report::load_report(store, county_code, p, cache.clock()); });
}

}  // namespace cunzhan::hub::kpi
