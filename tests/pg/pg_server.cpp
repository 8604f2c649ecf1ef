#include "pg_server.hpp"

#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <stdexcept>

#include "store/postgres/pg_conn.hpp"

namespace cunzhan::testing {
namespace {

const std::string k_script = std::string(CUNZHAN_SOURCE_DIR) + "/tests/pg/pg-cluster";

std::string read_state(const std::string& file) {
  std::ifstream in(file);
  std::string dir;
  std::getline(in, dir);
  return dir;
}

// A server of this process's own, for runs outside CTest; stopped by the static's destructor.
struct own_server {
  std::string state = "/tmp/cunzhan-pg-own." + std::to_string(::getpid()) + ".state";
  std::string dir;
  own_server() {
    if (std::system((k_script + " start " + state + " >/dev/null").c_str()) != 0) {
      throw std::runtime_error("could not start a private PostgreSQL (tests/pg/pg-cluster)");
    }
    dir = read_state(state);
  }
  ~own_server() { (void)std::system((k_script + " stop " + state).c_str()); }
};

std::string admin(const std::string& sql) {
  hub::pg::settings s;
  s.url = pg_url_for("postgres");
  auto c = hub::pg::connection::open(s);
  if (!c) return c.err().describe(lang::en);
  auto r = (*c)->exec(sql);
  return r ? "" : r.err().describe(lang::en);
}

}  // namespace

const std::string& pg_socket_dir() {
  static const std::string dir = [] {
    if (const char* state = std::getenv("CUNZHAN_TEST_PG_STATE")) return read_state(state);
    static own_server server;
    return server.dir;
  }();
  return dir;
}

std::string pg_url_for(const std::string& name) {
  return "postgresql:///" + name + "?host=" + pg_socket_dir() + "&user=postgres";
}

pg_test_db::pg_test_db() {
  static std::atomic<int> n{0};
  name_ = "t_" + std::to_string(::getpid()) + "_" + std::to_string(++n);
  // A database name is an identifier, not a value: it cannot be a parameter, and it is ours.
  if (auto e = admin("CREATE DATABASE " + name_); !e.empty()) throw std::runtime_error(e);
  url_ = pg_url_for(name_);
}

pg_test_db::~pg_test_db() { (void)admin("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)"); }

}  // namespace cunzhan::testing
