// Implementation of the test helpers: plain POSIX fork/exec, no shell in between.
#include "test_support.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <iconv.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace cunzhan::test {

temp_dir::temp_dir(const std::string& prefix) {
  std::random_device rd;
  const char* base = std::getenv("TMPDIR");
  fs::path root = base ? base : "/tmp";
  for (int i = 0; i < 100; ++i) {
    fs::path p = root / (prefix + "-" + std::to_string(rd()));
    if (fs::create_directory(p)) {
      path_ = p;
      return;
    }
  }
  throw std::runtime_error("temp_dir: cannot create");
}

temp_dir::~temp_dir() {
  if (std::getenv("CUNZHAN_KEEP_TMP")) return;
  std::error_code ec;
  fs::remove_all(path_, ec);
}

namespace {

std::vector<std::string> make_env(const std::map<std::string, std::string>& extra) {
  std::map<std::string, std::string> env;
  for (char** e = environ; *e; ++e) {
    std::string s = *e;
    auto eq = s.find('=');
    if (eq != std::string::npos) env[s.substr(0, eq)] = s.substr(eq + 1);
  }
  env["LANG"] = "C.UTF-8";
  env.erase("LANGUAGE");
  env.erase("LC_ALL");
  for (auto& [k, v] : extra) env[k] = v;
  std::vector<std::string> out;
  for (auto& [k, v] : env) out.push_back(k + "=" + v);
  return out;
}

std::vector<char*> c_array(std::vector<std::string>& v) {
  std::vector<char*> out;
  for (auto& s : v) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

int decode_status(int status, int* sig) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (sig && WIFSIGNALED(status)) *sig = WTERMSIG(status);
  return -1;
}

}  // namespace

run_result run(const std::vector<std::string>& argv_in, const std::string& stdin_data,
               const std::map<std::string, std::string>& env_extra) {
  auto argv = argv_in;
  auto env = make_env(env_extra);
  auto cargv = c_array(argv);
  auto cenv = c_array(env);
  int in[2], out[2], err[2];
  if (pipe(in) || pipe(out) || pipe(err)) throw std::runtime_error("pipe");
  pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork");
  if (pid == 0) {
    dup2(in[0], 0);
    dup2(out[1], 1);
    dup2(err[1], 2);
    for (int fd : {in[0], in[1], out[0], out[1], err[0], err[1]}) close(fd);
    execve(cargv[0], cargv.data(), cenv.data());
    _exit(127);
  }
  close(in[0]);
  close(out[1]);
  close(err[1]);
  signal(SIGPIPE, SIG_IGN);
  run_result r;
  std::size_t written = 0;
  if (stdin_data.empty()) {
    close(in[1]);
    in[1] = -1;
  }
  pollfd fds[3] = {{out[0], POLLIN, 0}, {err[0], POLLIN, 0}, {in[1], POLLOUT, 0}};
  int open_pipes = 2;
  char buf[65536];
  while (open_pipes > 0 || fds[2].fd >= 0) {
    if (poll(fds, 3, -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd >= 0 && (fds[i].revents & (POLLIN | POLLHUP | POLLERR))) {
        ssize_t n = read(fds[i].fd, buf, sizeof buf);
        if (n <= 0) {
          close(fds[i].fd);
          fds[i].fd = -1;
          --open_pipes;
        } else {
          (i == 0 ? r.out : r.err).append(buf, static_cast<std::size_t>(n));
        }
      }
    }
    if (fds[2].fd >= 0 && (fds[2].revents & (POLLOUT | POLLERR | POLLHUP))) {
      ssize_t n = write(fds[2].fd, stdin_data.data() + written, stdin_data.size() - written);
      if (n > 0) written += static_cast<std::size_t>(n);
      if (n <= 0 || written == stdin_data.size()) {
        close(fds[2].fd);
        fds[2].fd = -1;
      }
    }
  }
  int status = 0;
  waitpid(pid, &status, 0);
  r.exit_code = decode_status(status, &r.signal);
  return r;
}

