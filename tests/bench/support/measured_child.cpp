#include "measured_child.hpp"

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <stdexcept>
#include <thread>

namespace cunzhan::bench {
namespace {

// VmHWM in KiB, or 0 when the line is absent (a zombie has no memory left to report).
long vm_hwm_kb(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("VmHWM:", 0) == 0) return std::stol(line.substr(6));
  return 0;
}

}  // namespace

child_measure run_measured_child(const std::vector<std::string>& argv, const std::filesystem::path& out_file,
                                 rss peak) {
  std::vector<std::string> args = argv;
  std::vector<char*> c;
  for (auto& a : args) c.push_back(a.data());
  c.push_back(nullptr);
  std::fflush(stdout);  // the child would flush a copy of our buffered output
  std::fflush(stderr);
  // Closed by the child's exec: until then its memory is still a copy of ours.
  int exec_pipe[2];
  if (pipe2(exec_pipe, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
  const auto t0 = std::chrono::steady_clock::now();
  const pid_t pid = fork();
  if (pid < 0) {
    ::close(exec_pipe[0]);
    ::close(exec_pipe[1]);
    throw std::runtime_error("fork failed");
  }
  if (pid == 0) {
    ::close(exec_pipe[0]);
    const char* out = out_file.empty() ? "/dev/null" : out_file.c_str();
    const int fd = ::open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int null = ::open("/dev/null", O_WRONLY);
    if (fd < 0 || null < 0 || dup2(fd, 1) < 0 || dup2(null, 2) < 0) _exit(126);
    execv(c[0], c.data());
    _exit(127);
  }
  ::close(exec_pipe[1]);
  char byte;
  while (::read(exec_pipe[0], &byte, 1) < 0 && errno == EINTR) {
  }
  ::close(exec_pipe[0]);
  child_measure m;
  // Poll until the child has exited (WNOWAIT keeps it unreaped, so the pid stays ours).
  while (peak == rss::measure) {
    siginfo_t info{};
    if (waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0 && info.si_pid == pid)
      break;
    m.peak_rss_kb = std::max(m.peak_rss_kb, vm_hwm_kb(pid));
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  int status = 0;
  rusage ru{};
  wait4(pid, &status, 0, &ru);
  m.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  m.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  m.cpu_s = static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
            static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
  return m;
}

}  // namespace cunzhan::bench
