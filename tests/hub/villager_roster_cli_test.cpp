// The hub side of the villager services at a console: `hub import-population` (GBK,
// every problem listed, nothing changed on error) and `hub officer` / `hub training`
// (phones masked, refusals bilingual and changing nothing).
#include <catch2/catch.hpp>

#include "kpi_cli_fixture.hpp"

using namespace cunzhan;
using namespace cunzhan::hub;
using namespace cunzhan::hub::testing;

namespace {

const std::string &V1 = k_cli_village_1, &V2 = k_cli_village_2;

long long rows(kpi_db& d, const std::string& table) {
  auto db = d.store->reader();
  auto st = db->db().prepare("SELECT count(*) FROM " + table);
  REQUIRE(st);
  REQUIRE(*st->step());
  return st->column_int(0);
}

}  // namespace

TEST_CASE("hub import-population: GBK, every problem listed, nothing changed on error", "[villager][cli]") {
  kpi_db d;
  villager_county(d);
  // Two unknown villages, a bad number and more households than people: all four named.
  const auto bad =
      write_file(d, "bad.csv",
                 "village_code,population,households\n" + V1 +
                     ",120,40\n510999100299,5,1\n510999100298,6,2\n" + V2 + ",many,3\n" + V2 + ",3,9\n");
  auto r = run_hub(d, {"import-population", bad});
  INFO(r.err);
  CHECK(r.exit_code == 2);
  for (const char* needle : {"510999100299", "510999100298", "bad.csv:5", "bad.csv:6", "错误："})
    CHECK(r.err.find(needle) != std::string::npos);
  CHECK(rows(d, "village_population") == 0);

  // GBK with the Chinese header (as Excel saves it on a Chinese Windows).
  const std::string gbk_header =
      "\xB4\xE5\xB4\xFA\xC2\xEB\x2C\xBB\xA7\xBC\xAE\xC8\xCB\xBF\xDA\x2C\xBB\xA7\xCA\xFD\x0D\x0A";
  const auto good = write_file(d, "good.csv", gbk_header + V1 + ",120,40\r\n" + V2 + ",0,0\r\n");
  auto ok = run_hub(d, {"import-population", good});
  INFO(ok.err);
  REQUIRE(ok.exit_code == 0);
  CHECK(rows(d, "village_population") == 2);
}

TEST_CASE("hub officer and training: the roster with masked phones, refusals change nothing",
          "[villager][cli]") {
  kpi_db d;
  villager_county(d);
  const std::string o1 = officer_roster(d);

  // Refusals change nothing.
  for (const std::vector<std::string>& bad : std::vector<std::vector<std::string>>{
           {"officer", "assign", "--id", o1, "--station", "nope", "--from", "2026-01-01"},
           {"officer", "assign", "--id", "nobody", "--station", "S1", "--from", "2026-01-01"},
           {"officer", "add", "--county", "510999", "--name", "王", "--phone", "12345"},
           {"training", "add", "--county", "510999", "--date", "2026-03-10", "--topic", "x", "--hours", "0.3",
            "--level", "county", "--attendee", o1},
           {"training", "add", "--county", "510999", "--date", "2026-03-10", "--topic", "x", "--hours", "2",
            "--level", "village", "--attendee", o1}}) {
    auto b = run_hub(d, bad);
    INFO(bad[1] << ": " << b.err);
    CHECK(b.exit_code == 2);
    CHECK(b.err.find("错误：") != std::string::npos);
  }
  CHECK(rows(d, "officer") == 1);
  CHECK(rows(d, "officer_station") == 2);
  CHECK(rows(d, "training_session") == 1);
}
