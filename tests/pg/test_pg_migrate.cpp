// `hub migrate` (issue 14): a county hub filled through the real sync path (kpi_world:
// enrolled stations, a year of records sent over TLS, nightly rollups, a target) is moved
// into PostgreSQL by the real `hub` program, interrupted (SIGKILL just before a table
// commits) twice and resumed; afterwards every KPI endpoint, the CSV export, `hub report`
// and `hub audit` answer byte for byte what they answered on SQLite. A second district
// into the filled database is refused and changes nothing; the URL's password is never
// printed.
#include <catch2/catch.hpp>

#include <csignal>
#include <cstdlib>
#include <regex>

#include "kpi_world.hpp"
#include "pg_server.hpp"
#include "store/postgres/pg_conn.hpp"

using namespace cunzhan;
using namespace cunzhan::test;
using namespace cunzhan::test::integration;

namespace {

constexpr const char* k_secret = "pw-n0t-for-logs";

// A URL with a password: trust authentication ignores it, so it only tests that no
// output ever shows it.
std::string secret_url(const std::string& db) {
  return "postgresql://postgres:" + std::string(k_secret) + "@/" + db +
         "?host=" + cunzhan::testing::pg_socket_dir();
}

// A JSON answer without "sync_lag_s" (now − last sync: it depends on the moment asked).
std::string without_lag(boost::json::value v) {
  if (auto* o = v.if_object()) {
    o->erase("sync_lag_s");
    for (auto& [k, x] : *o) x = boost::json::parse(without_lag(x));
  } else if (auto* a = v.if_array()) {
    for (auto& x : *a) x = boost::json::parse(without_lag(x));
  }
  return boost::json::serialize(v);
}

// Everything the hub answers about county 510824, as text, for a few periods.
std::map<std::string, std::string> answers(kpi_world& w, const std::string& storage) {
  std::map<std::string, std::string> out;
  const std::string month = format_date(w.today).substr(0, 7), year = month.substr(0, 4);
  const std::string range = "from=" + format_date(w.edge.month_start) + "&to=" + format_date(w.today);
  for (const std::string& q : {std::string(), "period=" + month, "period=" + year, range}) {
    for (const char* what : {"kpis", "townships", "stations", "coverage"}) {
      const std::string target = "/v1/counties/510824/" + std::string(what) + (q.empty() ? "" : "?" + q);
      out[target] = without_lag(w.get_json(target));
    }
    for (const char* table : {"kpis", "townships", "stations", "coverage"}) {
      const std::string target =
          "/v1/counties/510824/report.csv?table=" + std::string(table) + (q.empty() ? "" : "&" + q);
      const auto res = w.get(target);
      REQUIRE(res.status == 200);
      out[target] = res.body;
    }
  }
  std::vector<std::string> cli{"report",   "--data",     w.hub.data().string(),
                               "--county", k_gen_county, "--townships"};
  if (!storage.empty()) cli.insert(cli.end(), {"--storage", storage});
  const auto rep = w.hub.hub(cli);
  REQUIRE(rep.exit_code == 0);
  out["hub report"] = rep.out;
  for (const auto& st : {w.stations[0].id, w.stations[2].id, w.other_station}) {
    std::vector<std::string> a{"audit", "--data", w.hub.data().string(), "--station", st, "--json"};
    if (!storage.empty()) a.insert(a.end(), {"--storage", storage});
    const auto r = w.hub.hub(a);
    REQUIRE(r.exit_code == 0);
    out["hub audit " + st] = r.out;
  }
  return out;
}

// The hub (re)started on `storage` ("" = its hub.db), through CUNZHAN_HUB_STORAGE.
void serve_on(kpi_world& w, const std::string& storage) {
  w.hub.stop();
  if (storage.empty())
    ::unsetenv("CUNZHAN_HUB_STORAGE");
  else
    ::setenv("CUNZHAN_HUB_STORAGE", storage.c_str(), 1);
  w.hub.start();
}

run_result migrate(const fs::path& from, const std::string& to,
                   const std::map<std::string, std::string>& env = {}, std::vector<std::string> extra = {}) {
  std::vector<std::string> argv{hub_bin(), "migrate", "--from", from.string(), "--to", to};
  argv.insert(argv.end(), extra.begin(), extra.end());
  auto r = run(argv, "", env);
  INFO(r.out << r.err);
  CHECK(r.out.find(k_secret) == std::string::npos);
  CHECK(r.err.find(k_secret) == std::string::npos);
  return r;
}

std::int64_t scalar(const std::string& db, const std::string& q) {
  hub::pg::settings s;
  s.url = cunzhan::testing::pg_url_for(db);
  auto c = hub::pg::connection::open(s);
  REQUIRE(c);
  auto r = (*c)->run(q);
  REQUIRE(r);
  return r->int64(0, 0);
}

int count_of(const std::string& text, const std::string& what) {
  int n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("migrate: a synced county hub moves to PostgreSQL, interrupted twice, and answers the same",
          "[pg][migrate]") {
  world_options o;
  o.stations = 16;
  o.silent = 2;
  kpi_world w(o);
  REQUIRE(w.hub
              .hub({"targets", "set", "--data", w.hub.data().string(), "--county", k_gen_county, "--kpi",
                    "station_coverage", "--value", "0.85"})
              .exit_code == 0);
  REQUIRE(w.hub.hub({"nightly", "--data", w.hub.data().string(), "--days", "60"}).exit_code == 0);
  cunzhan::testing::pg_test_db target;
  const std::string url = secret_url(target.name());
  struct env_reset {
    ~env_reset() { ::unsetenv("CUNZHAN_HUB_STORAGE"); }
  } reset;

  // The figures depend on the hub's "today": both sides are read within one Shanghai hour.
  std::map<std::string, std::string> before, after;
  bool migrated = false;
  for (int attempt = 0; attempt < 3; ++attempt) {
    const auto hour = now_seconds().time_since_epoch().count() / 3600;
    serve_on(w, "");
    before = answers(w, "");
    w.hub.stop();  // a district is migrated with its hub stopped
    if (!migrated) {
      // Killed just before table 9 (listing) commits, then before table 12 (op_log): each
      // run leaves whole tables only, and the next one carries on.
      auto first = migrate(w.hub.db(), url, {{"CUNZHAN_TEST_MIGRATE_KILL_AT", "9"}});
      CHECK(first.signal == SIGKILL);
      CHECK(scalar(target.name(), "SELECT count(*) FROM cunzhan_migration") == 8);
      CHECK(scalar(target.name(), "SELECT count(*) FROM listing") == 0);
      auto second = migrate(w.hub.db(), url, {{"CUNZHAN_TEST_MIGRATE_KILL_AT", "12"}});
      CHECK(second.signal == SIGKILL);
      CHECK(scalar(target.name(), "SELECT count(*) FROM cunzhan_migration") == 11);
      CHECK(scalar(target.name(), "SELECT count(*) FROM listing") > 0);
      CHECK(scalar(target.name(), "SELECT count(*) FROM op_log") == 0);
      auto done = migrate(w.hub.db(), url);
      INFO(done.out << done.err);
      REQUIRE(done.exit_code == 0);
      CHECK(count_of(done.out, "(copied by an earlier run") == 11);
      CHECK(done.out.find("tables equal") != std::string::npos);
      CHECK(count_of(done.out, " ok") >= 20);
      CHECK(done.out.find("DIFFERS") == std::string::npos);
      // Every table of the hub.db has a line, with equal counts and digests.
      const std::regex line(R"((\w+) +(\d+) +(\d+)  ([0-9a-f]{16}) ([0-9a-f]{16}) ok)");
      int lines = 0;
      for (std::sregex_iterator it(done.out.begin(), done.out.end(), line), end; it != end; ++it, ++lines) {
        CHECK((*it)[2] == (*it)[3]);
        CHECK((*it)[4] == (*it)[5]);
      }
      CHECK(lines == scalar(target.name(), "SELECT count(*) FROM cunzhan_migration"));
      CHECK(scalar(target.name(), "SELECT count(*) FROM op_log") > 100);
      CHECK(scalar(target.name(), "SELECT count(*) FROM kpi_rollup") > 0);
      migrated = true;
    }
    serve_on(w, url);
    after = answers(w, url);
    if (now_seconds().time_since_epoch().count() / 3600 == hour) break;
  }
  REQUIRE(before.size() == after.size());
  for (const auto& [what, text] : before) {
    const std::string& now = after.at(what);
    std::size_t at = 0;
    while (at < text.size() && at < now.size() && text[at] == now[at]) ++at;
    const std::size_t from = at < 80 ? 0 : at - 80;
    INFO(what << "\nfirst difference, SQLite: …" << text.substr(from, 200) << "\nPostgreSQL: …"
              << now.substr(from, 200));
    CHECK(now == text);
  }
  w.hub.stop();
  ::unsetenv("CUNZHAN_HUB_STORAGE");

  SECTION("a second district into the filled database is refused and changes nothing") {
    hub_fixture other;
    other.stop();
    auto refused = migrate(other.db(), url);
    INFO(refused.err);
    CHECK(refused.exit_code == 2);
    CHECK(refused.err.find("already holds hub data") != std::string::npos);
    CHECK(refused.err.find("已有数据") != std::string::npos);
    auto again = migrate(w.hub.db(), url);  // the first district's copy, re-verified
    CHECK(again.exit_code == 0);
    CHECK(again.out.find("copied 0 rows this run") != std::string::npos);
    CHECK(again.out.find("DIFFERS") == std::string::npos);
  }
  SECTION("a database a PostgreSQL hub already uses is refused; --replace overwrites it") {
    cunzhan::testing::pg_test_db used;
    const std::string used_url = secret_url(used.name());
    REQUIRE(w.hub
                .hub({"import-divisions", "--data", w.hub.data().string(), "--storage", used_url,
                      (divisions_dir() / "streets-500153.csv").string(),
                      (divisions_dir() / "villages-500153.csv").string()})
                .exit_code == 0);
    const auto villages = scalar(used.name(), "SELECT count(*) FROM division_village");
    auto refused = migrate(w.hub.db(), used_url);
    CHECK(refused.exit_code == 2);
    CHECK(refused.err.find("500153") != std::string::npos);
    CHECK(scalar(used.name(), "SELECT count(*) FROM division_village") == villages);
    CHECK(scalar(used.name(), "SELECT (to_regclass('cunzhan_migration') IS NOT NULL)::int") == 0);
    auto replaced = migrate(w.hub.db(), used_url, {}, {"--replace"});
    CHECK(replaced.exit_code == 0);
    CHECK(scalar(used.name(), "SELECT count(*) FROM op_log") ==
          scalar(target.name(), "SELECT count(*) FROM op_log"));
  }
}

TEST_CASE("migrate: a hub.db with a table the migration does not know is refused before anything is copied",
          "[pg][migrate]") {
  hub_fixture hub;
  hub.stop();
  query(hub.db(), "CREATE TABLE extra_notes (id TEXT PRIMARY KEY, note TEXT)");
  cunzhan::testing::pg_test_db target;
  auto r = migrate(hub.db(), secret_url(target.name()));
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("extra_notes") != std::string::npos);
  CHECK(r.err.find("不认识") != std::string::npos);
  CHECK(scalar(target.name(), "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'") == 0);
  CHECK(scalar(target.name(), "SELECT (to_regclass('cunzhan_migration') IS NOT NULL)::int") == 0);
}
