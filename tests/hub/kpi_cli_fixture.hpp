// What the hub CLI tests of the KPIs and villager services share (kpi_cli_test,
// villager_cli_test, villager_roster_cli_test): a county of two villages with a station
// each, the `hub` program run on the store, and the JSON API asked as a staff member.
#pragma once
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "cunzhan/hub/auth.hpp"
#include "cunzhan/hub/router.hpp"
#include "cunzhan/shared/uuid.hpp"
#include "kpi_fixture.hpp"
#include "store/accounts.hpp"

namespace cunzhan::hub::testing {

inline const std::string k_cli_village_1 = "510999100201", k_cli_village_2 = "510999100202";

// Township 510999100 with the two villages and stations S1, S2 opened on `opened`; the
// caller holds the transaction, to add rows of its own.
inline void two_village_county(kpi_db& d, const std::string& opened) {
  d.township("510999100", "一镇");
  d.village(k_cli_village_1, "一村");
  d.village(k_cli_village_2, "二村");
  d.station("S1", k_cli_village_1, opened);
  d.station("S2", k_cli_village_2, opened);
}

// The same county in a transaction of its own, stations opened 2026-01-01 (villager tests).
inline void villager_county(kpi_db& d) {
  d.begin();
  two_village_county(d, "2026-01-01");
  d.commit();
}

// Writes `bytes` to a file `name` in the test's directory; returns its path.
inline std::string write_file(const kpi_db& d, const std::string& name, const std::string& bytes) {
  const auto path = (d.dir.path() / name).string();
  std::ofstream(path, std::ios::binary) << bytes;
  return path;
}

// `hub ARGS --data DIR` on the test's store.
inline test::run_result run_hub(const kpi_db& d, std::vector<std::string> args) {
  std::vector<std::string> argv{test::hub_bin()};
  argv.insert(argv.end(), args.begin(), args.end());
  argv.insert(argv.end(), {"--data", d.data_dir()});
  return test::run(argv);
}

inline std::string first_line(const std::string& s) { return s.substr(0, s.find('\n')); }

// Through the CLI: V1's population (10 people), officer 李信息 (13912345678) at S1 from
// 2026-01-01, at S2 from 11-16, leader from 06-01, trained 2026-03-10 (3.5 h, county);
// checks the list masks the phone. Returns the officer's id.
inline std::string officer_roster(kpi_db& d) {
  const std::string& V1 = k_cli_village_1;
  REQUIRE(run_hub(d, {"import-population",
                      write_file(d, "p.csv", "village_code,population,households\n" + V1 + ",10,4\n")})
              .exit_code == 0);
  auto add =
      run_hub(d, {"officer", "add", "--county", "510999", "--name", "李信息", "--phone", "13912345678"});
  REQUIRE(add.exit_code == 0);
  const std::string o1 = first_line(add.out);
  REQUIRE(
      run_hub(d, {"officer", "assign", "--id", o1, "--station", "S1", "--from", "2026-01-01"}).exit_code ==
      0);
  // Moves to S2 on 11-16: S1 until 11-15.
  REQUIRE(run_hub(d, {"officer", "leave", "--id", o1, "--station", "S1", "--on", "2026-11-15"}).exit_code ==
          0);
  REQUIRE(
      run_hub(d, {"officer", "assign", "--id", o1, "--station", "S2", "--from", "2026-11-16"}).exit_code ==
      0);
  REQUIRE(run_hub(d, {"officer", "leader", "--id", o1, "--on", "2026-06-01"}).exit_code == 0);
  auto list = run_hub(d, {"officer", "list", "--county", "510999"});
  CHECK(list.out.find("139****5678") != std::string::npos);
  CHECK(list.out.find("13912345678") == std::string::npos);
  auto tr = run_hub(d, {"training", "add", "--county", "510999", "--date", "2026-03-10", "--topic",
                        "直播带货", "--hours", "3.5", "--level", "county", "--attendee", o1});
  INFO(tr.err);
  REQUIRE(tr.exit_code == 0);
  return o1;
}

// A staff member of county 510999; returns the token.
inline std::string add_staff(kpi_db& d) {
  auto w = d.store->writer();
  auto tok = issue_token(token_kind::staff);
  staff_row st{uuid_v4(), "staff", "staff", {"510999"}, tok.token_id, tok.secret_hash, 1, std::nullopt};
  REQUIRE(accounts(w.db()).insert_staff(st));
  return tok.token;
}

// GET /v1/counties/510999/kpis through the router, as `token`.
inline net::http_response get_county_kpis(kpi_db& d, const std::string& token,
                                          std::map<std::string, std::string> query) {
  router rt(*d.backend, {}, nullptr);
  net::http_request r;
  r.method = "GET";
  r.path = r.target = "/v1/counties/510999/kpis";
  r.query = std::move(query);
  r.headers.emplace_back("authorization", "Bearer " + token);
  return rt.handle(std::move(r));
}

}  // namespace cunzhan::hub::testing
