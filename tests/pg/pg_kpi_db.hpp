// The KPI tests' `kpi_db` on PostgreSQL (tests/hub/kpi_fixture.hpp includes this in
// tests_pg): the same builders and SQL, run on a fresh database of the private server.
#pragma once
#include <stdexcept>

#include "cunzhan/hub/postgres.hpp"
#include "pg_server.hpp"
#include "store/postgres/pg_conn.hpp"

namespace cunzhan::hub::testing {

struct pg_kpi_db : kpi_seed {
  cunzhan::testing::pg_test_db db;
  std::unique_ptr<pg::connection> sql;

  pg_kpi_db() {
    auto s = open_postgres_storage({db.url()});
    if (!s) throw std::runtime_error(s.err().describe(lang::en));
    backend = std::move(*s);
    pg::settings ps;
    ps.url = db.url();
    auto c = pg::connection::open(ps);
    if (!c) throw std::runtime_error(c.err().describe(lang::en));
    sql = std::move(*c);
  }

  void exec(const std::string& text, const std::vector<sql_arg>& args) override {
    // The one SQLite literal the builders use: a BLOB token hash.
    std::string q = text;
    if (auto at = q.find("x'00'"); at != std::string::npos) q.replace(at, 5, "'\\x00'::bytea");
    pg::params p;
    for (const auto& a : args) {
      if (const auto* n = std::get_if<std::int64_t>(&a))
        p.emplace_back(*n);
      else if (const auto* t = std::get_if<std::string>(&a))
        p.emplace_back(*t);
      else
        p.emplace_back(std::nullopt);
    }
    status r = ok_status();
    if (p.empty() && (q == "BEGIN" || q == "COMMIT")) {
      r = sql->exec(q);
    } else if (auto x = sql->run(q, p); !x) {
      r = std::move(x).err();
    }
    if (!r) throw std::runtime_error(r.err().describe(lang::en) + ": " + q);
  }
};

using kpi_db = pg_kpi_db;

}  // namespace cunzhan::hub::testing
