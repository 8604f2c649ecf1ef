// The people-served summary (store/served_summary.hpp) against the count from the services
// themselves (the path a window that is not whole months takes): after every kind of change
// a station can push (a villager who moves village, a service that moves to another day or
// villager, a service that arrives before its villager) both give the same figures for every
// month, quarter and year. Also compiled over PostgreSQL by tests/pg.
#include <catch2/catch.hpp>

#include <map>
#include <random>

#include "cunzhan/hub/kpi.hpp"
#include "cunzhan/hub/kpi_period.hpp"
#include "ingest_fixture.hpp"

using namespace cunzhan;
using namespace cunzhan::hub;
using namespace cunzhan::hub::testing;

namespace {

using counts = std::map<std::string, std::pair<std::int64_t, std::int64_t>>;  // key → (current, earlier)

counts non_zero(const std::vector<kpi_served>& rows) {
  counts out;
  for (const auto& r : rows) {
    if (r.current != 0 || r.earlier != 0) out[r.key] = {r.current, r.earlier};
  }
  return out;
}

struct served_pair {
  counts by_village, by_station;
};

// The people-served rows for period p, from the summary or (whole_months false) the services.
served_pair served(fixture& f, const kpi::period& p, bool whole_months) {
  kpi::options o;
  o.with_services = true;
  o.now_s = 1798732800;  // 2027-01-01: every period is over
  kpi_query q = kpi::query_for("510824", p, o);
  REQUIRE(q.villager);
  if (!whole_months) q.villager->current_month = q.villager->earlier_month = "";
  auto rows = f.backend->kpi_inputs(q);
  if (!rows) FAIL(rows.err().describe(lang::en));
  return {non_zero(rows->villager->served_by_village), non_zero(rows->villager->served_by_station)};
}

std::string day_text(int year, int month, int day) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
  return buf;
}

// A station's random pushes, each op a change the summary must follow.
struct world {
  fixture& f;
  std::mt19937 rng{20261207};
  std::map<std::string, std::int64_t> seq;                            // station id → last seq
  std::vector<std::pair<const station_row*, std::string>> villagers;  // owner, id (sent or not yet)
  std::vector<std::pair<const station_row*, std::string>> services;   // owner, id

  int pick(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); }
  const station_row& station() { return pick(0, 1) == 0 ? f.a : f.b; }
  std::string village() { return pick(0, 1) == 0 ? village_a : village_b; }
  // Up to October 2026: the ops are dated 2026-11-20 and a service may not be later.
  std::string day() {
    const int y = pick(2024, 2026);
    return day_text(y, pick(1, y == 2026 ? 10 : 12), pick(1, 28));
  }

  boost::json::object villager_op(const station_row& s, const std::string& id) {
    boost::json::object d{{"id", id}, {"village_code", village()}, {"household_size", 3}};
    return make_op(uuid_v7(), ++seq[s.id], "villager", id, d);
  }
  boost::json::object service_op(const station_row& s, const std::string& id) {
    const auto& v = villagers.at(static_cast<std::size_t>(pick(0, static_cast<int>(villagers.size()) - 1)));
    boost::json::object d{
        {"id", id}, {"villager_id", v.second}, {"served_on", day()}, {"kind", "information"}};
    return make_op(uuid_v7(), ++seq[s.id], "service", id, d);
  }

  // One push of a few ops by one station: new villagers (some only named by services
  // until later), new services, services moved, villagers moved.
  void push_some() {
    const station_row& s = station();
    boost::json::array ops;
    for (int n = pick(1, 6); n > 0; --n) {
      const int what = pick(0, 9);
      if (what < 2 || villagers.empty()) {
        villagers.emplace_back(&s, uuid_v4());
        if (pick(0, 3) != 0) ops.push_back(villager_op(s, villagers.back().second));  // else: sent later
      } else if (what < 6 || services.empty()) {
        services.emplace_back(&s, uuid_v4());
        ops.push_back(service_op(s, services.back().second));
      } else if (what < 8) {
        const auto& [owner, id] =
            services.at(static_cast<std::size_t>(pick(0, static_cast<int>(services.size()) - 1)));
        if (owner == &s) ops.push_back(service_op(s, id));  // another day, maybe another villager
      } else {
        const auto& [owner, id] =
            villagers.at(static_cast<std::size_t>(pick(0, static_cast<int>(villagers.size()) - 1)));
        if (owner == &s) ops.push_back(villager_op(s, id));  // sent late, or moved village
      }
    }
    if (ops.empty()) return;
    auto out = push(f, s, batch(std::move(ops)));
    for (const auto& r : out.response.results) {
      INFO(r.error_code << ": " << r.error_message);
      REQUIRE(r.status == op_status::applied);
    }
  }
};

