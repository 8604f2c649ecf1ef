// The packaged /etc/cunzhan/hub.conf (scripts/debian/hub.conf) against the hub itself:
// every `hub serve` option has a key in it and it has no key the hub does not know, its
// commented defaults are the hub's defaults, and the file loads. A new serve option without
// a hub.conf line fails here. Also: both programs print the version CMakeLists.txt holds.
#include <catch2/catch.hpp>

#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <utility>
#include <vector>

#include "cunzhan/hub/config.hpp"
#include "test_support.hpp"

using namespace cunzhan;

namespace {

const std::string k_conf = std::string(CUNZHAN_SOURCE_DIR) + "/scripts/debian/hub.conf";

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  REQUIRE(in);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

struct conf_line {
  std::string key, value;
  bool commented;
};

// `key = value` lines, set or shown as a commented default (`# key = value`).
std::vector<conf_line> conf_lines() {
  std::vector<conf_line> out;
  std::istringstream in(slurp(k_conf));
  const std::regex re(R"(^(#\s*)?([a-z][a-z0-9-]*)\s*=\s*(\S.*)$)");
  std::smatch m;
  for (std::string line; std::getline(in, line);) {
    if (std::regex_match(line, m, re)) out.push_back({m[2], m[3], m[1].matched});
  }
  return out;
}

}  // namespace

TEST_CASE("hub.conf has a key for every hub serve option, and only those") {
  auto help = test::run({CUNZHAN_HUB_BIN, "serve", "--help"});
  REQUIRE(help.exit_code == 0);
  std::set<std::string> options;
  std::istringstream in(help.out);
  const std::regex opt(R"(^\s+--([a-z][a-z0-9-]*)\s)");
  std::smatch m;
  for (std::string line; std::getline(in, line);) {
    if (std::regex_search(line, m, opt)) options.insert(m[1]);
  }
  std::set<std::string> known;
  for (const auto& s : hub::settings()) known.insert(s.name);
  REQUIRE(options == known);  // the help lists what the reader knows
  std::set<std::string> keys;
  for (const auto& l : conf_lines()) CHECK(keys.insert(l.key).second);  // each key once
  CHECK(keys == options);
}

TEST_CASE("hub.conf's commented defaults are the hub's defaults, and the whole file loads") {
  const hub::hub_config d;
  hub::hub_config c;
  for (const auto& l : conf_lines()) {
    INFO(l.key << " = " << l.value);
    if (l.commented) CHECK(hub::apply_setting(c, l.key, l.value));
  }
  const auto& s = c.server;
  CHECK(s.threads == d.server.threads);
  CHECK(s.max_header_bytes == d.server.max_header_bytes);
  CHECK(s.max_body_bytes == d.server.max_body_bytes);
  CHECK(s.max_decompressed_bytes == d.server.max_decompressed_bytes);
  CHECK(s.max_connections == d.server.max_connections);
  CHECK(s.max_connections_per_address == d.server.max_connections_per_address);
  CHECK(s.max_requests_per_connection == d.server.max_requests_per_connection);
  CHECK(s.handshake_timeout == d.server.handshake_timeout);
  CHECK(s.header_timeout == d.server.header_timeout);
  CHECK(s.body_timeout_base == d.server.body_timeout_base);
  CHECK(s.min_body_rate_bytes_per_s == d.server.min_body_rate_bytes_per_s);
  CHECK(s.body_time_cap == d.server.body_time_cap);
  CHECK(s.write_timeout == d.server.write_timeout);
  CHECK(s.min_write_rate_bytes_per_s == d.server.min_write_rate_bytes_per_s);
  CHECK(s.write_time_cap == d.server.write_time_cap);
  CHECK(s.idle_timeout == d.server.idle_timeout);
  CHECK(s.shutdown_grace == d.server.shutdown_grace);
  CHECK(c.router.ingest.max_ops_per_batch == d.router.ingest.max_ops_per_batch);
  CHECK(c.router.pull_default_limit == d.router.pull_default_limit);
  CHECK(c.router.pull_max_limit == d.router.pull_max_limit);
  CHECK(c.router.json.max_depth == d.router.json.max_depth);

  // As installed: the set keys through the hub's own reader, then its checks.
  hub::hub_config installed;
  REQUIRE(hub::load_config_file(installed, k_conf));
  CHECK(hub::validate(installed));
  CHECK(installed.data_dir == "/var/lib/cunzhan-hub");
  CHECK(installed.server.key_file == "/var/lib/cunzhan-hub/tls/server.key");
}

TEST_CASE("hub --version and station --version print the version in CMakeLists.txt") {
  std::smatch m;
  const std::string cmake = slurp(std::string(CUNZHAN_SOURCE_DIR) + "/CMakeLists.txt");
  REQUIRE(std::regex_search(cmake, m, std::regex(R"(project\(cunzhan VERSION ([0-9.]+))")));
  const std::string version = m[1];
  auto hub = test::run({CUNZHAN_HUB_BIN, "--version"});
  CHECK(hub.exit_code == 0);
  CHECK(hub.out == "hub " + version + "\n");
  auto station = test::run({CUNZHAN_STATION_BIN, "--version"});
  CHECK(station.exit_code == 0);
  CHECK(station.out == "station " + version + "\n");
}
