// The private PostgreSQL the pg tests run against. Under CTest it is the one the
// "pg: server start" fixture started (CUNZHAN_TEST_PG_STATE names its state file); run by
// hand, tests_pg starts one for itself with the same script and stops it at exit.
#pragma once
#include <string>

namespace cunzhan::testing {

// The directory holding the server's Unix socket.
const std::string& pg_socket_dir();

// A fresh, empty database of its own on that server (so test cases run in parallel),
// dropped when the object goes.
class pg_test_db {
 public:
  pg_test_db();
  ~pg_test_db();
  pg_test_db(const pg_test_db&) = delete;

  const std::string& name() const { return name_; }
  // postgresql:///NAME?host=SOCKET_DIR&user=postgres
  const std::string& url() const { return url_; }

 private:
  std::string name_;
  std::string url_;
};

// The URL of database `name` on the test server.
std::string pg_url_for(const std::string& name);

}  // namespace cunzhan::testing
