// `hub serve`: open the store, start the HTTPS server with the router, run until SIGTERM
// or SIGINT, then drain in-flight requests and exit 0.
#include <atomic>
#include <filesystem>
#include <iostream>

#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "cunzhan/hub/config.hpp"
#include "cunzhan/hub/postgres.hpp"
#include "cunzhan/hub/router.hpp"
#include "cunzhan/hub/storage.hpp"
#include "cunzhan/platform/stop_signal.hpp"
#include "province/province_cli.hpp"

namespace cunzhan::hub::cli {
namespace {

std::string serve_help() {
  std::string h =
      "hub serve --data DIR --listen 127.0.0.1:8443 --cert FILE --key FILE [--config FILE] [--SETTING "
      "VALUE...]\n"
      "  Runs the sync API (POST /v1/sync/push, GET /v1/sync/pull, /v1/health, /metrics) until SIGTERM.\n"
      "  Settings come from --config (key = value lines), then the command line. "
      "启动同步服务。\n\nsettings:\n";
  for (const auto& s : settings())
    h += "  --" + std::string(s.name) + std::string(28 - std::string(s.name).size(), ' ') + s.help + "\n";
  h += "\nexample: hub serve --data /var/lib/cunzhan-hub --listen 127.0.0.1:8443 --cert server.pem --key "
       "server.key\n";
  return h;
}

// The private key is the hub's one secret: warn when anyone but its owner may read it.
void warn_if_key_readable(const std::string& key_file) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const auto perms = fs::status(key_file, ec).permissions();
  if (ec || (perms & (fs::perms::group_all | fs::perms::others_all)) == fs::perms::none) return;
  std::cerr << "warning: the private key " << key_file << " is readable by other users; chmod 600 it\n"
            << "警告：私钥 " << key_file << " 可被其他用户读取，请执行 chmod 600\n";
}

}  // namespace

int cmd_serve(const argv_t& argv) {
  const std::string help = serve_help();
  if (wants_help(argv, help.c_str())) return 0;
  // Before any thread exists: a SIGTERM during start-up then stops gracefully.
  platform::block_stop_signals();
  hub_config cfg;
  // The same default as every other command: $CUNZHAN_HUB_DATA, else ./hub-data.
  if (auto dflt = args::parse({}, {}, {}); dflt) cfg.data_dir = dflt->data_dir();
  cfg.storage = default_storage();
  // Two passes: --config first, so the command line wins whatever the order.
  for (std::size_t i = 0; i < argv.size(); ++i) {
    std::string path;
    if (argv[i] == "--config" && i + 1 < argv.size()) path = argv[i + 1];
    if (argv[i].rfind("--config=", 0) == 0) path = argv[i].substr(9);
    if (!path.empty()) {
      if (auto s = load_config_file(cfg, path); !s) return report(s.err());
    }
  }
  for (std::size_t i = 0; i < argv.size(); ++i) {
    std::string key = argv[i];
    if (key.rfind("--", 0) != 0)
      return report(error(errc::invalid_argument, "unexpected argument " + key, "多余的参数 " + key));
    key = key.substr(2);
    std::string value;
    if (auto eq = key.find('='); eq != std::string::npos) {
      value = key.substr(eq + 1);
      key = key.substr(0, eq);
    } else if (i + 1 < argv.size()) {
      value = argv[++i];
    } else {
      return report(error(errc::invalid_argument, "--" + key + " needs a value", "--" + key + " 需要一个值"));
    }
    if (key == "config") continue;
    if (auto s = apply_setting(cfg, key, value); !s) return report(s.err());
  }
  if (auto s = validate(cfg); !s) return report(s.err());
  if (cfg.server.tls) warn_if_key_readable(cfg.server.key_file);
  if (province::is_province(cfg.storage, cfg.data_dir)) return province::serve(cfg);  // the province role

  auto store = open_storage(cfg.storage, cfg.data_dir, false);
  if (!store) return report(store.err());
  if (!cfg.storage.empty())
    std::cout << "hub data in " << (*store)->location() << std::endl;  // password blanked
  if (auto s = (*store)->ensure_reference_data(); !s) return report(s.err());
  // The router is built before the server it reports on; /metrics reads it once it runs.
  std::atomic<net::https_server*> server_ptr{nullptr};
  auto handler = std::make_shared<router>(**store, cfg.router, std::make_shared<metrics>(), [&server_ptr] {
    net::https_server* s = server_ptr.load();
    return s != nullptr ? s->stats() : net::server_stats{};
  });
  net::https_server server(cfg.server, handler);
  if (auto s = server.start(); !s) return report(s.err());
  server_ptr = &server;
  std::cout << "hub listening on " << cfg.server.listen_address << ":" << server.bound_port() << std::endl;
  server.run_until_signal();
  server_ptr = nullptr;
  std::cout << "hub stopped" << std::endl;
  return 0;
}

}  // namespace cunzhan::hub::cli
