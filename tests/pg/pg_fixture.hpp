// The hub tests' `fixture` on PostgreSQL (tests/hub/hub_fixture.hpp includes this in
// tests_pg): the same villages, stations, staff and pull feed as the SQLite fixture, on a
// fresh database of the private server, and count() running the tests' SQL there.
#pragma once
#include <stdexcept>

#include "cunzhan/hub/postgres.hpp"
#include "pg_server.hpp"
#include "store/postgres/pg_conn.hpp"
#include "store/postgres/pg_rows.hpp"
#include "store/ref_feed.hpp"

namespace cunzhan::hub::testing {

struct pg_fixture {
  cunzhan::testing::pg_test_db db;
  std::unique_ptr<storage> backend;
  std::unique_ptr<pg::connection> sql;  // seeding and count()
  station_row a, b, c;                   // a, b in 510824; c in 500153
  std::string token_a, token_b, token_c, staff_token;

  pg_fixture() {
    auto s = open_postgres_storage({db.url()});
    if (!s) throw std::runtime_error(s.err().describe(lang::en));
    backend = std::move(*s);
    pg::settings ps;
    ps.url = db.url();
    auto c0 = pg::connection::open(ps);
    if (!c0) throw std::runtime_error(c0.err().describe(lang::en));
    sql = std::move(*c0);
    // SQLite's total() (a float sum, 0.0 when empty), which the tests' SQL uses.
    must(sql->exec("CREATE AGGREGATE total(double precision) (SFUNC = float8pl, STYPE = double precision, "
                   "INITCOND = '0')"));
    must(sql->exec("BEGIN"));
    township("510824100", "镇", "510824");
    village({village_a, "甲村", "510824100", "510824"});
    village({village_b, "乙村", "510824100", "510824"});
    village({village_other_county, "丙村", "500153100", "500153"});
    must(sql->exec("COMMIT"));
    must(backend->ensure_reference_data());
    a = add_station("A", village_a, "510824", token_a);
    b = add_station("B", village_b, "510824", token_b);
    c = add_station("C", village_other_county, "500153", token_c);
    auto tok = issue_token(token_kind::staff);
    must(sql->run("INSERT INTO staff (id, name, role, counties, token_id, token_hash, created_at) "
                  "VALUES ($1, 'staff', 'staff', '510824', $2, $3, 1)",
                  {uuid_v4(), tok.token_id, pg::param::bytes(tok.secret_hash)}));
    staff_token = tok.token;
  }

  // The first column of the first row as a number (-1 when there is none).
  long long count(const std::string& q) {
    auto r = sql->run(q);
    if (!r) throw std::runtime_error(r.err().describe(lang::en));
    return r->empty() || r->is_null(0, 0) ? -1 : static_cast<long long>(r->real(0, 0));
  }

 private:
  template <class R>
  static void must(const R& r) {
    if (!r) throw std::runtime_error(r.err().describe(lang::en));
  }
  void township(const std::string& code, const std::string& name, const std::string& county) {
    must(sql->run("INSERT INTO division_township (code, name, county_code) VALUES ($1, $2, $3)", {code, name, county}));
    must(pg::append_change(*sql, county, "township", code, ref_feed::township({code, name, county})));
  }
  void village(const village_row& v) {
    must(sql->run("INSERT INTO division_village (code, name, township_code, county_code) VALUES ($1, $2, $3, $4)",
                  {v.code, v.name, v.township_code, v.county_code}));
    must(pg::append_change(*sql, v.county_code, "village", v.code, ref_feed::village(v)));
  }
  station_row add_station(const std::string& name, const std::string& village, const std::string& county,
                          std::string& token) {
    station_row s = new_station(name, village, county, token);
    must(sql->run("INSERT INTO station (id, name, village_code, township_code, county_code, kind, token_id, "
                  "token_hash, enrolled_at, opened_on) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
                  {s.id, s.name, s.village_code, s.township_code, s.county_code, s.kind, s.token_id,
                   pg::param::bytes(s.token_hash), s.enrolled_at, s.opened_on}));
    return s;
  }
};

using fixture = pg_fixture;

}  // namespace cunzhan::hub::testing
