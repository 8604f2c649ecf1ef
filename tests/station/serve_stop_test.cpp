// A stop signal during start-up of `station serve`: SIGTERM (and SIGINT, Ctrl+C) sent the
// moment the web app first accepts a connection ends in a graceful stop (exit 0), never a
// death by the signal. Repeated, since the window is short.
#include <catch2/catch.hpp>

#include <csignal>

#include "station_fixture.hpp"

using namespace cunzhan;
using test::station_env;

TEST_CASE("station serve: a stop at the first accepted connection is graceful, every time", "[signal]") {
  station_env env;
  for (int i = 0; i < 12; ++i) {
    INFO("try " << i);
    const unsigned short port = test::free_port();
    test::process p({test::station_bin(), "--data", env.data, "serve", "--port", std::to_string(port)}, {},
                    (env.dir / "serve.log").string());
    REQUIRE(test::wait_for_port(port, std::chrono::seconds(60), std::chrono::milliseconds(0)));
    CHECK(p.stop(i % 2 ? SIGINT : SIGTERM) == 0);
  }
}
