// Every admin command on PostgreSQL, as the real `hub` program (CUNZHAN_HUB_STORAGE set):
// init, import-divisions, enroll and serve come from the fixture; here revoke, staff
// add/revoke, station close/reopen/list, targets set/list, report, nightly, check, audit,
// backup (which must refuse and name pg_dump), and the villager services' import-population,
// officer and training. Each is checked by what it did: the rows in the database, `hub
// serve`'s answers, and the report's figures; none may leave a hub.db behind.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <regex>

#include "cunzhan/net/https_client.hpp"
#include "fixture.hpp"
#include "pg_server.hpp"
#include "store/postgres/pg_conn.hpp"

using namespace cunzhan;
using namespace cunzhan::test;
using namespace cunzhan::test::integration;

namespace {

std::int64_t scalar(hub::pg::connection& c, const std::string& q, const hub::pg::params& p = {}) {
  auto r = c.run(q, p);
  if (!r) throw std::runtime_error(r.err().describe(lang::en));
  return r->int64(0, 0);
}

// The line of the report for 荣昌区 in `period` that starts with `label`.
std::string report_line(const hub_fixture& hub, const std::string& period, const std::string& label) {
  const auto r = hub.hub(
      {"report", "--data", hub.data().string(), "--county", "500153", "--period", period, "--lang", "en"});
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  const auto at = r.out.find(label);
  REQUIRE(at != std::string::npos);
  return r.out.substr(at, r.out.find('\n', at) - at);
}

// The report's "Operating stations: N" for 荣昌区 in `period`.
int operating(const hub_fixture& hub, const std::string& period) {
  const auto r = hub.hub(
      {"report", "--data", hub.data().string(), "--county", "500153", "--period", period, "--lang", "en"});
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  std::smatch m;
  REQUIRE(std::regex_search(r.out, m, std::regex("Operating stations: ([0-9]+)")));
  return std::stoi(m[1].str());
}

int get_status(const hub_fixture& hub, const std::string& path, const std::string& token) {
  net::client_options o;
  o.host = "127.0.0.1";
  o.port = hub.port();
  o.ca_pem = read_file(hub.ca());
  net::https_client c(o);
  auto r = c.request("GET", path, {{"authorization", "Bearer " + token}}, "");
  REQUIRE(r);
  return r->status;
}

}  // namespace

