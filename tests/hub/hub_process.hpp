// A real `hub` for integration tests: data dir with the shipped divisions imported,
// certificates from `hub cert`, two enrolled stations, a staff token, and `hub serve`
// on a free 127.0.0.1 port (restartable, for crash tests).
#pragma once
#include <memory>
#include <optional>
#include <regex>
#include <string>

#include "cunzhan/net/https_client.hpp"
#include "cunzhan/shared/enrolment.hpp"
#include "test_support.hpp"

namespace cunzhan::hub::testing {

struct hub_process {
  test::temp_dir dir{"hub-it"};
  std::string data, certs;
  unsigned short port = 0;
  enrolment st_a, st_b;
  std::string staff_token;
  std::optional<test::process> server;

  static test::run_result hub(std::vector<std::string> args) {
    args.insert(args.begin(), test::hub_bin());
    return test::run(args);
  }
  static std::string must(std::vector<std::string> args) {
    auto r = hub(std::move(args));
    if (r.exit_code != 0) throw std::runtime_error("hub failed: " + r.err + r.out);
    return r.out;
  }

  hub_process() {
    data = (dir.path() / "data").string();
    certs = (dir.path() / "certs").string();
    must({"cert", "--out", certs, "--host", "127.0.0.1", "--host", "localhost"});
    must({"init", "--data", data});
    const auto div = test::divisions_dir();
    must({"import-divisions", "--data", data, (div / "streets-510824.csv").string(),
          (div / "villages-510824.csv").string()});
    port = test::free_port();
    st_a = enroll("510824100205", "白观村站", "a.json");
    st_b = enroll("510824100206", "太平村站", "b.json");
    const auto out = must({"staff", "add", "--data", data, "--name", "王科长", "--county", "510824"});
    std::smatch m;
    if (!std::regex_search(out, m, std::regex("token=(sf_[0-9a-f_]+)")))
      throw std::runtime_error("no staff token");
    staff_token = m[1];
    start();
  }

  enrolment enroll(const std::string& village, const std::string& name, const std::string& file) {
    const auto path = (dir.path() / file).string();
    must({"enroll", "--data", data, "--village", village, "--name", name, "--hub-url",
          "https://127.0.0.1:" + std::to_string(port), "--ca", certs + "/ca.pem", "--out", path});
    auto e = parse_enrolment(test::read_file(path));
    if (!e) throw std::runtime_error("bad enrolment file: " + e.err().describe(lang::en));
    return *e;
  }

  // `hub serve` with extra settings, optionally under a wrapper command (prlimit).
  void start(const std::vector<std::string>& extra = {}, std::vector<std::string> wrapper = {}) {
    std::vector<std::string> argv = std::move(wrapper);
    for (std::string a :
         {test::hub_bin(), std::string("serve"), std::string("--data"), data, std::string("--listen"),
          "127.0.0.1:" + std::to_string(port), std::string("--cert"), certs + "/server.pem",
          std::string("--key"), certs + "/server.key", std::string("--threads"), std::string("2")})
      argv.push_back(a);
    argv.insert(argv.end(), extra.begin(), extra.end());
    server.emplace(argv, std::map<std::string, std::string>{}, (dir.path() / "serve.log").string());
    if (!test::wait_for_port(port)) throw std::runtime_error("hub did not start");
  }

  // Stops the running hub (it must exit 0) and starts it again with extra settings.
  void restart(const std::vector<std::string>& extra, std::vector<std::string> wrapper = {}) {
    if (server && server->stop() != 0) throw std::runtime_error("hub did not stop cleanly");
    server.reset();
    start(extra, std::move(wrapper));
  }

  // GET /metrics with the staff token (throws unless 200).
  std::string metrics_text() const {
    auto r = client()->request("GET", "/metrics", {{"authorization", "Bearer " + staff_token}}, "");
    if (!r || r->status != 200) throw std::runtime_error("GET /metrics failed");
    return r->body;
  }

  // The value of one series of metrics_text(), e.g. `cunzhan_hub_open_connections`; -1 when absent.
  static long long metric(const std::string& text, const std::string& series) {
    const auto at = text.find("\n" + series + " ");
    if (at == std::string::npos) return -1;
    return std::stoll(text.substr(at + series.size() + 2));
  }

  // A client of this hub (or of another `hub serve` on the same data and database at `other_port`).
  std::unique_ptr<net::https_client> client(unsigned short other_port = 0) const {
    net::client_options o;
    o.host = "127.0.0.1";
    o.port = other_port != 0 ? other_port : port;
    o.ca_pem = test::read_file(certs + "/ca.pem");
    o.io_timeout = std::chrono::seconds(60);
    return std::make_unique<net::https_client>(o);
  }

  static net::header_list auth(const std::string& token) {
    return {{"authorization", "Bearer " + token}, {"content-type", "application/json"}};
  }
};

}  // namespace cunzhan::hub::testing
