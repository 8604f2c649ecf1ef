// Chromium over the DevTools pipe. One page target, attached in "flatten" mode so every
// command carries its sessionId; replies and events are read synchronously by whoever
// waits, so there is no reader thread and no locking.
#include "browser.hpp"

#include <openssl/evp.h>
#include <boost/json.hpp>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fstream>
#include <optional>
#include <stdexcept>
#include <thread>

#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

namespace cunzhan::test {

namespace json = boost::json;
namespace fs = std::filesystem;
using clock_type = std::chrono::steady_clock;

namespace {

constexpr const char* chromium_path = "/usr/bin/chromium";

std::string decode_base64(std::string_view in) {
  std::string out(in.size() / 4 * 3 + 3, '\0');
  const int n =
      EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                      reinterpret_cast<const unsigned char*>(in.data()), static_cast<int>(in.size()));
  if (n < 0) throw std::runtime_error("browser: bad base64 in screenshot");
  std::size_t len = static_cast<std::size_t>(n);
  // EVP_DecodeBlock counts the padding as output bytes.
  for (auto it = in.rbegin(); it != in.rend() && *it == '='; ++it) --len;
  out.resize(len);
  return out;
}

}  // namespace

struct browser::impl {
  fs::path artifacts, profile;
  pid_t pid = -1;
  int to_browser = -1, from_browser = -1;
  std::string inbox;  // bytes read but not yet split at NUL
  std::int64_t next_id = 1;
  std::string session;
  int loads = 0, loads_waited = 0;
  std::vector<std::string> urls;
  std::int64_t bytes = 0;

  // Sends one command and reads until its reply, handling events on the way.
  json::object call(const std::string& method, json::object params = {},
                    std::chrono::milliseconds timeout = std::chrono::seconds(30)) {
    const std::int64_t id = next_id++;
    json::object msg{{"id", id}, {"method", method}, {"params", std::move(params)}};
    if (!session.empty()) msg["sessionId"] = session;
    std::string wire = json::serialize(msg);
    wire.push_back('\0');
    for (std::size_t off = 0; off < wire.size();) {
      const ssize_t n = ::write(to_browser, wire.data() + off, wire.size() - off);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) throw std::runtime_error("browser: pipe to chromium closed");
      off += static_cast<std::size_t>(n);
    }
    const auto deadline = clock_type::now() + timeout;
    for (;;) {
      auto reply = next_message(deadline);
      if (!reply) throw std::runtime_error("browser: no reply to " + method);
      if (const auto* rid = reply->if_contains("id"); rid && rid->to_number<std::int64_t>() == id) {
        if (const auto* err = reply->if_contains("error"))
          throw std::runtime_error("browser: " + method + ": " + json::serialize(*err));
        const auto* result = reply->if_contains("result");
        return result && result->is_object() ? result->as_object() : json::object{};
      }
    }
  }

  // Reads one message (recording events) or returns nullopt at the deadline.
  std::optional<json::object> next_message(clock_type::time_point deadline) {
    for (;;) {
      if (const auto nul = inbox.find('\0'); nul != std::string::npos) {
        auto value = json::parse(std::string_view(inbox.data(), nul));
        inbox.erase(0, nul + 1);
        if (!value.is_object()) continue;
        auto& obj = value.as_object();
        if (!obj.contains("id")) note_event(obj);
        return std::move(obj);
      }
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - clock_type::now());
      if (left.count() <= 0) return std::nullopt;
      pollfd p{from_browser, POLLIN, 0};
      const int r = ::poll(&p, 1, static_cast<int>(left.count()));
      if (r < 0 && errno == EINTR) continue;
      if (r <= 0) return std::nullopt;
      char buf[65536];
      const ssize_t n = ::read(from_browser, buf, sizeof buf);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) throw std::runtime_error("browser: chromium exited");
      inbox.append(buf, static_cast<std::size_t>(n));
    }
  }

  void note_event(const json::object& ev) {
    const auto* method = ev.if_contains("method");
    const auto* params = ev.if_contains("params");
    if (!method || !params || !params->is_object()) return;
    const auto& m = method->as_string();
    const auto& p = params->as_object();
    if (m == "Page.loadEventFired") {
      ++loads;
    } else if (m == "Network.requestWillBeSent") {
      if (const auto* req = p.if_contains("request")) urls.emplace_back(req->at("url").as_string().c_str());
    } else if (m == "Network.loadingFinished") {
      if (const auto* len = p.if_contains("encodedDataLength"))
        bytes += static_cast<std::int64_t>(len->to_number<double>());
    }
  }

  void wait_load(std::chrono::milliseconds timeout) {
    const auto deadline = clock_type::now() + timeout;
    while (loads <= loads_waited) {
      if (!next_message(deadline)) throw std::runtime_error("browser: page did not finish loading");
    }
    loads_waited = loads;
  }

  void launch(const browser_options& o) {
    int down[2], up[2];  // down: we write, chromium reads fd 3; up: chromium writes fd 4
    if (::pipe2(down, O_CLOEXEC) != 0 || ::pipe2(up, O_CLOEXEC) != 0)
      throw std::runtime_error("browser: pipe failed");
    std::vector<std::string> args{
        chromium_path, "--headless=new", "--remote-debugging-pipe", "--no-sandbox", "--disable-gpu",
        "--no-first-run", "--no-default-browser-check", "--disable-extensions",
        "--disable-background-networking", "--disable-sync", "--disable-component-update",
        "--user-data-dir=" + profile.string(), "--lang=" + o.language,
        "--window-size=" + std::to_string(o.width) + "," + std::to_string(o.height),
        // No network but loopback (which Chromium never proxies): the rest goes to a dead proxy.
        "--proxy-server=127.0.0.1:9", "about:blank"};
    if (o.ignore_certificate_errors) args.insert(args.end() - 1, "--ignore-certificate-errors");
    const fs::path log = artifacts / "chromium.log";
    pid = ::fork();
    if (pid < 0) throw std::runtime_error("browser: fork failed");
    if (pid == 0) {
      // Move both ends above 4 first: pipe2 may have handed out 3 or 4 itself, and
      // dup2 onto the same number would keep O_CLOEXEC.
      const int in = ::fcntl(down[0], F_DUPFD, 10), out = ::fcntl(up[1], F_DUPFD, 10);
      ::dup2(in, 3);
      ::dup2(out, 4);
      const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
      if (fd >= 0) {
        ::dup2(fd, 1);
        ::dup2(fd, 2);
      }
      std::vector<char*> argv;
      for (auto& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      ::execv(chromium_path, argv.data());
      ::_exit(127);
    }
    ::close(down[0]);
    ::close(up[1]);
    to_browser = down[1];
    from_browser = up[0];
    ::signal(SIGPIPE, SIG_IGN);

    // The first answer waits for Chromium's cold start, which on a loaded 2-core CI
    // machine (other tests running beside it) has taken over 30 s.
    const auto target = call("Target.createTarget", {{"url", "about:blank"}}, std::chrono::seconds(120));
    const auto attached =
        call("Target.attachToTarget", {{"targetId", target.at("targetId")}, {"flatten", true}});
    session = attached.at("sessionId").as_string().c_str();
    call("Page.enable");
    call("Network.enable");
    call("Emulation.setDeviceMetricsOverride",
         {{"width", o.width}, {"height", o.height}, {"deviceScaleFactor", 1}, {"mobile", false}});
  }

  void shutdown() {
    if (pid <= 0) return;
    try {
      session.clear();
      call("Browser.close", {}, std::chrono::seconds(5));
    } catch (const std::exception&) {
      // Already gone or wedged: the kill below settles it.
    }
    for (int i = 0; i < 50; ++i) {
      if (::waitpid(pid, nullptr, WNOHANG) == pid) {
        pid = -1;
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    if (pid > 0) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, nullptr, 0);
      pid = -1;
    }
    ::close(to_browser);
    ::close(from_browser);
  }
};

