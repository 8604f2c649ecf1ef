// Runs a program as a child and measures it: exit status, wall time, CPU time and the
// peak RSS of the program's own memory.
//
// Why not wait4's ru_maxrss: Linux carries the pre-exec high-water mark across execve,
// and a forked child starts as a copy of the (large) benchmark process, so ru_maxrss
// reports the benchmark's size, not the program's. The peak is read instead from
// /proc/<pid>/status VmHWM, which belongs to the post-exec address space. It is polled
// every 2 ms while the child runs (the mark only rises, so only growth in the child's
// last 2 ms can be missed).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace cunzhan::bench {

struct child_measure {
  int exit_code = -1;    // -1 when killed by a signal
  long peak_rss_kb = 0;  // VmHWM of the program after exec
  double cpu_s = 0;      // user + system
  double wall_s = 0;
};

enum class rss : bool { skip, measure };  // skip: no polling, for runs timed to the millisecond

// stdout goes to out_file (or /dev/null when empty), stderr to /dev/null.
child_measure run_measured_child(const std::vector<std::string>& argv,
                                 const std::filesystem::path& out_file = {}, rss peak = rss::measure);

}  // namespace cunzhan::bench
