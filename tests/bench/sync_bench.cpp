// Sync benchmark, end to end with the real programs on loopback TLS:
//  1. 100,000 ops (CSV import, then one `station sync`): ops/s, bytes on the wire per op
//     against the same batches as plain JSON, and the station's peak RSS (wait4).
//  2. 1,000 ops over a 20 kbit/s (2,500 bytes/s), 600 ms round-trip link (two fault
//     proxies: latency, then rate): time and bytes.
// Prints key=value lines and the targets; it measures, it does not fail on a miss.
//   bench_sync_bench            (BENCH_OPS=N overrides the 100,000)
//
// The integration fixtures (real hub, enrolled stations, proxies) come from the
// cunzhan_test_fixture library (tests/CMakeLists.txt).
#include <catch2/catch.hpp>

#include <sys/resource.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <sstream>

#include "fixture.hpp"

using namespace cunzhan::test;
using namespace cunzhan::test::integration;

namespace {

struct measured_run {
  int exit_code = -1;
  long max_rss_kb = 0;
  double cpu_s = 0;  // user + system of the child
  double wall_s = 0;
  boost::json::object json;
  std::string out;
};

// fork/exec with stdout to a file, reaped by wait4 for the child's own peak RSS.
measured_run run_measured(const std::vector<std::string>& argv, const fs::path& out_file) {
  std::vector<std::string> args = argv;
  std::vector<char*> c;
  for (auto& a : args) c.push_back(a.data());
  c.push_back(nullptr);
  const auto t0 = std::chrono::steady_clock::now();
  pid_t pid = fork();
  if (pid == 0) {
    int fd = ::open(out_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2(fd, 1);
    int null = ::open("/dev/null", O_WRONLY);
    dup2(null, 2);
    execv(c[0], c.data());
    _exit(127);
  }
  int status = 0;
  rusage ru{};
  wait4(pid, &status, 0, &ru);
  measured_run m;
  m.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  m.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  m.max_rss_kb = ru.ru_maxrss;
  m.cpu_s = static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
            static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
  m.out = read_file(out_file);
  try {
    auto v = boost::json::parse(m.out);
    if (v.is_object()) m.json = v.as_object();
  } catch (const std::exception&) {
  }
  return m;
}

// CPU seconds (user + system) a running process has used so far, from /proc.
double cpu_seconds(pid_t pid) {
  std::string stat = read_file("/proc/" + std::to_string(pid) + "/stat");
  auto close = stat.rfind(')');
  if (close == std::string::npos) return 0;
  std::istringstream in(stat.substr(close + 2));
  std::string field;
  double ticks = 0;
  for (int i = 3; i <= 15 && in >> field; ++i)
    if (i == 14 || i == 15) ticks += std::stod(field);  // utime, stime
  return ticks / static_cast<double>(sysconf(_SC_CLK_TCK));
}

double num(const boost::json::object& o, const char* k) {
  const auto* v = o.if_contains(k);
  return v ? v->to_number<double>() : -1;
}

}  // namespace

TEST_CASE("sync benchmark", "[bench]") {
  const int ops = std::getenv("BENCH_OPS") ? std::atoi(std::getenv("BENCH_OPS")) : 100000;
  hub_fixture hub;

  // ---- 1. bulk over loopback ----
  {
    station_fixture st(hub, k_village_a, "大成村服务站");
    const auto t0 = std::chrono::steady_clock::now();
    st.import_listings(ops, "荣昌夏布");
    const double import_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const double hub_cpu0 = cpu_seconds(hub.pid());
    auto m = run_measured(st.sync_argv({"--no-pull"}), st.dir() / "sync.json");
    const double hub_cpu = cpu_seconds(hub.pid()) - hub_cpu0;
    INFO(m.out);
    REQUIRE(m.exit_code == 0);
    const double applied = num(m.json, "applied");
    const double secs = num(m.json, "duration_ms") / 1000.0;
    const double wire = num(m.json, "bytes_sent") / applied;
    const double json = num(m.json, "json_bytes") / applied;
    std::printf("ops=%d import_seconds=%.2f sync_seconds=%.2f process_seconds=%.2f batches=%.0f\n", ops, import_s,
                secs, m.wall_s, num(m.json, "batches"));
    std::printf("sync_ops_per_s=%.0f (target >= 20000)\n", applied / secs);
    std::printf("station_cpu_seconds=%.2f hub_cpu_seconds=%.2f (where the time goes)\n", m.cpu_s, hub_cpu);
    std::printf("wire_bytes_per_op=%.1f\njson_bytes_per_op=%.1f\n", wire, json);
    std::printf("wire_ratio=%.3f (target <= 0.35)\n", wire / json);
    std::printf("station_peak_rss_mb=%.1f (target < 30)\n", static_cast<double>(m.max_rss_kb) / 1024.0);
    CHECK(applied == ops);
    CHECK(require_exactly_once(hub, st) == static_cast<std::size_t>(ops));
  }

  // ---- 2. 1,000 ops over the slow link ----
  {
    station_fixture st(hub, k_village_b, "方家坝村服务站");
    st.import_listings(1000, "盘龙生姜");
    proxy_fixture rate(hub.port(), {"--rate-bps", "2500"});
    proxy_fixture latency(rate.port(), {"--latency-ms", "300"});
    auto m = run_measured(st.sync_argv({"--connect", latency.connect(), "--no-pull"}), st.dir() / "slow.json");
    INFO(m.out);
    REQUIRE(m.exit_code == 0);
    latency.stop();
    rate.stop();
    std::uint64_t up = 0, down = 0;
    for (auto c : rate.conns()) {
      up += c.up;
      down += c.down;
    }
    std::printf("slow_link_seconds=%.1f\nslow_link_bytes=%llu (up=%llu down=%llu batches=%.0f ops_sent=%.0f)\n",
                num(m.json, "duration_ms") / 1000.0, static_cast<unsigned long long>(up + down),
                static_cast<unsigned long long>(up), static_cast<unsigned long long>(down), num(m.json, "batches"),
                num(m.json, "ops_sent"));
    CHECK(num(m.json, "ops_sent") == 1000);
  }
  std::fflush(stdout);
}
