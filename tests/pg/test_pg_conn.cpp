// The libpq layer against a real PostgreSQL 15: values only as parameters, typed results,
// the error classes (busy vs error), the pool surviving a killed connection, secrets never
// shown, and the schema migrated once however many processes open it at the same moment.
#include <catch2/catch.hpp>

#include <algorithm>
#include <thread>

#include "pg_server.hpp"
#include "store/postgres/pg_pool.hpp"
#include "store/postgres/pg_schema.hpp"
#include "store/postgres/pg_url.hpp"

using namespace cunzhan;
using namespace cunzhan::hub;
using cunzhan::testing::pg_test_db;

namespace {

std::unique_ptr<pg::connection> connect(const std::string& url) {
  pg::settings s;
  s.url = url;
  auto c = pg::connection::open(s);
  if (!c) FAIL(c.err().describe(lang::en));
  return std::move(*c);
}

}  // namespace

TEST_CASE("url: the password never shows", "[pg]") {
  CHECK(pg::redact_url("postgresql://hub:s3cr@t/x@db.example:5432/cunzhan?sslmode=verify-full") ==
        "postgresql://hub:***@db.example:5432/cunzhan?sslmode=verify-full");
  CHECK(pg::redact_url("postgres://hub@db/cunzhan") == "postgres://hub@db/cunzhan");
  CHECK(pg::redact_url("postgresql:///cunzhan?host=/run/pg&password=s3cret&sslpassword=k3y&user=hub") ==
        "postgresql:///cunzhan?host=/run/pg&password=***&sslpassword=***&user=hub");
  CHECK(pg::redact_url("host=db password=s3cret") == "***");
  CHECK(pg::is_postgres_url("postgresql://x"));
  CHECK(pg::is_postgres_url("POSTGRES://x"));
  CHECK_FALSE(pg::is_postgres_url("/var/lib/cunzhan"));

  // A failed connection's error names the database but not the secret.
  pg_test_db db;
  pg::settings s;
  s.url = "postgresql://postgres:s3cret@/no_such_db?host=" + cunzhan::testing::pg_socket_dir();
  auto c = pg::connection::open(s);
  REQUIRE_FALSE(c);
  const std::string msg = c.err().describe(lang::en) + c.err().describe(lang::zh);
  CHECK(msg.find("no_such_db") != std::string::npos);
  CHECK(msg.find("s3cret") == std::string::npos);
  CHECK(c.err().code == errc::db_busy);  // the database may come back: never a reason to drop data
}

TEST_CASE("connection: values go in as parameters and come back typed", "[pg]") {
  pg_test_db db;
  auto c = connect(db.url());
  REQUIRE(c->exec("CREATE TABLE t (s TEXT, i BIGINT, d DOUBLE PRECISION, b BYTEA, n BIGINT)"));
  const std::string evil = "'); DROP TABLE t; --  村站";
  const std::string raw("\x00\x01\xff\\x'", 6);
  REQUIRE(c->run("INSERT INTO t VALUES ($1, $2, $3, $4, $5)",
                 {evil, std::int64_t{-9223372036854775807LL}, 0.1, pg::param::bytes(raw), std::nullopt}));
  auto r = c->run("SELECT s, i, d, b, n FROM t WHERE s = $1", {evil});
  REQUIRE(r);
  REQUIRE(r->size() == 1);
  CHECK(r->text(0, 0) == evil);
  CHECK(r->int64(0, 1) == -9223372036854775807LL);
  CHECK(r->real(0, 2) == 0.1);
  CHECK(r->bytes(0, 3) == raw);
  CHECK(r->is_null(0, 4));
  CHECK_FALSE(r->opt_int64(0, 4));
  auto again =
      c->run("UPDATE t SET n = $1", {std::optional<std::int64_t>(7)});  // the prepared statement is reused
  REQUIRE(again);
  CHECK(again->affected() == 1);
}

