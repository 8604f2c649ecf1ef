// Set-up for the web app's tests: `station serve` of an enrolled station (the
// integration fixture's hub and station) on a free loopback port, and a plain HTTP
// client that keeps the session cookie and the CSRF token the pages hand out.
#pragma once
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "cunzhan/net/http_types.hpp"
#include "fixture.hpp"

namespace cunzhan::test::web {

using fields = std::vector<std::pair<std::string, std::string>>;

class web_app {
 public:
  explicit web_app(const integration::station_fixture& st);
  // `station --data DATA serve --port P EXTRA...` (any station, enrolled or not), its
  // output in log; env is added to the environment.
  web_app(const fs::path& data, const fs::path& log, const std::vector<std::string>& extra = {},
          const std::map<std::string, std::string>& env = {});
  ~web_app();
  unsigned short port() const { return port_; }
  std::string origin() const { return "http://127.0.0.1:" + std::to_string(port_); }
  std::string url(const std::string& path) const { return origin() + path; }

  // Plain HTTP on loopback. Extra headers replace the defaults (Host, Cookie, ...).
  net::http_response get(const std::string& target, const net::header_list& headers = {}) const;
  net::http_response post(const std::string& target, const std::string& body, const std::string& content_type,
                          const net::header_list& headers = {}) const;
  // A form post as a browser on this app sends it: session cookie, CSRF token, Origin.
  net::http_response submit(const std::string& target, const fields& f, bool with_token = true) const;

  // Opens a session: GET page and keep the cookie and the page's CSRF token.
  void begin_session(const std::string& page = "/");
  const std::string& cookie() const { return cookie_; }
  const std::string& csrf() const { return csrf_; }

 private:
  unsigned short port_ = 0;
  std::unique_ptr<process> proc_;
  fs::path log_;
  std::string cookie_, csrf_;
};

std::string form_encode(const fields& f);
// The CSRF token in a page ("" when none).
std::string csrf_in(const std::string& html);
std::size_t count_of(const fs::path& db, const std::string& table);
// Where tests put screenshots and logs: <build>/test-artifacts/web.
fs::path artifacts_dir();

}  // namespace cunzhan::test::web
