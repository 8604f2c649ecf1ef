// The web app fixture (see web_fixture.hpp).
#include "web_fixture.hpp"

#include <csignal>
#include <regex>
#include <stdexcept>

#include "cunzhan/net/https_client.hpp"

namespace cunzhan::test::web {

web_app::web_app(const integration::station_fixture& st) : web_app(st.data(), st.dir() / "serve.log") {}

web_app::web_app(const fs::path& data, const fs::path& log, const std::vector<std::string>& extra,
                 const std::map<std::string, std::string>& env) {
  port_ = free_port();
  log_ = log;
  std::vector<std::string> argv{station_bin(), "--data", data.string(),
                                "serve",       "--port", std::to_string(port_)};
  argv.insert(argv.end(), extra.begin(), extra.end());
  proc_ = std::make_unique<process>(argv, env, log_.string());
  if (!wait_for_port(port_, std::chrono::seconds(30)) || !proc_->running())
    throw std::runtime_error("station serve did not start; log:\n" + read_file(log_));
}

web_app::~web_app() {
  if (proc_) proc_->stop(SIGTERM, std::chrono::seconds(20));
}

namespace {

net::http_response exchange(unsigned short port, const std::string& method, const std::string& target,
                            const net::header_list& headers, const std::string& body) {
  net::client_options o;
  o.tls = false;
  o.port = port;
  o.io_timeout = std::chrono::seconds(60);
  net::https_client client(o);
  net::header_list h{{"Accept-Encoding", "identity"}};
  h.insert(h.end(), headers.begin(), headers.end());
  auto r = client.request(method, target, h, body);
  if (!r) throw std::runtime_error(method + " " + target + ": " + r.err().describe(lang::en));
  return std::move(*r);
}

}  // namespace

net::http_response web_app::get(const std::string& target, const net::header_list& headers) const {
  net::header_list h;
  if (!cookie_.empty()) h.emplace_back("Cookie", cookie_);
  h.insert(h.end(), headers.begin(), headers.end());
  return exchange(port_, "GET", target, h, "");
}

net::http_response web_app::post(const std::string& target, const std::string& body,
                                 const std::string& content_type, const net::header_list& headers) const {
  net::header_list h{{"Content-Type", content_type}};
  if (!cookie_.empty()) h.emplace_back("Cookie", cookie_);
  h.insert(h.end(), headers.begin(), headers.end());
  return exchange(port_, "POST", target, h, body);
}

net::http_response web_app::submit(const std::string& target, const fields& f, bool with_token) const {
  fields all = f;
  if (with_token) all.emplace_back("_csrf", csrf_);
  return post(target, form_encode(all), "application/x-www-form-urlencoded", {{"Origin", origin()}});
}

void web_app::begin_session(const std::string& page) {
  auto r = get(page);
  if (r.status != 200) throw std::runtime_error("GET " + page + " answered " + std::to_string(r.status));
  const std::string* set = r.header("set-cookie");
  if (!set) throw std::runtime_error("no session cookie");
  cookie_ = set->substr(0, set->find(';'));
  csrf_ = csrf_in(r.body);
}

std::string form_encode(const fields& f) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string out;
  for (const auto& [k, v] : f) {
    if (!out.empty()) out += '&';
    for (const std::string* s : {&k, &v}) {
      for (unsigned char ch : *s) {
        if (std::isalnum(ch) || ch == '-' || ch == '_' || ch == '.') {
          out += static_cast<char>(ch);
        } else {
          out += '%';
          out += hex[ch >> 4];
          out += hex[ch & 15];
        }
      }
      if (s == &k) out += '=';
    }
  }
  return out;
}

std::string csrf_in(const std::string& html) {
  static const std::regex re("name=\"_csrf\" value=\"([0-9a-f]{64})\"");
  std::smatch m;
  return std::regex_search(html, m, re) ? m[1].str() : std::string();
}

std::size_t count_of(const fs::path& db, const std::string& table) {
  return static_cast<std::size_t>(integration::query_int(db, "SELECT count(*) FROM " + table));
}

fs::path artifacts_dir() { return fs::path(CUNZHAN_BINARY_DIR) / "test-artifacts" / "web"; }

}  // namespace cunzhan::test::web