std::vector<kpi::period> periods() {
  std::vector<kpi::period> out;
  for (int y = 2024; y <= 2027; ++y) {
    for (unsigned m = 1; m <= 12; ++m) out.push_back(kpi::month_period(y, m));
    out.push_back(*kpi::parse_period(std::to_string(y), {}, {}));
    out.push_back(*kpi::parse_period(std::to_string(y) + "-Q2", {}, {}));
  }
  return out;
}

}  // namespace

TEST_CASE("people served: the summary gives the services' own count after every change",
          "[kpi][villager][summary]") {
  fixture f;
  world w{f};
  const auto all = periods();
  std::int64_t seen = 0;
  for (int round = 0; round < 12; ++round) {
    for (int i = 0; i < 15; ++i) w.push_some();
    for (const auto& p : all) {
      INFO("round " << round << ", period " << p.label);
      const auto summary = served(f, p, true);
      const auto exact = served(f, p, false);
      CHECK(summary.by_village == exact.by_village);
      CHECK(summary.by_station == exact.by_station);
      for (const auto& [k, n] : exact.by_village) seen += n.first;
    }
  }
  CHECK(seen > 0);  // the comparison saw villagers served, not only empty tables
  CHECK(f.count("SELECT count(*) FROM served_dirty") == 0);
}

TEST_CASE("people served: a whole-month window reads the summary, a mid-month one does not",
          "[kpi][villager][summary]") {
  kpi::options o;
  o.with_services = true;
  const auto month = kpi::query_for("510824", kpi::month_period(2026, 11), o);
  CHECK(month.villager->current_month == "2026-11");
  CHECK(month.villager->earlier_month == "2025-11");
  const auto mid = kpi::query_for("510824", *kpi::parse_period({}, "2026-10-16", "2026-11-15"), o);
  CHECK(mid.villager->current_month.empty());
  // Ending 2025-02-28, the window starts 2024-02-29 (one year before, plus a day): not whole.
  const auto feb = kpi::query_for("510824", kpi::month_period(2025, 2), o);
  CHECK(feb.villager->current_first == "2024-02-29");
  CHECK(feb.villager->current_month.empty());
  // Ending 2024-02-29: 2023-03-01 .. 2024-02-29, and the earlier one 2022-03-01 .. 2023-02-28.
  const auto leap = kpi::query_for("510824", kpi::month_period(2024, 2), o);
  CHECK(leap.villager->current_month == "2024-02");
  CHECK(leap.villager->earlier_month == "2023-02");
}

#ifndef CUNZHAN_TEST_FIXTURE_HEADER  // SQLite's open; PostgreSQL's runs the same refresh
TEST_CASE("people served: the first open after the schema step fills the summary from the rows there",
          "[kpi][villager][summary]") {
  test::temp_dir dir("served-upgrade");
  const std::string data = (dir.path() / "data").string();
  {
    // Rows as a hub before the summary held them, and the marks its schema step leaves.
    auto s = hub_store::open(data, true);
    REQUIRE(s);
    auto w = (*s)->writer();
    for (const char* sql : {
             "INSERT INTO division_township (code, name, county_code) VALUES ('510824100', '镇', '510824')",
             "INSERT INTO division_village (code, name, township_code, county_code) VALUES ('510824100205', "
             "'村', "
             "'510824100', '510824')",
             "INSERT INTO station (id, name, village_code, township_code, county_code, kind, token_id, "
             "token_hash, "
             "enrolled_at) VALUES ('S1', '站', '510824100205', '510824100', '510824', 'village', 't', x'00', "
             "1)",
             "INSERT INTO villager (id, station_id, county_code, township_code, village_code, "
             "household_size, data, "
             "received_at, last_seq) VALUES ('v1', 'S1', '510824', '510824100', '510824100205', 3, '{}', 0, "
             "1), "
             "('v2', 'S1', '510824', '510824100', '510824100205', 3, '{}', 0, 2)",
             "INSERT INTO service (id, station_id, county_code, township_code, villager_id, served_on, kind, "
             "data, "
             "received_at, last_seq) VALUES ('s1', 'S1', '510824', '510824100', 'v1', '2025-12-01', "
             "'information', "
             "'{}', 0, 3), ('s2', 'S1', '510824', '510824100', 'v2', '2025-11-30', 'information', '{}', 0, "
             "4)",
             "INSERT INTO served_dirty (villager_id) SELECT id FROM villager",
         }) {
      REQUIRE(w.db().exec(sql));
    }
  }
  auto backend = open_sqlite_storage(data);
  REQUIRE(backend);
  kpi::options o;
  o.with_services = true;
  o.now_s = 1798732800;
  auto rows = (*backend)->kpi_inputs(kpi::query_for("510824", kpi::month_period(2026, 11), o));
  REQUIRE(rows);
  REQUIRE(rows->villager);
  // Window 2025-12 .. 2026-11 holds v1 only; the one a year earlier, v2 only.
  const counts want{{"510824100205", {1, 1}}};
  CHECK(non_zero(rows->villager->served_by_village) == want);
  CHECK(non_zero(rows->villager->served_by_station) == counts{{"S1", {1, 1}}});
}
#endif
