// `hub serve` configuration: every limit of the server and the sync endpoints, each with
// a default, settable from a `key = value` file (--config) and overridden by --key value.
#pragma once
#include <string>
#include <vector>

#include "cunzhan/hub/router_options.hpp"
#include "cunzhan/net/https_server.hpp"
#include "cunzhan/shared/result.hpp"

namespace cunzhan::hub {

struct hub_config {
  std::string data_dir = "hub-data";
  std::string storage;         // a postgresql:// URL; "" = SQLite under data_dir (postgres.hpp)
  net::server_options server;  // listen address, TLS files, timeouts and size limits
  router_options router;       // batch size, pull page size, JSON limits
};

struct setting_doc {
  const char* name;  // as in the file and on the command line (--name)
  const char* help;
};
// Every settable key, for --help and the docs.
const std::vector<setting_doc>& settings();

// Sets one key ("listen", "max-ops-per-batch", ...) from text; invalid_argument naming the
// key when unknown or malformed.
status apply_setting(hub_config& c, const std::string& key, const std::string& value);
// Reads `key = value` lines ('#' starts a comment) and applies each.
status load_config_file(hub_config& c, const std::string& path);
// Cross-field checks (a TLS server needs cert and key, limits > 0); names the bad field.
status validate(const hub_config& c);

}  // namespace cunzhan::hub
