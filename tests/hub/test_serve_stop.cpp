// A stop signal during start-up: SIGTERM sent the moment `hub serve` first accepts a
// connection (before its handler existed, the signal killed the process with nothing
// logged). Repeated, since the window is short.
#include <catch2/catch.hpp>

#include <csignal>

#include "hub_process.hpp"

using namespace cunzhan;
using cunzhan::hub::testing::hub_process;

TEST_CASE("SIGTERM at the first accepted connection stops gracefully, every time", "[hub][signal]") {
  hub_process h;
  REQUIRE(h.server->stop() == 0);
  const auto log = h.dir.path() / "serve.log";
  for (int i = 0; i < 12; ++i) {
    INFO("try " << i);
    h.server.emplace(std::vector<std::string>{test::hub_bin(), "serve", "--data", h.data, "--listen",
                                              "127.0.0.1:" + std::to_string(h.port), "--cert",
                                              h.certs + "/server.pem", "--key", h.certs + "/server.key"},
                     std::map<std::string, std::string>{}, log.string());
    REQUIRE(test::wait_for_port(h.port, std::chrono::seconds(60), std::chrono::milliseconds(0)));
    CHECK(h.server->stop(SIGTERM) == 0);
    CHECK(test::read_file(log).find("hub stopped") != std::string::npos);
    std::filesystem::remove(log);
  }
}
