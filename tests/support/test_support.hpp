// Helpers for tests and benchmarks: temporary directories, running the real programs
// (captured output, exit code), background processes that are killed on scope exit,
// and paths to the programs and shipped data.
#pragma once
#include <chrono>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <sys/types.h>

namespace cunzhan::test {

namespace fs = std::filesystem;

// A fresh directory under $TMPDIR, removed with its contents on destruction
// (kept when CUNZHAN_KEEP_TMP is set, for post-mortems).
class temp_dir {
 public:
  explicit temp_dir(const std::string& prefix = "cunzhan");
  ~temp_dir();
  temp_dir(const temp_dir&) = delete;
  const fs::path& path() const { return path_; }
  fs::path operator/(const std::string& name) const { return path_ / name; }

 private:
  fs::path path_;
};

struct run_result {
  int exit_code = -1;  // -1 when killed by a signal
  int signal = 0;
  std::string out;
  std::string err;
};

// Runs argv[0] with args and waits. `env` entries are added to the environment
// (LANG defaults to C.UTF-8 so messages are English unless a test asks for zh).
run_result run(const std::vector<std::string>& argv, const std::string& stdin_data = "",
               const std::map<std::string, std::string>& env = {});

// A child process in the background; killed (SIGKILL) and reaped on destruction.
class process {
 public:
  process(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env = {},
          const std::string& log_file = "");
  ~process();
  process(process&& o) noexcept;
  process(const process&) = delete;
  pid_t pid() const { return pid_; }
  void kill_now(int sig = 9);
  // Sends sig and waits up to `wait` for exit; returns the exit code (-1 on signal/timeout).
  int stop(int sig = 15, std::chrono::milliseconds wait = std::chrono::seconds(20));
  bool running();
  // Waits until the process exits, returning its exit code (-1 on signal).
  int wait();

 private:
  pid_t pid_ = -1;
  int status_ = 0;
  bool reaped_ = false;
};

std::string read_file(const fs::path& p);
// The GBK bytes of a UTF-8 string, as Excel on Chinese Windows saves them (glibc's iconv;
// Windows' code page 936 in the Windows build).
std::string to_gbk(const std::string& utf8);
void write_file(const fs::path& p, const std::string& data);
// A TCP port on 127.0.0.1 that was free a moment ago.
unsigned short free_port();
// Polls until a TCP connect to 127.0.0.1:port succeeds or the timeout passes; `poll` 0
// retries at once (to act at the first moment the port accepts).
bool wait_for_port(unsigned short port, std::chrono::milliseconds timeout = std::chrono::seconds(30),
                   std::chrono::milliseconds poll = std::chrono::milliseconds(50));

std::string station_bin();
std::string hub_bin();
std::string proxy_bin();
fs::path source_dir();
fs::path divisions_dir();  // shared/data/divisions in the repo

}  // namespace cunzhan::test