process::process(const std::vector<std::string>& argv_in, const std::map<std::string, std::string>& env_extra,
                 const std::string& log_file) {
  auto argv = argv_in;
  auto env = make_env(env_extra);
  auto cargv = c_array(argv);
  auto cenv = c_array(env);
  pid_ = fork();
  if (pid_ < 0) throw std::runtime_error("fork");
  if (pid_ == 0) {
    int devnull = open("/dev/null", O_RDONLY);
    dup2(devnull, 0);
    if (!log_file.empty()) {
      int fd = open(log_file.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
      if (fd >= 0) {
        dup2(fd, 1);
        dup2(fd, 2);
      }
    }
    execve(cargv[0], cargv.data(), cenv.data());
    _exit(127);
  }
}

process::process(process&& o) noexcept : pid_(o.pid_), status_(o.status_), reaped_(o.reaped_) { o.pid_ = -1; }

process::~process() {
  if (pid_ > 0 && !reaped_) {
    ::kill(pid_, SIGKILL);
    waitpid(pid_, &status_, 0);
  }
}

void process::kill_now(int sig) {
  if (pid_ > 0 && !reaped_) ::kill(pid_, sig);
}

bool process::running() {
  if (pid_ <= 0 || reaped_) return false;
  pid_t r = waitpid(pid_, &status_, WNOHANG);
  if (r == pid_) reaped_ = true;
  return !reaped_;
}

int process::wait() {
  if (pid_ > 0 && !reaped_) {
    waitpid(pid_, &status_, 0);
    reaped_ = true;
  }
  return decode_status(status_, nullptr);
}

int process::stop(int sig, std::chrono::milliseconds wait_for) {
  if (pid_ <= 0) return -1;
  if (!reaped_) ::kill(pid_, sig);
  auto deadline = std::chrono::steady_clock::now() + wait_for;
  while (running()) {
    if (std::chrono::steady_clock::now() > deadline) {
      ::kill(pid_, SIGKILL);
      waitpid(pid_, &status_, 0);
      reaped_ = true;
      return -1;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return decode_status(status_, nullptr);
}

std::string read_file(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::ostringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

std::string to_gbk(const std::string& utf8) {
  iconv_t cd = iconv_open("GBK", "UTF-8");
  if (cd == reinterpret_cast<iconv_t>(-1)) throw std::runtime_error("iconv_open GBK");
  std::string out(utf8.size() * 2 + 16, '\0');
  char* in = const_cast<char*>(utf8.data());
  std::size_t in_left = utf8.size();
  char* dst = out.data();
  std::size_t dst_left = out.size();
  const std::size_t rc = iconv(cd, &in, &in_left, &dst, &dst_left);
  iconv_close(cd);
  if (rc == static_cast<std::size_t>(-1)) throw std::runtime_error("not representable in GBK");
  out.resize(out.size() - dst_left);
  return out;
}

void write_file(const fs::path& p, const std::string& data) {
  std::ofstream f(p, std::ios::binary | std::ios::trunc);
  f << data;
}

unsigned short free_port() {
  int s = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = 0;
  bind(s, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t len = sizeof a;
  getsockname(s, reinterpret_cast<sockaddr*>(&a), &len);
  close(s);
  return ntohs(a.sin_port);
}

bool wait_for_port(unsigned short port, std::chrono::milliseconds timeout, std::chrono::milliseconds poll) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    int s = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = htons(port);
    int rc = connect(s, reinterpret_cast<sockaddr*>(&a), sizeof a);
    close(s);
    if (rc == 0) return true;
    if (poll.count() > 0)
      std::this_thread::sleep_for(poll);
    else
      std::this_thread::yield();
  }
  return false;
}

std::string station_bin() { return CUNZHAN_STATION_BIN; }
std::string hub_bin() { return CUNZHAN_HUB_BIN; }
std::string proxy_bin() { return CUNZHAN_PROXY_BIN; }
fs::path source_dir() { return CUNZHAN_SOURCE_DIR; }
fs::path divisions_dir() { return source_dir() / "shared" / "data" / "divisions"; }

}  // namespace cunzhan::test
