// Starting programs on Linux (see launch.hpp): posix_spawnp, never a shell.
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <thread>

#include "cunzhan/platform/launch.hpp"

extern char** environ;

namespace cunzhan::platform {
namespace {

// Spawns program with stdout+stderr to out_fd (or /dev/null when out_fd < 0).
result<pid_t> spawn(const std::string& program, const std::vector<std::string>& args, int out_fd) {
  std::vector<std::string> all{program};
  all.insert(all.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : all) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  if (out_fd >= 0) {
    posix_spawn_file_actions_adddup2(&fa, out_fd, 1);
    posix_spawn_file_actions_adddup2(&fa, out_fd, 2);
  } else {
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
  }
  // A `serve` command blocks SIGINT/SIGTERM (stop_signal.hpp); the program it starts
  // gets them back, so a browser can still be stopped.
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t none;
  sigemptyset(&none);
  posix_spawnattr_setsigmask(&attr, &none);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK);
  pid_t pid = -1;
  const int rc = ::posix_spawnp(&pid, program.c_str(), &fa, &attr, argv.data(), environ);
  posix_spawnattr_destroy(&attr);
  posix_spawn_file_actions_destroy(&fa);
  if (rc != 0) {
    return error(errc::not_found, "cannot start " + program + ": " + std::strerror(rc),
                 "无法启动 " + program + "：" + std::strerror(rc));
  }
  return pid;
}

int wait_exit(pid_t pid) {
  int st = 0;
  while (::waitpid(pid, &st, 0) < 0 && errno == EINTR) {
  }
  return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + (WIFSIGNALED(st) ? WTERMSIG(st) : 0);
}

}  // namespace

result<run_output> run_program(const std::string& program, const std::vector<std::string>& args,
                               std::size_t max_output) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) return error(errc::io_error, "pipe failed", "无法创建管道");
  auto pid = spawn(program, args, fds[1]);
  ::close(fds[1]);
  if (!pid) {
    ::close(fds[0]);
    return std::move(pid).err();
  }
  run_output r;
  char buf[4096];
  for (;;) {
    const ssize_t n = ::read(fds[0], buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    if (r.output.size() < max_output)
      r.output.append(buf, std::min<std::size_t>(n, max_output - r.output.size()));
  }
  ::close(fds[0]);
  r.exit_code = wait_exit(*pid);
  return r;
}

status open_in_browser(const std::string& url) {
  auto pid = spawn("xdg-open", {url}, -1);
  if (!pid) {
    return error(errc::not_found, "cannot start xdg-open to open the browser; open " + url + " yourself",
                 "无法启动 xdg-open 打开浏览器；请自己在浏览器中打开 " + url);
  }
  // xdg-open may live as long as the browser: reap it without making anyone wait.
  std::thread([p = *pid] { wait_exit(p); }).detach();
  return ok_status();
}

result<std::filesystem::path> self_executable() {
  std::error_code ec;
  auto p = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) return error(errc::io_error, "cannot find this program's path", "无法确定本程序的路径");
  return p;
}

std::string user_name() {
  const char* u = std::getenv("USER");
  return u && *u ? u : "station";
}

std::size_t peak_memory_bytes() {
  // VmHWM belongs to this program after exec (ru_maxrss may carry the parent's mark).
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("VmHWM:", 0) == 0) return std::strtoull(line.c_str() + 6, nullptr, 10) * 1024;
  }
  return 0;
}

}  // namespace cunzhan::platform