browser::browser(fs::path artifacts_dir, browser_options options) : impl_(std::make_unique<impl>()) {
  if (!available())
    throw std::runtime_error("browser: /usr/bin/chromium is missing (scripts/setup installs it)");
  fs::create_directories(artifacts_dir);
  impl_->artifacts = artifacts_dir;
  impl_->profile = fs::temp_directory_path() / ("cunzhan-chromium-" + std::to_string(::getpid()) + "-" +
                                                std::to_string(clock_type::now().time_since_epoch().count()));
  fs::create_directories(impl_->profile);
  try {
    impl_->launch(options);
  } catch (...) {
    impl_->shutdown();
    throw;
  }
}

browser::~browser() {
  impl_->shutdown();
  std::error_code ec;
  fs::remove_all(impl_->profile, ec);
}

bool browser::available() { return ::access(chromium_path, X_OK) == 0; }

void browser::navigate(const std::string& url) {
  impl_->bytes = 0;
  impl_->loads_waited = impl_->loads;
  const auto r = impl_->call("Page.navigate", {{"url", url}});
  if (const auto* err = r.if_contains("errorText"); err && !err->as_string().empty())
    throw std::runtime_error("browser: cannot open " + url + ": " + err->as_string().c_str());
  impl_->wait_load(std::chrono::seconds(30));
}

std::string browser::eval(const std::string& expression) {
  const auto r =
      impl_->call("Runtime.evaluate", {{"expression", "(async () => String(await (" + expression + ")))()"},
                                       {"awaitPromise", true},
                                       {"returnByValue", true}});
  if (const auto* ex = r.if_contains("exceptionDetails")) {
    const auto& d = ex->as_object();
    std::string text = d.contains("text") ? d.at("text").as_string().c_str() : "exception";
    if (const auto* e = d.if_contains("exception"); e && e->as_object().contains("description"))
      text += ": " + std::string(e->as_object().at("description").as_string().c_str());
    throw std::runtime_error("browser: " + text + " in: " + expression);
  }
  const auto& value = r.at("result").as_object();
  const auto* v = value.if_contains("value");
  return v && v->is_string() ? std::string(v->as_string().c_str()) : std::string();
}

bool browser::wait_for(const std::string& condition, std::chrono::milliseconds timeout) {
  const auto deadline = clock_type::now() + timeout;
  for (;;) {
    try {
      if (eval("!!(" + condition + ")") == "true") return true;
    } catch (const std::runtime_error&) {
      // The page may be between documents; try again until the deadline.
    }
    if (clock_type::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
}

void browser::wait_for_load(std::chrono::milliseconds timeout) { impl_->wait_load(timeout); }

fs::path browser::screenshot(const std::string& name) {
  const auto r = impl_->call("Page.captureScreenshot", {{"format", "png"}});
  const fs::path path = impl_->artifacts / (name + ".png");
  std::ofstream(path, std::ios::binary) << decode_base64(r.at("data").as_string());
  return path;
}

fs::path browser::print_pdf(const std::string& name) {
  const auto r = impl_->call("Page.printToPDF", {{"preferCSSPageSize", true}, {"printBackground", true}});
  const fs::path path = impl_->artifacts / (name + ".pdf");
  std::ofstream(path, std::ios::binary) << decode_base64(r.at("data").as_string());
  return path;
}

std::vector<std::string> browser::requested_urls() const { return impl_->urls; }

std::int64_t browser::bytes_received() const { return impl_->bytes; }

}  // namespace cunzhan::test
