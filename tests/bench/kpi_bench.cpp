// KPI report timings: one county (荣昌区, 130 stations) with 1,000,000 ops of history, and
// the whole province (Sichuan registry, villages-51.csv.zst: ~26,000 administrative
// villages) with 5,000 stations and their listings, pickups and sync sessions, every county
// reported. "All tables" = what staff fetch through the router: the JSON county, township,
// station and coverage tables, the four CSVs and the dashboard page (KPI cards with
// targets, tables and the 12-month trend from stored rollups). Prints county_report_ms=,
// county_all_tables_ms= and province_*_ms= with their targets (200 ms, 2 s). Not a test:
// no thresholds enforced. The generated county: kpi/kpi_bench_data.
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <optional>

#include "../pg/pg_server.hpp"
#include "cunzhan/hub/auth.hpp"
#include "cunzhan/hub/kpi.hpp"
#include "cunzhan/hub/kpi_rollup.hpp"
#include "cunzhan/hub/migrate.hpp"
#include "cunzhan/hub/postgres.hpp"
#include "cunzhan/hub/report_source.hpp"
#include "cunzhan/hub/router.hpp"
#include "cunzhan/hub/storage.hpp"
#include "cunzhan/shared/division_code.hpp"
#include "cunzhan/shared/uuid.hpp"
#include "kpi/kpi_bench_data.hpp"
#include "store/accounts.hpp"
#include "store/hub_store.hpp"
#include "store/served_summary.hpp"
#include "store/sqlite_storage.hpp"
#include "test_support.hpp"

using namespace cunzhan;
using namespace cunzhan::hub;

namespace {

using clock_type = std::chrono::steady_clock;

using bench::load;
using bench::loader;
using bench::villager_history;

template <class F>
double best_ms(int runs, F&& f) {
  double best = 1e18;
  for (int i = 0; i < runs; ++i) {
    const auto a = clock_type::now();
    f();
    best = std::min(best, std::chrono::duration<double, std::milli>(clock_type::now() - a).count());
  }
  return best;
}

// Staff of `counties` and a dashboard session for them; returns {bearer token, cookie}.
std::pair<std::string, std::string> staff_for(hub_store& store, router& rt,
                                              const std::vector<std::string>& counties) {
  const auto tok = issue_token(token_kind::staff);
  {
    auto w = store.writer();
    staff_row st{uuid_v4(), "bench", "staff", counties, tok.token_id, tok.secret_hash, 1, std::nullopt};
    if (auto s = accounts(w.db()).insert_staff(st); !s) throw std::runtime_error(s.err().describe(lang::en));
  }
  net::http_request login;
  login.method = "POST";
  login.path = login.target = "/dashboard/login";
  // The form's CSRF token matches the browser's cookie (double submit).
  const std::string csrf(64, 'c');
  login.body = "token=" + tok.token + "&csrf=" + csrf;
  login.content_length = login.body.size();
  login.headers.emplace_back("content-type", "application/x-www-form-urlencoded");
  login.headers.emplace_back("cookie", "__Host-cz_csrf=" + csrf);
  auto res = rt.handle(std::move(login));
  const std::string* set = res.header("set-cookie");
  if (res.status != 303 || set == nullptr) throw std::runtime_error("dashboard login failed");
  return {tok.token, set->substr(0, set->find(';'))};
}

// Every table of one county's report, as staff fetch them; returns the bytes served.
std::size_t all_tables(router& rt, const std::string& county, const std::string& token,
                       const std::string& cookie) {
  std::size_t bytes = 0;
  const auto fetch = [&](const std::string& path, std::map<std::string, std::string> q, bool with_cookie) {
    net::http_request r;
    r.method = "GET";
    r.path = r.target = path;
    q["period"] = "2026-11";
    r.query = std::move(q);
    if (with_cookie) {
      r.headers.emplace_back("cookie", cookie);
    } else {
      r.headers.emplace_back("authorization", "Bearer " + token);
    }
    auto res = rt.handle(std::move(r));
    if (res.status != 200)
      throw std::runtime_error(path + " → " + std::to_string(res.status) + " " + res.body);
    bytes += res.body.size();
  };
  const std::string base = "/v1/counties/" + county + "/";
  for (const char* what : {"kpis", "townships", "stations", "coverage"}) fetch(base + what, {}, false);
  for (const char* table : {"kpis", "townships", "stations", "coverage"})
    fetch(base + "report.csv", {{"table", table}}, false);
  fetch("/dashboard", {{"county", county}}, true);
  return bytes;
}

// Daily rollups of the trend's eleven earlier months, as `hub nightly` leaves them.
void store_trend_rollups(storage& store, const std::string& county) {
  for (auto d = kpi::day_number(*parse_date("2025-12-01")); d <= kpi::day_number(*parse_date("2026-10-31"));
       ++d) {
    if (auto s = report::store_rollup(store, county, kpi::from_day_number(d)); !s) {
      throw std::runtime_error(s.err().describe(lang::en));
    }
  }
}

// The same hub.db moved into PostgreSQL by `hub migrate`'s code (rows/s), then the
// reports computed there: each county of `counties`, best of `runs`.
void on_postgres(const std::filesystem::path& hub_db, const std::vector<std::string>& counties,
                 const kpi::period& per, const kpi::options& o, int runs, const std::string& label) {
  cunzhan::testing::pg_test_db db;
  const auto m0 = clock_type::now();
  auto m = migrate_to_postgres({hub_db.string(), db.url(), false});
  if (!m) throw std::runtime_error(m.err().describe(lang::en));
  if (!m->all_equal()) throw std::runtime_error("migration differs");
  const double total_s = std::chrono::duration<double>(clock_type::now() - m0).count();
  std::cout << label << "_migration_rows=" << m->rows_copied
            << " copy_rows_per_s=" << static_cast<long>(static_cast<double>(m->rows_copied) / m->copy_seconds)
            << " with_verification_rows_per_s="
            << static_cast<long>(static_cast<double>(m->rows_copied) / total_s) << " (hub migrate: copy "
            << m->copy_seconds << " s, copy + digests of both sides " << total_s << " s)" << std::endl;
  auto backend = open_postgres_storage({db.url()});
  if (!backend) throw std::runtime_error(backend.err().describe(lang::en));
  const double ms = best_ms(runs, [&] {
    for (const auto& county : counties) {
      auto rep = report::compute(**backend, county, per, o);
      if (!rep) throw std::runtime_error(rep.err().describe(lang::en));
    }
  });
  std::cout << "pg_" << label << "_report_ms=" << ms << " (PostgreSQL, the same data as " << label
            << "_report_ms)" << std::endl;
}

}  // namespace