TEST_CASE("connection: failures are sorted into busy (retry) and errors", "[pg]") {
  pg_test_db db;
  auto a = connect(db.url());
  auto b = connect(db.url());
  REQUIRE(a->exec("CREATE TABLE k (id TEXT PRIMARY KEY, v BIGINT NOT NULL)"));
  REQUIRE(a->run("INSERT INTO k VALUES ('x', 1), ('y', 1)"));

  SECTION("a unique key refuses a second row: already_exists, not busy") {
    auto r = a->run("INSERT INTO k VALUES ($1, $2)", {"x", 2});
    REQUIRE_FALSE(r);
    CHECK(r.err().code == errc::already_exists);
  }
  SECTION("a bad statement is an error") {
    auto r = a->run("SELECT no_such_column FROM k");
    REQUIRE_FALSE(r);
    CHECK(r.err().code == errc::db_error);
  }
  SECTION("a serialization failure is busy") {
    pg::transaction ta(*a, pg::transaction::isolation::serializable);
    pg::transaction tb(*b, pg::transaction::isolation::serializable);
    REQUIRE(a->run("SELECT sum(v) FROM k"));
    REQUIRE(b->run("SELECT sum(v) FROM k"));
    REQUIRE(a->run("UPDATE k SET v = v + 1 WHERE id = 'x'"));
    REQUIRE(b->run("UPDATE k SET v = v + 1 WHERE id = 'y'"));
    REQUIRE(ta.commit());
    auto r = tb.commit();
    REQUIRE_FALSE(r);
    CHECK(r.err().code == errc::db_busy);
    CHECK(b->last_sqlstate() == "40001");
  }
  SECTION("a deadlock is busy") {
    pg::transaction ta(*a);
    pg::transaction tb(*b);
    REQUIRE(a->run("UPDATE k SET v = 5 WHERE id = 'x'"));
    REQUIRE(b->run("UPDATE k SET v = 5 WHERE id = 'y'"));
    status ra = ok_status();
    std::thread t(
        [&] { ra = a->run("UPDATE k SET v = 6 WHERE id = 'y'") ? ok_status() : status(errc::db_busy); });
    auto rb = b->run("UPDATE k SET v = 6 WHERE id = 'x'");
    if (rb) REQUIRE(tb.commit());  // b won: a was chosen as the victim
    t.join();
    CHECK(static_cast<bool>(ra) != static_cast<bool>(rb));  // exactly one is the deadlock victim
    CHECK((a->last_sqlstate() == "40P01" || b->last_sqlstate() == "40P01"));
  }
  SECTION("a statement timeout is busy") {
    pg::settings s;
    s.url = db.url();
    s.statement_timeout_ms = 50;
    auto c = pg::connection::open(s);
    REQUIRE(c);
    auto r = (*c)->run("SELECT pg_sleep(5)");
    REQUIRE_FALSE(r);
    CHECK(r.err().code == errc::db_busy);
    CHECK((*c)->last_sqlstate() == "57014");
  }
  SECTION("too many connections is busy") {
    REQUIRE(a->exec("CREATE ROLE limited LOGIN CONNECTION LIMIT 1"));
    pg::settings s;
    s.url = "postgresql:///" + db.name() + "?host=" + cunzhan::testing::pg_socket_dir() + "&user=limited";
    auto first = pg::connection::open(s);
    REQUIRE(first);
    auto second = pg::connection::open(s);
    REQUIRE_FALSE(second);
    CHECK(second.err().code == errc::db_busy);
    first->reset();
    REQUIRE(a->exec("DROP ROLE limited"));
  }
}

