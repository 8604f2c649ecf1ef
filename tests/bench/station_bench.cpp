// Station benchmark: `station import` of a generated 100,000-row listings CSV (rows/s and
// the child's peak RSS, see measured_child.hpp), the median time of 1,000
// `station listing add`s and of `station --version` (process start alone). Prints plain
// `name=value` lines for scripts/bench, with the targets beside them.
// With CUNZHAN_BENCH_BASELINE=/path/to/an/older/station the same figures are measured for
// it in the same run (prefixed `baseline_`), the two programs taking turns, so a loaded
// machine slows both alike.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "measured_child.hpp"
#include "test_support.hpp"

namespace {

using clock_type = std::chrono::steady_clock;
namespace t = cunzhan::test;

// Runs argv with stdout/stderr to /dev/null.
int run_quiet(const std::vector<std::string>& argv) {
  return cunzhan::bench::run_measured_child(argv, {}, cunzhan::bench::rss::skip).exit_code;
}

double median(std::vector<double> v) {
  std::nth_element(v.begin(), v.begin() + static_cast<long>(v.size() / 2), v.end());
  return v[v.size() / 2];
}

// One program under test, with its own data directories.
struct subject {
  std::string prefix;  // "" or "baseline_"
  std::string bin;
  std::string import_data, add_data;
  std::vector<double> add_ms, version_ms;
};

bool init_store(const subject& s, const std::string& data, const t::temp_dir& dir) {
  return run_quiet({s.bin, "--data", data, "init", (dir / "enrol.json").string()}) == 0;
}

bool run_import(subject& s, const t::temp_dir& dir, int rows) {
  const auto t0 = clock_type::now();
  const auto m = cunzhan::bench::run_measured_child(
      {s.bin, "--data", s.import_data, "import", "listings", (dir / "big.csv").string()});
  const double secs = std::chrono::duration<double>(clock_type::now() - t0).count();
  if (m.exit_code != 0) {
    std::fprintf(stderr, "%s: import failed (exit %d)\n", s.bin.c_str(), m.exit_code);
    return false;
  }
  std::printf("%simport_rows_per_s=%.0f\n", s.prefix.c_str(), rows / secs);
  std::printf("%simport_peak_rss_mb=%.1f\n", s.prefix.c_str(), static_cast<double>(m.peak_rss_kb) / 1024.0);
  return true;
}

bool time_add(subject& s) {
  const auto t0 = clock_type::now();
  const int rc =
      run_quiet({s.bin, "--data", s.add_data, "listing", "add", "--product", "土鸡蛋", "--category",
                 "livestock", "--quantity", "30", "--unit", "个", "--price", "1.20"});
  if (rc != 0) {
    std::fprintf(stderr, "%s: listing add failed\n", s.bin.c_str());
    return false;
  }
  s.add_ms.push_back(std::chrono::duration<double, std::milli>(clock_type::now() - t0).count());
  return true;
}

void time_version(subject& s) {
  // An older program without --version answers with a usage error: still only its start.
  const auto t0 = clock_type::now();
  run_quiet({s.bin, "--version"});
  s.version_ms.push_back(std::chrono::duration<double, std::milli>(clock_type::now() - t0).count());
}

}  // namespace

int main() {
  t::temp_dir dir("station-bench");
  t::write_file(dir / "enrol.json",
                R"({"format": "cunzhan-enrolment/1", "hub_url": "https://127.0.0.1:8443",
  "ca_pem": "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n",
  "station_id": "0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b", "station_name": "bench",
  "village_code": "500153001200", "kind": "village", "token": "t"})");
  std::vector<subject> subjects = {{"", t::station_bin(), {}, {}, {}, {}}};
  if (const char* b = std::getenv("CUNZHAN_BENCH_BASELINE"); b && *b)
    subjects.push_back({"baseline_", b, {}, {}, {}, {}});
  for (std::size_t i = 0; i < subjects.size(); ++i) {
    subjects[i].import_data = (dir / ("import" + std::to_string(i))).string();
    subjects[i].add_data = (dir / ("add" + std::to_string(i))).string();  // an officer's day: many small adds
    if (!init_store(subjects[i], subjects[i].import_data, dir) ||
        !init_store(subjects[i], subjects[i].add_data, dir)) {
      std::fprintf(stderr, "%s: station init failed\n", subjects[i].bin.c_str());
      return 1;
    }
  }
  constexpr int rows = 100000;
  std::string csv = "产品名称,品类,数量,单位,单价(元),采收日期,农户,电话\n";
  for (int i = 0; i < rows; ++i) {
    csv += "红薯" + std::to_string(i) + ",vegetable," + std::to_string(i % 900 + 1) +
           ",斤,2.50,2024-10-01,张三,138" + std::to_string(10000000 + i) + "\n";
  }
  t::write_file(dir / "big.csv", csv);
  for (auto& s : subjects) {
    if (!run_import(s, dir, rows)) return 1;
  }
  std::printf("import_rows_per_s_target=20000\nimport_peak_rss_mb_target=30\n");
  for (int i = 0; i < 1000; ++i) {
    for (auto& s : subjects) {
      if (!time_add(s)) return 1;
    }
  }
  for (int i = 0; i < 200; ++i) {
    for (auto& s : subjects) time_version(s);
  }
  for (auto& s : subjects) {
    std::printf("%slisting_add_median_ms=%.1f\n", s.prefix.c_str(), median(s.add_ms));
    std::printf("%sversion_median_ms=%.1f\n", s.prefix.c_str(), median(s.version_ms));
  }
  std::printf("listing_add_median_ms_target=20\n");
  return 0;
}
