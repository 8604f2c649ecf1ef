// A real headless Chromium (Debian's /usr/bin/chromium) driven over the DevTools
// protocol on a pipe (--remote-debugging-pipe: commands on fd 3, replies on fd 4, each
// message NUL-terminated JSON). No npm, no WebSocket, no driver binary: the tests need
// nothing beyond the browser package that scripts/setup installs.
#pragma once
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace cunzhan::test {

struct browser_options {
  int width = 1024, height = 768;          // the old PCs' screen
  bool ignore_certificate_errors = false;  // for the hub's private-CA dashboard
  std::string language = "zh-CN";
};

class browser {
 public:
  // Starts Chromium; screenshots go to artifacts_dir (created if missing).
  explicit browser(std::filesystem::path artifacts_dir, browser_options options = {});
  ~browser();
  browser(const browser&) = delete;
  browser& operator=(const browser&) = delete;

  // True when /usr/bin/chromium exists (tests FAIL, not skip, when it does not).
  static bool available();

  // Loads url and waits for the load event (throws std::runtime_error on failure/timeout).
  void navigate(const std::string& url);
  // Evaluates a JS expression in the page (promises are awaited) and returns String(value).
  // Throws std::runtime_error with the JS exception text if it throws.
  std::string eval(const std::string& expression);
  // Polls a JS condition until it is truthy; false on timeout.
  bool wait_for(const std::string& condition, std::chrono::milliseconds timeout = std::chrono::seconds(15));
  // Waits for the next load event after an action (e.g. a form submit done with eval).
  void wait_for_load(std::chrono::milliseconds timeout = std::chrono::seconds(15));
  // Saves a PNG of the viewport to artifacts_dir/name.png and returns its path.
  std::filesystem::path screenshot(const std::string& name);
  // Prints the page as the browser's "Save as PDF" would (the page's @page size and print
  // stylesheet, backgrounds on) to artifacts_dir/name.pdf and returns its path.
  std::filesystem::path print_pdf(const std::string& name);
  // Every URL the page requested since start (documents, styles, scripts, images, fetches).
  std::vector<std::string> requested_urls() const;
  // Bytes received over the network since the last navigate() (encodedDataLength sum).
  std::int64_t bytes_received() const;

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace cunzhan::test
