// The reporting chain's stores on PostgreSQL: a county hub whose data and province link
// live in PostgreSQL (join, a month waiting while the province is down, sent once under
// its id when it is back, by `hub nightly`); the province's intake on two connections at
// once (as two `hub serve` processes): one version, every other answer `duplicate`; a
// conflicting resubmission refused; the schema migrated once and a newer one refused;
// `hub migrate` carrying a county's upstream.db and a province's province.db into PostgreSQL.
#include <catch2/catch.hpp>

#include <algorithm>
#include <thread>

#include "cunzhan/hub/auth.hpp"
#include "cunzhan/hub/province/periods.hpp"
#include "cunzhan/shared/time.hpp"
#include "cunzhan/shared/uuid.hpp"
#include "pg_server.hpp"
#include "province/intake.hpp"
#include "province_world.hpp"

using namespace cunzhan;
using namespace cunzhan::test;
using namespace cunzhan::test::province;
using cunzhan::testing::pg_test_db;
namespace json = boost::json;

namespace {

// A county's report envelope as the intake reads it (the figures do not matter here).
std::string envelope(const std::string& id, const std::string& county, const std::string& month, int sales) {
  return json::serialize(json::object{
      {"submission_id", id},
      {"county_code", county},
      {"period", month},
      {"report", json::object{{"kpis", json::object{{"county_code", county},
                                                    {"period", json::object{{"label", month}}},
                                                    {"activity", json::object{{"sales", sales}}}}}}}});
}

std::string answer_status(const net::http_response& r) {
  if (r.status != 200) return std::to_string(r.status);
  return std::string(json::parse(r.body).at("status").as_string());
}

}  // namespace

TEST_CASE("a county hub on PostgreSQL keeps its province link and waiting months there and sends them once",
          "[province][pg]") {
  const std::string m2 = month_back(2), m1 = month_back(1);
  province_hub p;
  pg_test_db county_db;
  temp_dir dir("county-pg");
  const std::string data = (dir.path() / "data").string();
  const auto hub = [&](std::vector<std::string> args) {
    args.insert(args.begin(), hub_bin());
    args.insert(args.end(), {"--data", data, "--storage", county_db.url()});
    return run(args);
  };
  const auto div = divisions_dir();
  {
    auto r = hub(
        {"import-divisions", (div / "streets-500153.csv").string(), (div / "villages-500153.csv").string()});
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
  }
  const fs::path file = dir.path() / "county-enrolment.json";
  REQUIRE(
      p.hub({"enroll-county", "500153", "--url", p.url(), "--ca", p.ca().string(), "--out", file.string()})
          .exit_code == 0);
  {
    auto r = hub({"province", "join", file.string(), "--from", m2});
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
  }
  CHECK(!fs::exists(fs::path(data) / "upstream.db"));  // the link is in PostgreSQL, schema upstream
  CHECK(pg_query(county_db.url(), "SELECT county_code, first_period FROM upstream.link") ==
        std::vector<std::vector<std::string>>{{"500153", m2}});

  // The province is down: the oldest month gets its id, committed, and waits.
  p.stop();
  {
    auto r = hub({"province", "submit"});
    INFO(r.out << r.err);
    CHECK(r.exit_code == 75);
  }
  const auto waiting =
      pg_query(county_db.url(), "SELECT period, submission_id FROM upstream.sent WHERE acked = 0");
  REQUIRE(waiting.size() == 1);
  CHECK(waiting[0][0] == m2);
  CHECK(hub({"province", "status"}).out.find(m2 + "  waiting to be sent again") != std::string::npos);

  // Back: the county's nightly job sends both months, the waiting one under its id.
  p.start();
  {
    auto r = hub({"nightly"});
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(r.out.find("province: sent 2, acknowledged 2") != std::string::npos);
  }
  const auto stored = p.query(
      "SELECT period, submission_id, version FROM submission WHERE county_code = '500153' ORDER BY period");
  REQUIRE(stored.size() == 2);
  CHECK(stored[0] == std::vector<std::string>{m2, waiting[0][1], "1"});
  CHECK(stored[1][0] == m1);
  CHECK(pg_query(county_db.url(), "SELECT count(*) FROM upstream.sent WHERE acked = 0")[0][0] == "0");
  CHECK(hub({"province", "submit"}).out.find("sent 0") != std::string::npos);  // nothing due twice
  // Its backup is PostgreSQL's (the link is in the same database): `hub nightly
  // --backup-dir` says how, as `hub backup` does, and writes nothing.
  const fs::path backups = dir.path() / "backups";
  auto n = hub({"nightly", "--backup-dir", backups.string()});
  CHECK(n.exit_code == 1);
  CHECK(n.err.find("pg_dump") != std::string::npos);
  CHECK((!fs::exists(backups) || fs::is_empty(backups)));
}