TEST_CASE("admin commands on PostgreSQL: revoke, staff, station, targets, report, nightly, check, backup",
          "[pg][cli]") {
  cunzhan::testing::pg_test_db db;
  ::setenv("CUNZHAN_HUB_STORAGE", db.url().c_str(), 1);
  struct env_reset {
    ~env_reset() { ::unsetenv("CUNZHAN_HUB_STORAGE"); }
  } reset;
  hub_fixture hub;  // hub init, import-divisions, serve: on PostgreSQL
  REQUIRE(!fs::exists(hub.db()));
  hub::pg::settings ps;
  ps.url = db.url();
  auto opened = hub::pg::connection::open(ps);
  REQUIRE(opened);
  auto& pg = **opened;
  const auto data = hub.data().string();
  const auto must = [&](std::vector<std::string> args) {
    auto r = hub.hub(args);
    INFO("hub " << args.at(0) << ": " << r.out << r.err);
    REQUIRE(r.exit_code == 0);
    return r.out;
  };

  SECTION("revoke: the station's next sync is refused by hub serve") {
    station_fixture a(hub, "500153114202", "吊销站");
    a.import_listings(2, "before");
    REQUIRE(a.sync().run.exit_code == 0);
    CHECK(hub.audit(a.id()).size() == 2);
    must({"revoke", "--data", data, a.id()});
    CHECK(scalar(pg, "SELECT count(*) FROM station WHERE id = $1 AND revoked_at IS NOT NULL", {a.id()}) == 1);
    a.import_listings(1, "after");
    auto js = a.sync();
    CHECK(js.run.exit_code == 1);
    REQUIRE(js.json.contains("error"));
    CHECK(js.json.at("error").as_object().at("code").as_string() == "unauthorized");
    CHECK(hub.audit(a.id()).size() == 2);  // nothing applied after the revocation
  }

  SECTION("staff add/revoke: the token reads its county, then gets 401") {
    const auto out = must({"staff", "add", "--data", data, "--name", "李干事", "--county", "500153"});
    std::smatch id, tok;
    REQUIRE(std::regex_search(out, id, std::regex("staff_id=([0-9a-f-]+)")));
    REQUIRE(std::regex_search(out, tok, std::regex("token=(sf_[0-9a-f_]+)")));
    CHECK(scalar(pg, "SELECT count(*) FROM staff WHERE id = $1 AND revoked_at IS NULL", {id[1].str()}) == 1);
    CHECK(get_status(hub, "/v1/counties/500153/kpis?period=2026-11", tok[1].str()) == 200);
    CHECK(get_status(hub, "/v1/counties/510824/kpis?period=2026-11", tok[1].str()) == 403);
    must({"staff", "revoke", "--data", data, id[1].str()});
    CHECK(get_status(hub, "/v1/counties/500153/kpis?period=2026-11", tok[1].str()) == 401);
  }

  SECTION("station close/reopen and targets: the report's count and pass/fail follow") {
    const auto enrol = [&](const std::string& village, const std::string& name) {
      const auto out = must({"enroll", "--data", data, "--village", village, "--name", name, "--opened-on",
                             "2026-10-01", "--hub-url", hub.url(), "--ca", hub.ca().string(), "--out",
                             (hub.dir() / (name + ".json")).string()});
      std::smatch m;
      REQUIRE(std::regex_search(out, m, std::regex("station_id=([0-9a-f-]+)")));
      return m[1].str();
    };
    const auto s1 = enrol("500153114202", "s1");
    enrol("500153114201", "s2");
    CHECK(operating(hub, "2026-11") == 2);
    must({"station", "close", "--data", data, "--id", s1, "--on", "2026-11-02"});
    CHECK(scalar(pg, "SELECT count(*) FROM station WHERE id = $1 AND closed_on = '2026-11-02'", {s1}) == 1);
    CHECK(must({"station", "list", "--data", data, "--json"}).find("\"closed_on\":\"2026-11-02\"") !=
          std::string::npos);
    CHECK(operating(hub, "2026-11") == 1);
    CHECK(operating(hub, "2026-10") == 2);  // it still counts up to the day before
    must({"station", "reopen", "--data", data, "--id", s1});
    CHECK(operating(hub, "2026-11") == 2);

    const auto coverage_line = [&] {
      const auto r =
          must({"report", "--data", data, "--county", "500153", "--period", "2026-11", "--lang", "en"});
      const auto at = r.find("Village station coverage");
      REQUIRE(at != std::string::npos);
      return r.substr(at, r.find('\n', at) - at);
    };
    CHECK(coverage_line().find("NO") != std::string::npos);  // 2 of 92 villages against 80 %
    must({"targets", "set", "--data", data, "--county", "500153", "--kpi", "station_coverage", "--value",
          "0.01"});
    CHECK(scalar(pg, "SELECT count(*) FROM kpi_target WHERE county_code = '500153'") == 1);
    CHECK(must({"targets", "list", "--data", data, "--county", "500153"}).find("0.01") != std::string::npos);
    const auto line = coverage_line();
    CHECK(line.find("1.0%") != std::string::npos);
    CHECK(line.find("yes") != std::string::npos);
  }

  SECTION("import-population, officer and training land in PostgreSQL and move its report") {
    const auto out = must({"enroll", "--data", data, "--village", "500153114202", "--name", "培训站",
                           "--opened-on", "2026-10-01", "--hub-url", hub.url(), "--ca", hub.ca().string(),
                           "--out", (hub.dir() / "t.json").string()});
    std::smatch st;
    REQUIRE(std::regex_search(out, st, std::regex("station_id=([0-9a-f-]+)")));
    const std::string station = st[1].str();
    const std::string served = "Share of population served", trained = "Stations with a trained officer";
    CHECK(report_line(hub, "2026-11", served).find("—") != std::string::npos);  // no population yet

    const auto csv = hub.dir() / "population.csv";
    write_file(csv, "village_code,population,households\n500153114202,120,40\n500153114201,80,30\n");
    CHECK(must({"import-population", "--data", data, csv.string()}).find("2 villages imported") !=
          std::string::npos);
    CHECK(scalar(pg, "SELECT sum(population) FROM village_population") == 200);
    CHECK(report_line(hub, "2026-11", served).find("0.0%") != std::string::npos);

    std::smatch id;
    const auto added = must({"officer", "add", "--data", data, "--county", "500153", "--name", "张信息员",
                             "--phone", "13812345678"});
    REQUIRE(std::regex_search(added, id, std::regex("^([0-9a-f-]{36})")));
    const std::string officer = id[1].str();
    must(
        {"officer", "assign", "--data", data, "--id", officer, "--station", station, "--from", "2026-10-01"});
    must({"officer", "leader", "--data", data, "--id", officer, "--on", "2026-10-15"});
    CHECK(scalar(pg, "SELECT count(*) FROM officer WHERE id = $1 AND leader_designated_on = '2026-10-15'",
                 {officer}) == 1);
    CHECK(scalar(pg, "SELECT count(*) FROM officer_station WHERE officer_id = $1 AND to_on IS NULL",
                 {officer}) == 1);
    CHECK(report_line(hub, "2026-11", trained).find("0.0%") != std::string::npos);

    // A refusal (unknown attendee) changes nothing, on PostgreSQL too.
    const auto bad = hub.hub({"training", "add", "--data", data, "--county", "500153", "--date", "2026-11-05",
                              "--topic", "直播带货", "--hours", "2", "--level", "county", "--attendee",
                              officer, "--attendee", "nobody"});
    CHECK(bad.exit_code == 2);
    CHECK(scalar(pg, "SELECT count(*) FROM training_session") == 0);
    const auto session =
        must({"training", "add", "--data", data, "--county", "500153", "--date", "2026-11-05", "--topic",
              "直播带货", "--hours", "2", "--level", "county", "--attendee", officer});
    CHECK(scalar(pg, "SELECT count(*) FROM training_attendee WHERE officer_id = $1", {officer}) == 1);
    CHECK(scalar(pg, "SELECT count(*) FROM training_session WHERE id || '\n' = $1", {session}) == 1);
    CHECK(report_line(hub, "2026-11", trained).find("100.0%") != std::string::npos);

    const auto list = must({"officer", "list", "--data", data, "--county", "500153"});
    CHECK(list.find("张信息员  138****5678  农村电商带头人 since 2026-10-15") != std::string::npos);
    CHECK(list.find("station " + station + "  2026-10-01 … ") != std::string::npos);
    must({"officer", "leave", "--data", data, "--id", officer, "--station", station, "--on", "2026-11-20"});
    CHECK(scalar(pg, "SELECT count(*) FROM officer_station WHERE to_on = '2026-11-20'") == 1);
    CHECK(!fs::exists(hub.db()));  // nothing went to a stray SQLite file
  }

  SECTION("nightly writes the rollups; check answers ok; backup refuses and names pg_dump") {
    station_fixture a(hub, "500153114202", "汇总站");
    a.import_listings(3, "n");
    REQUIRE(a.sync().run.exit_code == 0);
    CHECK(scalar(pg, "SELECT count(*) FROM kpi_rollup") == 0);
    must({"nightly", "--data", data, "--days", "3"});
    CHECK(scalar(pg, "SELECT count(*) FROM kpi_rollup WHERE county_code = '500153'") > 0);
    CHECK(must({"check", "--data", data}).find("ok") != std::string::npos);
    const auto dest = hub.dir() / "backup.db";
    const auto b = hub.hub({"backup", "--data", data, "--to", dest.string()});
    INFO(b.out << b.err);
    CHECK(b.exit_code != 0);
    CHECK(b.err.find("pg_dump") != std::string::npos);
    CHECK(!fs::exists(dest));
    CHECK(b.out.find("ok") == std::string::npos);
  }
}
