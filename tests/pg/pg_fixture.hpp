// The hub tests' `fixture` on PostgreSQL (tests/hub/hub_fixture.hpp includes this in
// tests_pg): the same villages, stations, staff and pull feed as the SQLite fixture, made
// through the storage seam (write_admin) on a fresh database of the private server, and
// count() running the tests' SQL there.
#pragma once
#include <stdexcept>

#include "cunzhan/hub/postgres.hpp"
#include "pg_server.hpp"
#include "store/postgres/pg_conn.hpp"

namespace cunzhan::hub::testing {

struct pg_fixture {
  cunzhan::testing::pg_test_db db;
  std::unique_ptr<storage> backend;
  std::unique_ptr<pg::connection> sql;  // seeding and count()
  station_row a, b, c;                  // a, b in 510824; c in 500153
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
    must(
        sql->exec("CREATE AGGREGATE total(double precision) (SFUNC = float8pl, STYPE = double precision, "
                  "INITCOND = '0')"));
    // …and SQLite's hex(blob) (upper case), which the dashboard-session test uses.
    must(
        sql->exec("CREATE FUNCTION hex(bytea) RETURNS text LANGUAGE sql IMMUTABLE AS "
                  "$$ SELECT upper(encode($1, 'hex')) $$"));
    must(backend->write_admin([](admin_writer& w) -> status {
      for (const auto& r : {w.upsert_township({"510824100", "镇", "510824"}),
                            w.upsert_village({village_a, "甲村", "510824100", "510824"}),
                            w.upsert_village({village_b, "乙村", "510824100", "510824"}),
                            w.upsert_village({village_other_county, "丙村", "500153100", "500153"})}) {
        if (!r) return r.err();
      }
      return ok_status();
    }));
    must(backend->ensure_reference_data());
    a = add_station("A", village_a, "510824", token_a);
    b = add_station("B", village_b, "510824", token_b);
    c = add_station("C", village_other_county, "500153", token_c);
    auto tok = issue_token(token_kind::staff);
    staff_row st{uuid_v4(), "staff", "staff", {"510824"}, tok.token_id, tok.secret_hash, 1, std::nullopt};
    must(backend->write_admin([&](admin_writer& w) { return w.insert_staff(st); }));
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
  station_row add_station(const std::string& name, const std::string& village, const std::string& county,
                          std::string& token) {
    station_row s = new_station(name, village, county, token);
    must(backend->write_admin([&](admin_writer& w) { return w.insert_station(s); }));
    return s;
  }
};

using fixture = pg_fixture;

}  // namespace cunzhan::hub::testing