TEST_CASE("province intake on PostgreSQL from two connections at once: one version, the rest duplicate",
          "[province][pg]") {
  pg_test_db db;
  const std::string m1 = month_back(1);
  std::unique_ptr<hub::province::province_store> a, b;
  {
    // Two processes opening a new database together: the schema is made once.
    std::thread t([&] {
      auto s = hub::province::open_province_store(db.url(), "", true, "51");
      if (s) a = std::move(*s);
    });
    auto s = hub::province::open_province_store(db.url(), "", false);
    t.join();
    REQUIRE(a);
    if (!s) {
      // Not made yet when it looked: a later open finds it.
      CHECK(s.err().code == errc::not_initialised);
      s = hub::province::open_province_store(db.url(), "", false);
    }
    REQUIRE(s);
    b = std::move(*s);
  }
  CHECK(pg_query(db.url(), "SELECT version FROM province.cunzhan_schema").size() == 1);
  CHECK(*a->province_code() == "51");
  CHECK(!hub::province::open_province_store(db.url(), "", true, "51"));  // one province per database

  // Eight requests with one submission at once, half on each connection, ten times over
  // (ten counties), so the race is met every run.
  std::string id;
  for (int round = 0; round < 10; ++round) {
    const std::string county = std::to_string(510801 + round);
    id = uuid_v4();
    net::http_request req;
    req.body = envelope(id, county, m1, 100);
    std::vector<std::string> answers(8);
    std::vector<std::thread> ts;
    for (std::size_t i = 0; i < answers.size(); ++i) {
      ts.emplace_back([&, i] {
        auto& store = i % 2 == 0 ? *a : *b;
        answers[i] = answer_status(hub::province::take_submission(store, county, req, 1000));
      });
    }
    for (auto& t : ts) t.join();
    INFO("round " << round);
    CHECK(std::count(answers.begin(), answers.end(), "accepted") == 1);
    CHECK(std::count(answers.begin(), answers.end(), "duplicate") == 7);
    CHECK(pg_query(db.url(), "SELECT version, submission_id FROM province.submission WHERE county_code = '" +
                                 county + "'") == std::vector<std::vector<std::string>>{{"1", id}});
  }

  // The same id with another report: refused (409), nothing stored; the same report under
  // a new id: unchanged; a changed report under a new id: version 2, with what changed.
  net::http_request other;
  const std::string county = "510810";  // the last round's
  other.body = envelope(id, county, m1, 120);
  CHECK(answer_status(hub::province::take_submission(*b, county, other, 1001)) == "409");
  net::http_request same;
  same.body = envelope(uuid_v4(), county, m1, 100);
  CHECK(answer_status(hub::province::take_submission(*b, county, same, 1002)) == "unchanged");
  net::http_request changed;
  changed.body = envelope(uuid_v4(), county, m1, 120);
  CHECK(answer_status(hub::province::take_submission(*a, county, changed, 1003)) == "accepted");
  CHECK(pg_query(db.url(), "SELECT version FROM province.submission WHERE county_code = '" + county +
                               "' ORDER BY rowid") == std::vector<std::vector<std::string>>{{"1"}, {"2"}});
  // Another county's token naming this county: refused before anything is read.
  CHECK(answer_status(hub::province::take_submission(*a, "500153", changed, 1004)) == "403");
  CHECK(*a->integrity_check() == "ok");

  // A database migrated by a newer program is refused, not written to.
  REQUIRE(pg_query(db.url(), "UPDATE province.cunzhan_schema SET version = 99 RETURNING version").size() ==
          1);
  auto newer = hub::province::open_province_store(db.url(), "", false);
  REQUIRE(!newer);
  CHECK(newer.err().code == errc::db_schema_too_new);
}

