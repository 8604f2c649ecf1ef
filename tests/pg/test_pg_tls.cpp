// TLS to the database (issue 14): a private PostgreSQL with ssl=on on 127.0.0.1 only
// (tests/pg/pg-cluster --ssl: a throwaway CA and a certificate for 127.0.0.1), a role with
// a password, and the hub pointed at it with sslmode=verify-full. With the right CA the
// hub's sessions really are TLS (pg_stat_ssl); with another CA every command fails with a
// bilingual error naming TLS and the certificate; the password appears in no output and
// no log.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>

#include "fixture.hpp"
#include "store/postgres/pg_conn.hpp"

using namespace cunzhan;
using namespace cunzhan::test;
using namespace cunzhan::test::integration;

namespace {

const std::string k_password = "Pw-9f3kQ-never-printed";

// A server of its own (the shared one has no TCP at all), stopped at scope exit.
class tls_server {
 public:
  tls_server() {
    if (std::system(
            (script() + " start " + state_ + " --ssl " + std::to_string(port_) + " >/dev/null").c_str()) != 0)
      throw std::runtime_error("pg-cluster start --ssl failed");
    std::ifstream in(state_);
    std::getline(in, dir_);
  }
  ~tls_server() { (void)std::system((script() + " stop " + state_).c_str()); }
  tls_server(const tls_server&) = delete;

  // The superuser over the Unix socket (trust): setting up the role and database.
  std::string socket_url(const std::string& db) const {
    return "postgresql:///" + db + "?host=" + dir_ + "&port=" + std::to_string(port_) + "&user=postgres";
  }
  // The hub's URL: password, TCP to 127.0.0.1, verify-full against `root_cert`.
  std::string hub_url(const std::string& root_cert) const {
    return "postgresql://cunzhan_hub:" + k_password + "@127.0.0.1:" + std::to_string(port_) +
           "/cunzhan?sslmode=verify-full&sslrootcert=" + root_cert;
  }
  std::string ca() const { return dir_ + "/tls/ca.pem"; }
  std::string server_log() const { return dir_ + "/server.log"; }

 private:
  static std::string script() { return (source_dir() / "tests" / "pg" / "pg-cluster").string(); }
  temp_dir state_dir_{"pg-tls"};
  std::string state_ = (state_dir_.path() / "state").string();
  unsigned short port_ = free_port();
  std::string dir_;
};

std::unique_ptr<hub::pg::connection> connect(const std::string& url) {
  hub::pg::settings s;
  s.url = url;
  auto c = hub::pg::connection::open(s);
  if (!c) throw std::runtime_error(c.err().describe(lang::en));
  return std::move(*c);
}

std::int64_t scalar(hub::pg::connection& c, const std::string& q) {
  auto r = c.run(q);
  if (!r) throw std::runtime_error(r.err().describe(lang::en));
  return r->int64(0, 0);
}

}  // namespace

TEST_CASE("TLS to the database: verify-full really is TLS, a wrong CA fails clearly, no password shown",
          "[pg][tls]") {
  tls_server server;
  {
    auto admin = connect(server.socket_url("postgres"));
    // Identifiers and a literal of the test's own (CREATE ROLE takes no parameters).
    REQUIRE(admin->exec("CREATE ROLE cunzhan_hub LOGIN PASSWORD '" + k_password + "'"));
    REQUIRE(admin->exec("CREATE DATABASE cunzhan OWNER cunzhan_hub"));
  }
  ::setenv("CUNZHAN_HUB_STORAGE", server.hub_url(server.ca()).c_str(), 1);
  struct env_reset {
    ~env_reset() { ::unsetenv("CUNZHAN_HUB_STORAGE"); }
  } reset;
  hub_fixture hub;  // hub init, import-divisions and serve, all over TLS
  REQUIRE(!fs::exists(hub.db()));
  std::string said;  // every output, searched for the password at the end

  station_fixture a(hub, "500153114202", "加密站");
  a.import_listings(3, "tls");
  const auto synced = a.sync();
  said += synced.run.out + synced.run.err;
  REQUIRE(synced.run.exit_code == 0);
  CHECK(hub.audit(a.id()).size() == 3);

  auto watch = connect(server.socket_url("cunzhan"));
  CHECK(scalar(*watch, "SELECT count(*) FROM listing") == 3);  // the sync's rows arrived over TLS
  // hub serve's pooled sessions: all TLS, none without.
  const std::string hub_sessions =
      "SELECT count(*) FROM pg_stat_activity a JOIN pg_stat_ssl s USING (pid) WHERE a.usename = "
      "'cunzhan_hub'";
  CHECK(scalar(*watch, hub_sessions + " AND s.ssl AND s.version IN ('TLSv1.2', 'TLSv1.3')") >= 1);
  CHECK(scalar(*watch, hub_sessions + " AND NOT s.ssl") == 0);
  const auto checked = hub.hub({"check", "--data", hub.data().string()});
  said += checked.out + checked.err;
  CHECK(checked.exit_code == 0);

  // The hub's own station CA did not sign the database's certificate.
  const auto wrong = server.hub_url(hub.ca().string());
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"check", "--data", hub.data().string(), "--storage", wrong},
           {"station", "list", "--data", hub.data().string(), "--storage", wrong},
           {"report", "--data", hub.data().string(), "--county", "500153", "--storage", wrong}}) {
    const auto r = hub.hub(args);  // --storage overrides CUNZHAN_HUB_STORAGE
    INFO(args.at(0) << ": " << r.out << r.err);
    said += r.out + r.err;
    CHECK(r.exit_code != 0);
    CHECK(r.err.find("TLS") != std::string::npos);
    CHECK(r.err.find("certificate") != std::string::npos);
    CHECK(r.err.find("证书") != std::string::npos);
  }
  CHECK(scalar(*watch, "SELECT count(*) FROM listing") == 3);

  // Nothing anywhere holds the password: outputs, hub serve's log, the server's log.
  for (const auto& e : fs::recursive_directory_iterator(hub.dir())) {
    if (e.is_regular_file()) said += read_file(e.path());
  }
  said += read_file(server.server_log());
  CHECK(said.find(k_password) == std::string::npos);
}
