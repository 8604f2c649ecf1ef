// Station benchmark: `station import` of a generated 100,000-row listings CSV (rows/s and
// the child's peak RSS from wait4), and the median time of 1,000 `station listing add`s.
// Prints plain `name=value` lines for scripts/bench, with the targets beside them.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "test_support.hpp"

namespace {

using clock_type = std::chrono::steady_clock;

// Runs argv with stdout/stderr to /dev/null; returns {exit status, peak RSS in KiB}.
std::pair<int, long> run_measured(const std::vector<std::string>& argv) {
  // The child's freopen would flush a copy of our buffered output otherwise.
  std::fflush(stdout);
  std::fflush(stderr);
  pid_t pid = fork();
  if (pid == 0) {
    std::freopen("/dev/null", "w", stdout);
    std::freopen("/dev/null", "w", stderr);
    std::vector<char*> a;
    for (auto& s : argv) a.push_back(const_cast<char*>(s.c_str()));
    a.push_back(nullptr);
    execv(a[0], a.data());
    _exit(127);
  }
  int status = 0;
  rusage ru{};
  wait4(pid, &status, 0, &ru);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, ru.ru_maxrss};
}

}  // namespace

int main() {
  using namespace cunzhan::test;
  temp_dir dir("station-bench");
  const std::string data = (dir / "data").string();
  write_file(dir / "enrol.json",
             R"({"format": "cunzhan-enrolment/1", "hub_url": "https://127.0.0.1:8443",
  "ca_pem": "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n",
  "station_id": "0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b", "station_name": "bench",
  "village_code": "500153001200", "kind": "village", "token": "t"})");
  if (run_measured({station_bin(), "--data", data, "init", (dir / "enrol.json").string()}).first != 0) {
    std::fprintf(stderr, "station init failed\n");
    return 1;
  }
  constexpr int rows = 100000;
  std::string csv = "产品名称,品类,数量,单位,单价(元),采收日期,农户,电话\n";
  for (int i = 0; i < rows; ++i) {
    csv += "红薯" + std::to_string(i) + ",vegetable," + std::to_string(i % 900 + 1) + ",斤,2.50,2024-10-01,张三,138" +
           std::to_string(10000000 + i) + "\n";
  }
  write_file(dir / "big.csv", csv);
  const auto t0 = clock_type::now();
  auto [rc, rss_kb] = run_measured({station_bin(), "--data", data, "import", "listings", (dir / "big.csv").string()});
  const double secs = std::chrono::duration<double>(clock_type::now() - t0).count();
  if (rc != 0) {
    std::fprintf(stderr, "import failed (exit %d)\n", rc);
    return 1;
  }
  std::printf("import_rows_per_s=%.0f\nimport_rows_per_s_target=20000\n", rows / secs);
  std::printf("import_peak_rss_mb=%.1f\nimport_peak_rss_mb_target=30\n", rss_kb / 1024.0);

  // Separate store, as an officer's day looks: many small adds.
  const std::string data2 = (dir / "data2").string();
  run_measured({station_bin(), "--data", data2, "init", (dir / "enrol.json").string()});
  std::vector<double> ms;
  for (int i = 0; i < 1000; ++i) {
    const auto s = clock_type::now();
    auto r = run_measured({station_bin(), "--data", data2, "listing", "add", "--product", "土鸡蛋", "--category",
                           "livestock", "--quantity", "30", "--unit", "个", "--price", "1.20"});
    if (r.first != 0) {
      std::fprintf(stderr, "listing add failed\n");
      return 1;
    }
    ms.push_back(std::chrono::duration<double, std::milli>(clock_type::now() - s).count());
  }
  std::nth_element(ms.begin(), ms.begin() + 500, ms.end());
  std::printf("listing_add_median_ms=%.1f\nlisting_add_median_ms_target=20\n", ms[500]);
  return 0;
}