int main() {
  try {
    test::temp_dir dir("kpi-bench");
    const kpi::period nov = *kpi::parse_period("2026-11", {}, {});
    kpi::options o;
    o.today = *parse_date("2026-12-31");
    {
      auto store = hub_store::open((dir.path() / "county").string(), true);
      if (!store) throw std::runtime_error(store.err().describe(lang::en));
      {
        // The writer is released before the router runs: its handlers take it themselves.
        auto w = (*store)->writer();
        loader l{w.db()};
        l.exec("BEGIN");
        auto admin = l.registry("streets-500153.csv", "villages-500153.csv");
        auto ids = l.stations(admin["500153"], 130, 0);
        l.history(ids, "500153", 1'000'000);
        l.exec("COMMIT");
        l.exec("ANALYZE");
      }
      auto backend = sqlite_storage_over(**store);
      const auto r0 = clock_type::now();
      store_trend_rollups(*backend, "500153");
      std::cout << "county_trend_rollups_s=" << std::chrono::duration<double>(clock_type::now() - r0).count()
                << " (335 days, once, as hub nightly would have)" << std::endl;
      kpi::options before = o;  // today's report, without the villager services
      before.with_services = false;
      const double ms = best_ms(5, [&] {
        auto rep = report::compute(*backend, "500153", nov, before);
        if (!rep) throw std::runtime_error(rep.err().describe(lang::en));
      });
      std::cout << "county_report_ms=" << ms
                << " target_ms=200 (500153, 130 stations, 1000000 ops, period 2026-11)" << std::endl;
      {
        // The same county with the villager services added: the figure to compare.
        auto w = (*store)->writer();
        loader l{w.db()};
        l.exec("BEGIN");
        std::vector<std::string> ids;
        for (int i = 0; i < 130; ++i) ids.push_back("st" + std::to_string(i));
        std::vector<std::string> villages;
        for (const auto& r : load("villages-500153.csv"))
          if (is_administrative_village_code(r.cells[0])) villages.push_back(r.cells[0]);
        villager_history(l, ids, villages, "500153", 40'000, 100'000, 150'000);
        // The people-served summary as the first open after the upgrade fills it (the
        // loader writes the tables directly, bypassing ingest's marks).
        l.exec("INSERT INTO served_dirty (villager_id) SELECT id FROM villager");
        const auto t0 = std::chrono::steady_clock::now();
        if (auto s = served_summary::refresh(sql_run::run_over(w.db())); !s)
          throw std::runtime_error(s.err().describe(lang::en));
        std::cout << "people_served_summary_fill_ms="
                  << std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count()
                  << " (40000 villagers, 150000 services: the one-time fill after the upgrade)" << std::endl;
        l.exec("COMMIT");
        l.exec("ANALYZE");
        // The hub's checkpointer folds the WAL into the file after each commit (group_writer);
        // this bulk load bypassed it, and readers would look every page up in 300 MB of WAL.
        l.exec("PRAGMA wal_checkpoint(TRUNCATE)");
      }
      const double with = best_ms(5, [&] {
        auto rep = report::compute(*backend, "500153", nov, o);
        if (!rep) throw std::runtime_error(rep.err().describe(lang::en));
      });
      std::cout
          << "county_report_with_villager_services_ms=" << with
          << " target_ms=200 (the same plus 40000 villagers, 100000 代买 orders, 150000 services, roster, "
             "training: 290000 more records)"
          << std::endl;
      // A window that is not whole months (a range ending mid-month) counts people served
      // from the services themselves, not the summary: the price of the exact path.
      auto mid = kpi::parse_period({}, "2026-10-16", "2026-11-15");
      if (!mid) throw std::runtime_error(mid.err().describe(lang::en));
      const double exact = best_ms(5, [&] {
        auto rep = report::compute(*backend, "500153", *mid, o);
        if (!rep) throw std::runtime_error(rep.err().describe(lang::en));
      });
      std::cout << "county_report_mid_month_range_ms=" << exact
                << " (the same records, period 2026-10-16..2026-11-15: people served counted without the "
                   "summary)"
                << std::endl;
      router rt(*backend, {}, nullptr);
      const auto [token, cookie] = staff_for(**store, rt, {"500153"});
      std::size_t bytes = 0;
      // Cold: a commit before each run (as a station's sync would make) empties the
      // report cache, so the 9 requests share one fresh computation. Warm: repeat reads.
      const auto touch = [&] {
        auto w = (*store)->writer();
        if (!w.db().exec(
                "UPDATE station SET officer = officer || '.' WHERE id = (SELECT min(id) FROM station)")) {
          throw std::runtime_error("touch");
        }
      };
      const double cold = best_ms(3, [&] {
        touch();
        bytes = all_tables(rt, "500153", token, cookie);
      });
      const double warm = best_ms(3, [&] { bytes = all_tables(rt, "500153", token, cookie); });
      std::cout << "county_all_tables_ms=" << cold
                << " target_ms=200 (4 JSON + 4 CSV + dashboard with trend, 9 requests, " << bytes
                << " bytes, after a commit)\n"
                << "county_all_tables_repeat_ms=" << warm
                << " (the same 9 requests again, nothing committed)\n";
    }
    if (std::getenv("CUNZHAN_BENCH_NO_PG") == nullptr) {
      ::setenv("CUNZHAN_PG_FSYNC", "on", 0);  // durable commits, as in production (tests/pg/pg-cluster)
      on_postgres(dir.path() / "county" / "hub.db", {"500153"}, nov, o, 5, "county");
    }
    {
      auto store = hub_store::open((dir.path() / "province").string(), true);
      if (!store) throw std::runtime_error(store.err().describe(lang::en));
      auto w = std::make_optional((*store)->writer());
      loader l{w->db()};
      l.exec("BEGIN");
      auto admin = l.registry("streets-51.csv.zst", "villages-51.csv.zst");
      std::size_t villages = 0;
      for (const auto& [c, v] : admin) villages += v.size();
      int offset = 0;
      for (const auto& [county, v] : admin) {
        // 5,000 stations spread over the counties in proportion to their villages.
        const int n = std::max(
            1, static_cast<int>(5000.0 * static_cast<double>(v.size()) / static_cast<double>(villages)));
        auto ids = l.stations(v, n, offset);
        // 200 ops a station over two years, synced nightly for the last 120 days.
        l.history(ids, county, n * 200, 120, offset * 200);
        offset += n;
      }
      l.exec("COMMIT");
      l.exec("ANALYZE");
      w.reset();  // the router's handlers take the writer themselves
      auto backend = sqlite_storage_over(**store);
      const double ms = best_ms(3, [&] {
        for (const auto& [county, v] : admin) {
          auto rep = report::compute(*backend, county, nov, o);
          if (!rep) throw std::runtime_error(rep.err().describe(lang::en));
        }
      });
      std::cout << "province_report_ms=" << ms << " target_ms=2000 (" << admin.size() << " counties, "
                << villages << " administrative villages, " << offset << " stations, " << offset * 200
                << " ops)\n";
      std::vector<std::string> counties;
      for (const auto& [county, v] : admin) counties.push_back(county);
      router rt(*backend, {}, nullptr);
      const auto [token, cookie] = staff_for(**store, rt, counties);
      std::size_t bytes = 0;
      const double all = best_ms(1, [&] {
        for (const auto& county : counties) bytes += all_tables(rt, county, token, cookie);
      });
      std::cout << "province_all_tables_ms=" << all
                << " target_ms=2000 (every county: 4 JSON + 4 CSV + dashboard, " << counties.size() * 9
                << " requests, " << bytes << " bytes; trend months computed live)\n";
      if (std::getenv("CUNZHAN_BENCH_NO_PG") == nullptr) {
        on_postgres(dir.path() / "province" / "hub.db", counties, nov, o, 3, "province");
      }
    }
  } catch (const std::exception& e) {
    std::cerr << "kpi_bench: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
