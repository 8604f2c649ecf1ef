// A hub store for KPI tests with builders that insert registry rows, stations, courier
// points, listings, pickups and sync sessions straight into hub.db (the rows ingest
// would write), plus Shanghai-time helpers.
#pragma once
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <variant>
#include <vector>

#include "cunzhan/hub/storage.hpp"
#include "cunzhan/shared/time.hpp"
#include "store/hub_store.hpp"
#include "store/sqlite_storage.hpp"
#include "test_support.hpp"

namespace cunzhan::hub::testing {

// "2026-11-30 23:59" read as Asia/Shanghai → UTC seconds.
inline std::int64_t at(const std::string& local) {
  auto t = parse_instant(local);
  if (!t) throw std::runtime_error("bad instant " + local);
  return t->time_since_epoch().count();
}

inline date day(const std::string& s) { return *parse_date(s); }

// One statement argument: NULL, a number or text.
using sql_arg = std::variant<std::nullptr_t, std::int64_t, std::string>;

// The builders, over a backend's exec(): the same SQL (SQLite's, ? placeholders) on both.
struct kpi_seed {
  std::unique_ptr<storage> backend;  // what the server sees
  int next_token = 0;

  virtual ~kpi_seed() = default;
  virtual void exec(const std::string& sql, const std::vector<sql_arg>& args) = 0;

  // Binds each argument in order (int64, text, or nullptr for NULL) and runs.
  template <class... A>
  void run(const std::string& sql, const A&... args) {
    exec(sql, {arg(args)...});
  }
  // Villager and service rows inserted straight into hub.db bypass ingest's marks for the
  // people-served summary: mark every villager and refresh, as the first open after the
  // schema step does.
  void refresh_people_served() {
    run("INSERT INTO served_dirty (villager_id) SELECT id FROM villager WHERE true ON CONFLICT DO NOTHING");
    if (auto s = hub::refresh_people_served(*backend); !s)
      throw std::runtime_error(s.err().describe(lang::en));
  }
  void begin() { run("BEGIN"); }
  void commit() { run("COMMIT"); }

  void township(const std::string& code, const std::string& name) {
    run("INSERT INTO division_township (code, name, county_code) VALUES (?, ?, ?)", code, name,
        code.substr(0, 6));
  }
  void village(const std::string& code, const std::string& name) {
    run("INSERT INTO division_village (code, name, township_code, county_code) VALUES (?, ?, ?, ?)", code,
        name, code.substr(0, 9), code.substr(0, 6));
  }
  void station(const std::string& id, const std::string& village, const std::string& opened,
               const std::string& closed = "", std::int64_t enrolled_at = 0) {
    run("INSERT INTO station (id, name, village_code, township_code, county_code, kind, token_id, "
        "token_hash, "
        "enrolled_at, opened_on, closed_on) VALUES (?, ?, ?, ?, ?, 'village', ?, x'00', ?, ?, ?)",
        id, "站" + id, village, village.substr(0, 9), village.substr(0, 6),
        "tok" + std::to_string(++next_token), enrolled_at, opened.empty() ? nullptr : opened.c_str(),
        closed.empty() ? nullptr : closed.c_str());
  }
  void point(const std::string& id, const std::string& kind, const std::string& located, int days,
             const std::string& opened, const std::string& closed, const std::vector<std::string>& served,
             const std::vector<std::string>& brands) {
    run("INSERT INTO courier_point (id, station_id, county_code, township_code, name, kind, village_code, "
        "days_per_week, opened_on, closed_on, data, received_at, last_seq) VALUES (?, 's', ?, ?, ?, ?, ?, ?, "
        "?, ?, '{}', 0, 1)",
        id, located.substr(0, 6), located.substr(0, 9), "点" + id, kind, located, std::int64_t{days},
        opened.empty() ? nullptr : opened.c_str(), closed.empty() ? nullptr : closed.c_str());
    for (const auto& v : served)
      run("INSERT INTO courier_point_village (point_id, village_code) VALUES (?, ?)", id, v);
    for (const auto& b : brands)
      run("INSERT INTO courier_point_brand (point_id, brand) VALUES (?, ?)", id, b);
  }
  // sold_at / created_at: 0 = NULL.
  void listing(const std::string& id, const std::string& station_id, const std::string& village,
               const std::string& category, const std::string& status, std::int64_t amount_fen,
               std::int64_t sold_at, std::int64_t created_at) {
    run("INSERT INTO listing (id, station_id, county_code, township_code, village_code, product_name, "
        "category, "
        "quantity, unit, price_fen, status, sold_amount_fen, sold_at, created_at, data, received_at, "
        "last_seq) "
        "VALUES (?, ?, ?, ?, ?, '货', ?, 1, 'kg', 100, ?, ?, ?, ?, '{}', 0, 1)",
        id, station_id, village.substr(0, 6), village.substr(0, 9), village, category, status, amount_fen,
        opt(sold_at), opt(created_at));
  }
  void pickup(const std::string& id, const std::string& station_id, const std::string& station_village,
              const std::string& direction, std::int64_t parcels, const std::string& status,
              std::int64_t requested, std::int64_t due, std::int64_t picked) {
    run("INSERT INTO pickup (id, station_id, county_code, township_code, village_code, brand, direction, "
        "parcels, "
        "requested_at, due_at, picked_up_at, status, data, received_at, last_seq) "
        "VALUES (?, ?, ?, ?, ?, 'ZTO', ?, ?, ?, ?, ?, ?, '{}', 0, 1)",
        id, station_id, station_village.substr(0, 6), station_village.substr(0, 9), station_village,
        direction, parcels, opt(requested), opt(due), opt(picked), status);
  }
  void session(const std::string& station_id, std::int64_t ended_at, bool ok = true) {
    run("INSERT INTO sync_session (station_id, started_at, ended_at, bytes_in, bytes_out, applied, "
        "duplicate, "
        "rejected, ok) VALUES (?, ?, ?, 0, 0, 0, 0, 0, ?)",
        station_id, ended_at - 5, ended_at, std::int64_t{ok ? 1 : 0});
  }

