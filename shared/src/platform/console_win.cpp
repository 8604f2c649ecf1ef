// console.hpp on Windows. Console output goes through WriteConsoleW, so Chinese reads
// right whatever the console's code page (936 on Chinese Windows); a pipe or file gets
// the UTF-8 bytes unchanged. Arguments come from GetCommandLineW.
#include <windows.h>
#include <shellapi.h>

#include <fcntl.h>
#include <io.h>

#include <cstdio>

#include <condition_variable>
#include <iostream>
#include <mutex>
#include <streambuf>

#include "cunzhan/platform/console.hpp"
#include "win_text.hpp"

namespace cunzhan::platform {

std::vector<std::string> utf8_args(int argc, char** argv) {
  int n = 0;
  wchar_t** w = CommandLineToArgvW(GetCommandLineW(), &n);
  if (!w) return {argv + 1, argv + argc};
  std::vector<std::string> out;
  for (int i = 1; i < n; ++i) out.push_back(narrow(w[i]));
  LocalFree(w);
  return out;
}

namespace {

// Collects UTF-8 and writes whole characters as UTF-16; a character split across two
// writes waits for its last byte.
class console_buf : public std::streambuf {
 public:
  explicit console_buf(HANDLE h) : h_(h) {}

 protected:
  int_type overflow(int_type c) override {
    if (c != traits_type::eof()) pending_ += static_cast<char>(c);
    if (pending_.size() >= 4096) flush_whole();
    return traits_type::not_eof(c);
  }
  std::streamsize xsputn(const char* s, std::streamsize n) override {
    pending_.append(s, static_cast<std::size_t>(n));
    if (pending_.size() >= 4096) flush_whole();
    return n;
  }
  int sync() override {
    flush_whole();
    return 0;
  }

 private:
  void flush_whole() {
    std::size_t end = pending_.size();
    // Back up over an unfinished multi-byte sequence at the end.
    std::size_t k = end;
    while (k > 0 && end - k < 4 && (static_cast<unsigned char>(pending_[k - 1]) & 0xC0) == 0x80) --k;
    if (k > 0) {
      const auto lead = static_cast<unsigned char>(pending_[k - 1]);
      const std::size_t len = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
      if (len > 1 && (k - 1) + len > end) end = k - 1;
    }
    const std::wstring w = widen(std::string_view(pending_).substr(0, end));
    for (std::size_t done = 0; done < w.size();) {
      DWORD n = 0;
      if (!WriteConsoleW(h_, w.data() + done, static_cast<DWORD>(w.size() - done), &n, nullptr) || n == 0)
        break;
      done += n;
    }
    pending_.erase(0, end);
  }

  HANDLE h_;
  std::string pending_;
};

bool is_console(HANDLE h) {
  DWORD mode = 0;
  return h != INVALID_HANDLE_VALUE && h != nullptr && GetConsoleMode(h, &mode);
}

struct installed {
  std::unique_ptr<console_buf> out, err;
  std::streambuf* old_out = nullptr;
  std::streambuf* old_err = nullptr;
};
installed g_installed;

}  // namespace

utf8_console::utf8_console() {
  // The same bytes as on Linux when redirected ("\n", not "\r\n"): scripts and the
  // tests read both builds' output alike.
  _setmode(_fileno(stdout), _O_BINARY);
  _setmode(_fileno(stderr), _O_BINARY);
  if (HANDLE h = GetStdHandle(STD_OUTPUT_HANDLE); is_console(h)) {
    std::cout.flush();
    g_installed.out = std::make_unique<console_buf>(h);
    g_installed.old_out = std::cout.rdbuf(g_installed.out.get());
  }
  if (HANDLE h = GetStdHandle(STD_ERROR_HANDLE); is_console(h)) {
    g_installed.err = std::make_unique<console_buf>(h);
    g_installed.old_err = std::cerr.rdbuf(g_installed.err.get());
  }
}

utf8_console::~utf8_console() {
  if (g_installed.out) {
    std::cout.flush();
    std::cout.rdbuf(g_installed.old_out);
    g_installed.out.reset();
  }
  if (g_installed.err) {
    std::cerr.flush();
    std::cerr.rdbuf(g_installed.old_err);
    g_installed.err.reset();
  }
}

bool stderr_is_terminal() { return is_console(GetStdHandle(STD_ERROR_HANDLE)); }

namespace {
std::mutex g_stop_mu;
std::condition_variable g_stop_cv;
bool g_stop = false;
bool g_stopped = false;

BOOL WINAPI on_console_event(DWORD) {
  // Runs on its own thread. After Ctrl+Close, log-off or shutdown Windows ends the
  // process when this returns, so wait (a little) for the program to finish stopping.
  std::unique_lock lock(g_stop_mu);
  g_stop = true;
  g_stop_cv.notify_all();
  g_stop_cv.wait_for(lock, std::chrono::seconds(4), [] { return g_stopped; });
  return TRUE;
}
}  // namespace

void wait_for_stop_signal() {
  {
    std::lock_guard lock(g_stop_mu);
    g_stop = g_stopped = false;
  }
  SetConsoleCtrlHandler(on_console_event, TRUE);
  {
    std::unique_lock lock(g_stop_mu);
    g_stop_cv.wait(lock, [] { return g_stop; });
  }
  // The caller stops the server after this returns; let the handler go once we are back
  // here and the handler has been told. Stopping is quick (sessions get 5 s at most).
  std::lock_guard lock(g_stop_mu);
  g_stopped = true;
  g_stop_cv.notify_all();
}

}  // namespace cunzhan::platform
