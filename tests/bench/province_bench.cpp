// Province view timings on SQLite and on PostgreSQL: every county of areas-51.csv (Sichuan
// and 荣昌区) enrolled, 24 months each of a real county report (tests/bench/data: 苍溪县's,
// 43 KB of JSON, its sales varied per county and month) stored through province_store; then
// the province's read routes as `hub serve` answers them (handle_read: load, views, JSON or
// CSV; no TLS): the counties table for a month, a quarter and a year, the submissions list,
// the CSV. PostgreSQL is the private server of tests/pg (pg-cluster; or the one named by
// CUNZHAN_TEST_PG_STATE). Prints fill_s= and *_ms= per backend. Not a test: no thresholds.
// Usage: bench_province_bench [--months N] [--runs N] [--sqlite-only]
#include <boost/json.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <random>

#include "cunzhan/hub/auth.hpp"
#include "cunzhan/hub/province/province_store.hpp"
#include "cunzhan/shared/csv.hpp"
#include "cunzhan/shared/time.hpp"
#include "cunzhan/shared/uuid.hpp"
#include "pg_server.hpp"
#include "province/province_routes.hpp"
#include "test_support.hpp"

using namespace cunzhan;
using namespace cunzhan::hub::province;
namespace json = boost::json;
using clock_type = std::chrono::steady_clock;

namespace {

double ms_since(clock_type::time_point t0) {
  return std::chrono::duration<double, std::milli>(clock_type::now() - t0).count();
}

std::string month_before(const std::string& ym, int back) {
  int y = std::stoi(ym.substr(0, 4)), m = std::stoi(ym.substr(5, 2)) - back;
  while (m < 1) {
    m += 12;
    --y;
  }
  char buf[16];  // any int year fits: no truncation (and no -Wformat-truncation)
  std::snprintf(buf, sizeof buf, "%04d-%02d", y, m);
  return buf;
}

std::vector<county_row> registry() {
  auto rows = csv::parse(test::read_file(test::divisions_dir() / "areas-51.csv"));
  if (!rows) throw std::runtime_error("areas-51.csv");
  std::vector<county_row> out;
  for (std::size_t i = 1; i < rows->size(); ++i) {
    const auto& c = (*rows)[i].cells;
    out.push_back({c[0], c[2], c[3], 20, 300, c[1], ""});
  }
  return out;
}

void must(const status& s, const char* what) {
  if (!s) throw std::runtime_error(std::string(what) + ": " + s.err().describe(lang::en));
}

// Fills the store; returns the seconds it took.
double fill(province_store& store, const std::vector<county_row>& counties,
            const std::vector<std::string>& months) {
  const std::string tmpl = test::read_file(std::filesystem::path(CUNZHAN_SOURCE_DIR) / "tests" / "bench" /
                                           "data" / "province_report_510824.json");
  std::mt19937 rng(15);
  const auto t0 = clock_type::now();
  must(store.upsert_counties(counties), "registry");
  for (const auto& c : counties) {
    const auto tok = hub::issue_token(hub::token_kind::county);
    must(store.issue_county_token({tok.token_id, c.code, tok.secret_hash, 1, std::nullopt}), "token");
    // The template names 苍溪县 (510824) in its codes: each county gets its own.
    std::string text = tmpl;
    for (std::size_t at = 0; (at = text.find("510824", at)) != std::string::npos; at += 6)
      text.replace(at, 6, c.code);
    auto base = json::parse(text).as_object();
    must(store.in_transaction([&]() -> status {
      for (const auto& m : months) {
        auto report = base;
        auto& kpis = report["kpis"].as_object();
        kpis["period"].as_object()["label"] = m;
        kpis["activity"].as_object()["sales"].as_object()["amount_fen"] = std::int64_t(rng() % 10'000'000);
        submission_row r{c.code, m, 1, uuid_v4(), 2, json::serialize(report), "[]", "bench"};
        if (auto s = store.insert_version(r); !s) return s;
      }
      return ok_status();
    }),
         "versions");
  }
  return ms_since(t0) / 1000.0;
}

void time_routes(province_store& store, const std::string& backend, const std::string& last, int runs) {
  const staff_row reader;  // the whole province
  struct route {
    const char* name;
    std::string path, period;
  };
  const std::vector<route> routes = {
      {"month", "/v1/province/counties", last},
      {"quarter", "/v1/province/counties",
       last.substr(0, 4) + "-Q" + std::to_string((std::stoi(last.substr(5)) + 2) / 3)},
      {"year", "/v1/province/counties", last.substr(0, 4)},
      {"submissions", "/v1/province/submissions", last},
      {"csv_month", "/v1/province/report.csv", last},
  };
  for (const auto& r : routes) {
    net::http_request req;
    req.method = "GET";
    req.path = r.path;
    req.query["period"] = r.period;
    double best = 1e18;
    std::size_t bytes = 0;
    for (int i = 0; i < runs; ++i) {
      const auto t0 = clock_type::now();
      auto res = handle_read(store, reader, req);
      best = std::min(best, ms_since(t0));
      if (res.status != 200)
        throw std::runtime_error(r.path + " → " + std::to_string(res.status) + ": " + res.body);
      bytes = res.body.size();
    }
    std::printf("%s province_%s_ms=%.1f (%s %s, %zu bytes, best of %d)\n", backend.c_str(), r.name, best,
                r.path.c_str(), r.period.c_str(), bytes, runs);
  }
}

}  // namespace

int main(int argc, char** argv) {
  int months_n = 24, runs = 3;
  bool sqlite_only = false;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--months" && i + 1 < argc) months_n = std::stoi(argv[++i]);
    if (a == "--runs" && i + 1 < argc) runs = std::stoi(argv[++i]);
    if (a == "--sqlite-only") sqlite_only = true;
  }
  try {
    const auto counties = registry();
    const std::string last = month_before(format_date(today_shanghai()).substr(0, 7), 1);
    std::vector<std::string> months;
    for (int i = months_n - 1; i >= 0; --i) months.push_back(month_before(last, i));
    std::printf("%zu counties x %d months = %zu reports\n", counties.size(), months_n,
                counties.size() * static_cast<std::size_t>(months_n));
    {
      test::temp_dir dir("province-bench");
      auto store = open_province_store("", dir.path().string(), true, "51");
      must(store ? ok_status() : status(store.err()), "sqlite");
      std::printf("sqlite fill_s=%.1f\n", fill(**store, counties, months));
      time_routes(**store, "sqlite", last, runs);
    }
    if (!sqlite_only) {
      cunzhan::testing::pg_test_db db;
      auto store = open_province_store(db.url(), "", true, "51");
      must(store ? ok_status() : status(store.err()), "postgres");
      std::printf("postgres fill_s=%.1f\n", fill(**store, counties, months));
      time_routes(**store, "postgres", last, runs);
    }
  } catch (const std::exception& e) {
    std::cerr << "bench failed: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