 private:
  static std::optional<std::int64_t> opt(std::int64_t v) { return v == 0 ? std::nullopt : std::optional(v); }
  static sql_arg arg(std::int64_t v) { return v; }
  static sql_arg arg(int v) { return std::int64_t{v}; }
  static sql_arg arg(const std::string& v) { return v; }
  static sql_arg arg(const char* v) { return v ? sql_arg(std::string(v)) : sql_arg(nullptr); }
  static sql_arg arg(std::nullptr_t) { return nullptr; }
  static sql_arg arg(const std::optional<std::int64_t>& v) { return v ? sql_arg(*v) : sql_arg(nullptr); }
};

struct sqlite_kpi_db : kpi_seed {
  test::temp_dir dir{"kpi-test"};
  std::unique_ptr<hub_store> store;  // seeded directly

  sqlite_kpi_db() {
    auto s = hub_store::open(data_dir(), true);
    if (!s) throw std::runtime_error(s.err().describe(lang::en));
    store = std::move(*s);
    backend = sqlite_storage_over(*store);
  }
  ~sqlite_kpi_db() override { backend.reset(); }  // it borrows `store`
  std::string data_dir() const { return (dir.path() / "data").string(); }

  void exec(const std::string& sql, const std::vector<sql_arg>& args) override {
    auto w = store->writer();
    auto st = w.db().prepare_cached(sql);
    if (!st) throw std::runtime_error(st.err().describe(lang::en) + ": " + sql);
    int i = 0;
    for (const auto& a : args) {
      ++i;
      if (const auto* n = std::get_if<std::int64_t>(&a))
        (*st)->bind(i, *n);
      else if (const auto* t = std::get_if<std::string>(&a))
        (*st)->bind(i, *t);
      else
        (*st)->bind_null(i);
    }
    if (auto r = (*st)->run(); !r) throw std::runtime_error(r.err().describe(lang::en) + ": " + sql);
  }
};

// The conformance suite (tests/pg) compiles KPI tests again with a `kpi_db` of the same
// members on PostgreSQL (run() takes the same SQL).
#ifdef CUNZHAN_TEST_KPI_DB_HEADER
}  // namespace cunzhan::hub::testing
#include CUNZHAN_TEST_KPI_DB_HEADER
namespace cunzhan::hub::testing {
#else
using kpi_db = sqlite_kpi_db;
#endif

}  // namespace cunzhan::hub::testing