TEST_CASE(
    "hub migrate takes a county hub's province link along: it reports on from PostgreSQL under the same ids",
    "[province][pg]") {
  const std::string m2 = month_back(2), m1 = month_back(1);
  province_hub p;
  county rc("500153", integration::k_village_a);
  rc.join(p, m2);
  p.stop();
  REQUIRE(rc.submit().exit_code == 75);  // m2 waits under its id
  const auto waiting = integration::query(rc.hub->data() / "upstream.db",
                                          "SELECT period, submission_id FROM sent WHERE acked = 0");
  REQUIRE(waiting.size() == 1);
  const auto status_sqlite = rc.hub->hub({"province", "status", "--data", rc.hub->data().string()}).out;

  rc.hub->stop();  // a district is migrated with its hub stopped
  pg_test_db target;
  auto m = run({hub_bin(), "migrate", "--from", rc.hub->db().string(), "--to", target.url()});
  INFO(m.out << m.err);
  REQUIRE(m.exit_code == 0);
  CHECK(m.out.find("upstream.db (province link): 1 submissions copied and equal") != std::string::npos);
  const auto on_pg = [&](std::vector<std::string> args) {
    args.insert(args.begin(), hub_bin());
    args.insert(args.end(), {"--data", rc.hub->data().string(), "--storage", target.url()});
    return run(args);
  };
  CHECK(on_pg({"province", "status"}).out == status_sqlite);
  // Running it again (an interrupted migration is rerun) changes nothing.
  REQUIRE(run({hub_bin(), "migrate", "--from", rc.hub->db().string(), "--to", target.url()}).exit_code == 0);
  CHECK(on_pg({"province", "status"}).out == status_sqlite);

  p.start();
  auto r = on_pg({"province", "submit"});
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  const auto stored = p.query(
      "SELECT period, submission_id, version FROM submission WHERE county_code = '500153' ORDER BY period");
  REQUIRE(stored.size() == 2);
  CHECK(stored[0] == std::vector<std::string>{m2, waiting[0][1], "1"});
  CHECK(stored[1][0] == m1);
}

TEST_CASE("hub migrate moves a province's province.db into PostgreSQL, every table equal", "[province][pg]") {
  const std::string m1 = month_back(1), m2 = month_back(2);
  temp_dir dir("province-sqlite");
  const std::string data = (dir.path() / "data").string();
  hub::province::staff_row staff;
  std::string county_token_id;
  {
    auto s = hub::province::province_store::open(data, true, "51");
    REQUIRE(s);
    auto& p = **s;
    REQUIRE(p.upsert_counties({{"510824", "5108", "51", 31, 200, "苍溪县", "广元市"}}));
    const auto tok = hub::issue_token(hub::token_kind::county);
    county_token_id = tok.token_id;
    REQUIRE(p.issue_county_token({tok.token_id, "510824", tok.secret_hash, 5, std::nullopt}));
    const auto st = hub::issue_token(hub::token_kind::province_staff);
    staff = {uuid_v4(), "省商务厅", {"5108"}, st.token_id, st.secret_hash, std::nullopt};
    REQUIRE(p.insert_staff(staff, 5));
    REQUIRE(p.insert_session(std::string(32, '\x01'), staff.id, 4'000'000'000));
    for (const auto& [month, sales] : {std::pair{m2, 10}, std::pair{m1, 20}, std::pair{m1, 30}}) {
      net::http_request req;
      req.body = envelope(uuid_v4(), "510824", month, sales);
      REQUIRE(answer_status(hub::province::take_submission(p, "510824", req, 1000)) == "accepted");
    }
  }
  pg_test_db target;
  const auto migrate = [&](std::vector<std::string> extra) {
    std::vector<std::string> a{hub_bin(), "migrate", "--from", data + "/province.db", "--to", target.url()};
    a.insert(a.end(), extra.begin(), extra.end());
    return run(a);
  };
  auto m = migrate({});
  INFO(m.out << m.err);
  REQUIRE(m.exit_code == 0);
  CHECK(m.out.find("submission: 3 rows in province.db, 3 in PostgreSQL, equal") != std::string::npos);
  CHECK(m.out.find("every table equal") != std::string::npos);

  auto pg = hub::province::open_province_store(target.url(), "", false);
  REQUIRE(pg);
  auto sqlite = hub::province::province_store::open(data, false);
  REQUIRE(sqlite);
  CHECK(*(*pg)->province_code() == "51");
  for (const auto& month : {m2, m1}) {
    auto a = (*pg)->versions("510824", month);
    auto b = (*sqlite)->versions("510824", month);
    REQUIRE((a && b));
    REQUIRE(a->size() == b->size());
    for (std::size_t i = 0; i < a->size(); ++i) {
      CHECK((*a)[i].submission_id == (*b)[i].submission_id);
      CHECK((*a)[i].report == (*b)[i].report);
      CHECK((*a)[i].changes == (*b)[i].changes);
    }
  }
  auto tok = (*pg)->county_token(county_token_id);
  REQUIRE((tok && *tok));
  CHECK((*tok)->county_code == "510824");
  auto who = (*pg)->session(std::string(32, '\x01'), 1000);
  REQUIRE((who && *who));
  CHECK((*who)->token_hash == staff.token_hash);
  CHECK((*who)->cities == std::vector<std::string>{"5108"});

  // A province is there now: a second run is refused with nothing changed, unless --replace.
  auto again = migrate({});
  CHECK(again.exit_code == 2);
  CHECK(again.err.find("already") != std::string::npos);
  CHECK(migrate({"--replace"}).exit_code == 0);
  CHECK((*pg)->versions("510824", m1)->size() == 2);
}
