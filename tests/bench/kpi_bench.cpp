// KPI report timings: one county (荣昌区, 130 stations) with 1,000,000 ops of history, and
// the whole province (Sichuan registry, villages-51.csv.zst: ~26,000 administrative
// villages) with 5,000 stations, every county reported. Prints county_report_ms= and
// province_report_ms= with their targets (200 ms, 2 s). Not a test: no thresholds enforced.
#include <chrono>
#include <iostream>
#include <map>
#include <random>

#include "cunzhan/hub/hub_store.hpp"
#include "cunzhan/hub/kpi.hpp"
#include "cunzhan/hub/kpi_rollup.hpp"
#include "cunzhan/shared/compress.hpp"
#include "cunzhan/shared/csv.hpp"
#include "cunzhan/shared/division_code.hpp"
#include "test_support.hpp"

using namespace cunzhan;
using namespace cunzhan::hub;

namespace {

using clock_type = std::chrono::steady_clock;

std::vector<csv::row> load(const std::string& name) {
  std::string bytes = test::read_file(test::divisions_dir() / name);
  if (name.ends_with(".zst")) {
    auto d = decompress(content_encoding::zstd, bytes, std::size_t{1} << 30);
    if (!d) throw std::runtime_error(d.err().describe(lang::en));
    bytes = std::move(*d);
  }
  auto text = csv::to_utf8(bytes);
  auto rows = csv::parse(*text);
  if (!rows) throw std::runtime_error("csv " + name);
  return std::vector<csv::row>(rows->begin() + 1, rows->end());
}

struct loader {
  sql::database& db;
  std::mt19937 rng{7};
  int pick(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); }

  void exec(const char* sql) {
    if (auto s = db.exec(sql); !s) throw std::runtime_error(s.err().describe(lang::en));
  }
  sql::statement& stmt(const char* sql) {
    auto st = db.prepare_cached(sql);
    if (!st) throw std::runtime_error(st.err().describe(lang::en));
    return **st;
  }
  void must(status s) {
    if (!s) throw std::runtime_error(s.err().describe(lang::en));
  }

  // Registry rows; returns the administrative village codes per county.
  std::map<std::string, std::vector<std::string>> registry(const std::string& streets, const std::string& villages) {
    std::map<std::string, std::vector<std::string>> admin;
    for (const auto& r : load(streets)) {
      must(stmt("INSERT OR IGNORE INTO division_township (code, name, county_code) VALUES (?, ?, ?)")
               .bind(1, r.cells[0]).bind(2, r.cells[1]).bind(3, r.cells[0].substr(0, 6)).run());
    }
    for (const auto& r : load(villages)) {
      const auto& c = r.cells[0];
      must(stmt("INSERT OR IGNORE INTO division_village (code, name, township_code, county_code) VALUES (?, ?, ?, ?)")
               .bind(1, c).bind(2, r.cells[1]).bind(3, c.substr(0, 9)).bind(4, c.substr(0, 6)).run());
      if (is_administrative_village_code(c)) admin[c.substr(0, 6)].push_back(c);
    }
    return admin;
  }

  std::vector<std::string> stations(const std::vector<std::string>& villages, int n, int offset) {
    std::vector<std::string> ids;
    for (int i = 0; i < n; ++i) {
      const auto& v = villages[static_cast<std::size_t>(i) % villages.size()];
      const std::string id = "st" + std::to_string(offset + i);
      must(stmt("INSERT INTO station (id, name, village_code, township_code, county_code, kind, token_id, token_hash, "
                "enrolled_at, opened_on) VALUES (?, ?, ?, ?, ?, 'village', ?, x'00', 0, '2025-01-01')")
               .bind(1, id).bind(2, id).bind(3, v).bind(4, v.substr(0, 9)).bind(5, v.substr(0, 6)).bind(6, id).run());
      ids.push_back(id);
      const std::string pid = "pt" + std::to_string(offset + i);
      must(stmt("INSERT INTO courier_point (id, station_id, county_code, township_code, name, kind, village_code, "
                "days_per_week, opened_on, data, received_at, last_seq) VALUES (?, ?, ?, ?, ?, 'village_fixed', ?, ?, "
                "'2025-01-01', '{}', 0, 1)")
               .bind(1, pid).bind(2, id).bind(3, v.substr(0, 6)).bind(4, v.substr(0, 9)).bind(5, pid).bind(6, v)
               .bind(7, pick(1, 7)).run());
      must(stmt("INSERT INTO courier_point_brand (point_id, brand) VALUES (?, 'EMS')").bind(1, pid).run());
      must(stmt("INSERT INTO courier_point_village (point_id, village_code) VALUES (?, ?)")
               .bind(1, pid).bind(2, villages[static_cast<std::size_t>(pick(0, int(villages.size()) - 1))]).run());
    }
    return ids;
  }