TEST_CASE("pool: a connection killed under it is replaced", "[pg]") {
  pg_test_db db;
  pg::pool_settings ps;
  ps.conn.url = db.url();
  ps.size = 2;
  pg::pool p(ps);
  std::string pid;
  {
    auto c = p.acquire();
    REQUIRE(c);
    auto r = (*c)->run("SELECT pg_backend_pid()");
    REQUIRE(r);
    pid = r->text(0, 0);
  }
  auto killer = connect(db.url());
  REQUIRE(killer->run("SELECT pg_terminate_backend($1::int)", {pid}));
  {
    auto c = p.acquire();
    REQUIRE(c);
    auto r = (*c)->run("SELECT 1");
    REQUIRE_FALSE(r);  // the request that met the dead connection is told to retry
    CHECK(r.err().code == errc::db_busy);
    CHECK((*c)->broken());
  }
  auto c = p.acquire();
  REQUIRE(c);
  auto r = (*c)->run("SELECT pg_backend_pid()");
  REQUIRE(r);
  CHECK(r->text(0, 0) != pid);

  // Every connection leased: the next caller waits, then is told busy, not an error.
  ps.size = 1;
  ps.acquire_wait = std::chrono::milliseconds(10);
  pg::pool small(ps);
  auto held = small.acquire();
  REQUIRE(held);
  auto none = small.acquire();
  REQUIRE_FALSE(none);
  CHECK(none.err().code == errc::db_busy);
}

TEST_CASE("schema: migrated once on open, however many processes open it together", "[pg]") {
  pg_test_db db;
  constexpr int k_openers = 4;
  std::vector<std::thread> threads;
  std::vector<int> ok(k_openers, 0);
  for (int i = 0; i < k_openers; ++i) {
    threads.emplace_back([&, i] {
      pg::settings s;
      s.url = db.url();
      auto c = pg::connection::open(s);
      if (c && pg::migrate(**c)) ok[i] = 1;
    });
  }
  for (auto& t : threads) t.join();
  CHECK(std::count(ok.begin(), ok.end(), 1) == k_openers);
  auto c = connect(db.url());
  auto v = c->run("SELECT version FROM cunzhan_schema");
  REQUIRE(v);
  REQUIRE(v->size() == 1);
  CHECK(v->int64(0, 0) == pg::schema_version());
  auto tables = c->run("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'");
  REQUIRE(tables);
  CHECK(tables->int64(0, 0) == 27);  // 26 hub tables (11 of the villager services) + cunzhan_schema
  REQUIRE(pg::migrate(*c));          // a second open changes nothing
  // SQLite's types, translated: raw bytes, 64-bit instants, carried-over session ids.
  auto type_of = [&](const char* table, const char* column) {
    auto r = c->run(
        "SELECT data_type, is_identity FROM information_schema.columns WHERE table_name = $1 AND "
        "column_name = $2",
        {table, column});
    REQUIRE(r);
    REQUIRE(r->size() == 1);
    return r->text(0, 0) + (r->text(0, 1) == "YES" ? " identity" : "");
  };
  CHECK(type_of("op_log", "content_hash") == "bytea");
  CHECK(type_of("op_log", "received_at") == "bigint");
  CHECK(type_of("listing", "quantity") == "double precision");
  CHECK(type_of("sync_session", "id") == "bigint identity");
  CHECK(type_of("sync_session", "station_version") == "text");

  // op_id is unique whoever inserts it.
  const char* ins =
      "INSERT INTO op_log (op_id, station_id, seq, entity, entity_id, content_hash, status, received_at, "
      "batch_id) "
      "VALUES ($1, 's', 1, 'listing', 'e', $2, 'applied', 0, 'b')";
  REQUIRE(c->run(ins, {"op-1", pg::param::bytes("h")}));
  auto twice = c->run(ins, {"op-1", pg::param::bytes("h")});
  REQUIRE_FALSE(twice);
  CHECK(twice.err().code == errc::already_exists);

  // A newer program's schema is refused, not downgraded.
  REQUIRE(c->run("UPDATE cunzhan_schema SET version = $1", {pg::schema_version() + 1}));
  auto newer = pg::migrate(*c);
  REQUIRE_FALSE(newer);
  CHECK(newer.err().code == errc::db_schema_too_new);
}
