// `hub init` (create and migrate hub.db, publish the built-in brands) and `hub cert`
// (a private CA plus a server certificate for the hosts stations will dial).
#include <filesystem>
#include <iostream>

#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "cunzhan/net/certs.hpp"

namespace cunzhan::hub::cli {

namespace fs = std::filesystem;

int cmd_init(const argv_t& argv) {
  static const char* help =
      "hub init --data DIR\n"
      "  Creates DIR/hub.db (or upgrades its schema) and publishes the built-in courier brands.\n"
      "  创建（或升级）数据库 DIR/hub.db。\n"
      "example: hub init --data /var/lib/cunzhan-hub\n";
  if (wants_help(argv, help)) return 0;
  auto a = args::parse(argv, {"data"}, {});
  if (!a) return report(a.err());
  auto store = open_store(*a, true);
  if (!store) return report(store.err());
  if (auto s = (*store)->ensure_reference_data(); !s) return report(s.err());
  std::cout << "initialised " << (*store)->location() << "\n";
  return 0;
}

int cmd_cert(const argv_t& argv) {
  static const char* help =
      "hub cert --out DIR --host NAME [--host NAME...] [--days N]\n"
      "  Writes DIR/ca.pem, DIR/ca.key, DIR/server.pem, DIR/server.key (keys 0600).\n"
      "  Stations pin ca.pem; keep ca.key offline. 生成私有 CA 与服务器证书；站点固定信任 ca.pem。\n"
      "example: hub cert --out /etc/cunzhan-hub --host 127.0.0.1 --host localhost\n";
  if (wants_help(argv, help)) return 0;
  auto a = args::parse(argv, {"out", "host", "days"}, {});
  if (!a) return report(a.err());
  auto out = a->required("out");
  if (!out) return report(out.err());
  auto hosts = a->all("host");
  if (hosts.empty())
    return report(error(errc::invalid_argument, "at least one --host is needed", "至少需要一个 --host"));
  int days = 825;
  if (auto d = a->get("days")) {
    try {
      days = std::stoi(*d);
    } catch (const std::exception&) {
      days = 0;
    }
    if (days <= 0)
      return report(error(errc::invalid_argument, "--days must be a positive number", "--days 必须是正整数"));
  }
  std::error_code ec;
  fs::create_directories(*out, ec);
  auto ca = net::make_ca("Cunzhan Hub CA");
  if (!ca) return report(ca.err());
  auto leaf = net::make_server_cert(*ca, hosts, days);
  if (!leaf) return report(leaf.err());
  const fs::path dir(*out);
  for (auto [name, text, secret] :
       {std::tuple{"ca.pem", &ca->cert_pem, false}, std::tuple{"ca.key", &ca->key_pem, true},
        std::tuple{"server.pem", &leaf->cert_pem, false}, std::tuple{"server.key", &leaf->key_pem, true}}) {
    if (auto s = write_file((dir / name).string(), *text, secret); !s) return report(s.err());
  }
  std::cout << "CA certificate (stations pin this): " << (dir / "ca.pem").string() << "\n"
            << "server certificate: " << (dir / "server.pem").string() << "\n"
            << "server key: " << (dir / "server.key").string() << "\n";
  return 0;
}

}  // namespace cunzhan::hub::cli