  // `ops` ops of history: each op logged, half listings, half pickups, plus nightly syncs.
  void history(const std::vector<std::string>& ids, const std::string& county, int ops) {
    const std::int64_t t0 = 1735660800;  // 2025-01-01 00:00 +08:00
    const std::int64_t span = 2 * 365 * 86400;
    for (int i = 0; i < ops; ++i) {
      const auto& st = ids[static_cast<std::size_t>(i) % ids.size()];
      const std::string eid = "e" + std::to_string(i / 2);
      const std::int64_t t = t0 + std::uniform_int_distribution<std::int64_t>(0, span)(rng);
      must(stmt("INSERT INTO op_log (op_id, station_id, seq, entity, entity_id, content_hash, status, received_at, "
                "batch_id) VALUES (?, ?, ?, ?, ?, x'00', 'applied', ?, 'b')")
               .bind(1, "op" + std::to_string(i)).bind(2, st).bind(3, i).bind(4, i % 4 < 2 ? "listing" : "pickup")
               .bind(5, eid).bind(6, t).run());
      if (i % 2 != 0) continue;
      const std::string v = county + "100201";
      if (i % 4 == 0) {
        must(stmt("INSERT OR REPLACE INTO listing (id, station_id, county_code, township_code, village_code, product_name, "
                  "category, quantity, unit, price_fen, status, sold_amount_fen, sold_at, created_at, data, received_at, "
                  "last_seq) VALUES (?, ?, ?, ?, ?, 'x', 'fruit', 1, 'kg', 1, ?, ?, ?, ?, '{}', 0, 1)")
                 .bind(1, eid).bind(2, st).bind(3, county).bind(4, v.substr(0, 9)).bind(5, v)
                 .bind(6, pick(0, 2) == 0 ? "listed" : "sold").bind(7, pick(100, 90000)).bind(8, t).bind(9, t - 86400).run());
      } else {
        must(stmt("INSERT OR REPLACE INTO pickup (id, station_id, county_code, township_code, village_code, brand, direction, "
                  "parcels, requested_at, due_at, picked_up_at, status, data, received_at, last_seq) "
                  "VALUES (?, ?, ?, ?, ?, 'ZTO', 'outbound', 2, ?, ?, ?, 'picked_up', '{}', 0, 1)")
                 .bind(1, eid).bind(2, st).bind(3, county).bind(4, v.substr(0, 9)).bind(5, v).bind(6, t)
                 .bind(7, t + 86400).bind(8, t + pick(0, 2 * 86400)).run());
      }
    }
    for (const auto& st : ids) {
      for (std::int64_t d = t0; d < t0 + span; d += 86400) {
        must(stmt("INSERT INTO sync_session (station_id, started_at, ended_at, bytes_in, bytes_out, applied, duplicate, "
                  "rejected, ok) VALUES (?, ?, ?, 0, 0, 0, 0, 0, 1)")
                 .bind(1, st).bind(2, d + 75600).bind(3, d + 75600 + pick(0, 30000)).run());
      }
    }
  }
};

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
      auto w = (*store)->writer();
      loader l{w.db()};
      l.exec("BEGIN");
      auto admin = l.registry("streets-500153.csv", "villages-500153.csv");
      auto ids = l.stations(admin["500153"], 130, 0);
      l.history(ids, "500153", 1'000'000);
      l.exec("COMMIT");
      l.exec("ANALYZE");
      auto r = (*store)->reader();
      const double ms = best_ms(5, [&] {
        auto rep = kpi::compute(r->db(), "500153", nov, o);
        if (!rep) throw std::runtime_error(rep.err().describe(lang::en));
      });
      std::cout << "county_report_ms=" << ms << " target_ms=200 (500153, 130 stations, 1000000 ops, period 2026-11)\n";
    }
    {
      auto store = hub_store::open((dir.path() / "province").string(), true);
      if (!store) throw std::runtime_error(store.err().describe(lang::en));
      auto w = (*store)->writer();
      loader l{w.db()};
      l.exec("BEGIN");
      auto admin = l.registry("streets-51.csv.zst", "villages-51.csv.zst");
      std::size_t villages = 0;
      for (const auto& [c, v] : admin) villages += v.size();
      int offset = 0;
      for (const auto& [county, v] : admin) {
        // 5,000 stations spread over the counties in proportion to their villages.
        const int n = std::max(1, static_cast<int>(5000.0 * static_cast<double>(v.size()) / static_cast<double>(villages)));
        l.stations(v, n, offset);
        offset += n;
      }
      l.exec("COMMIT");
      l.exec("ANALYZE");
      auto r = (*store)->reader();
      const double ms = best_ms(3, [&] {
        for (const auto& [county, v] : admin) {
          auto rep = kpi::compute(r->db(), county, nov, o);
          if (!rep) throw std::runtime_error(rep.err().describe(lang::en));
        }
      });
      std::cout << "province_report_ms=" << ms << " target_ms=2000 (" << admin.size() << " counties, " << villages
                << " administrative villages, " << offset << " stations)\n";
    }
  } catch (const std::exception& e) {
    std::cerr << "kpi_bench: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
