// The `hub` commands that decide by the date take it from the clock they are given
// (issue 13): `hub nightly` run in-process with a test_clock just past midnight rolls up
// and backs up the day before by that clock, whatever the machine's date.
#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>

#include "cli/commands.hpp"
#include "cunzhan/shared/clock.hpp"
#include "test_support.hpp"

using namespace cunzhan;
using namespace cunzhan::hub;

TEST_CASE("hub nightly: a test_clock decides which day is yesterday (issue 13)") {
  test::temp_dir dir("hub-cli-clock");
  const std::filesystem::path data = dir.path() / "data", backups = dir.path() / "backups";
  REQUIRE(cli::cmd_init({"--data", data.string()}) == 0);

  // A leap year, half an hour into 1 March in Asia/Shanghai (still 29 February in UTC).
  test_clock clock(*parse_instant("2032-03-01T00:30:00+08:00"));
  const cli::argv_t nightly = {"--data", data.string(), "--backup-dir", backups.string()};
  REQUIRE(cli::cmd_nightly(nightly, clock) == 0);
  CHECK(std::filesystem::exists(backups / "hub-2032-02-29.db"));

  clock.advance(std::chrono::hours(24));
  REQUIRE(cli::cmd_nightly(nightly, clock) == 0);
  CHECK(std::filesystem::exists(backups / "hub-2032-03-01.db"));
  CHECK_FALSE(std::filesystem::exists(backups / "hub-2032-03-02.db"));
}
