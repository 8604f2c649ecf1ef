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
