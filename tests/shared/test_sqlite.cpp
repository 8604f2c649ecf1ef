// Tests for the SQLite layer on real database files: settings, transactions, the
// statement cache, migrations, refusing a corrupt file without touching it, and backup.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>

#include "cunzhan/shared/sqlite.hpp"
#include "test_support.hpp"

using namespace cunzhan;
namespace t = cunzhan::test;

namespace {

std::unique_ptr<sql::database> open_ok(const std::string& path, const sql::open_options& o = {}) {
  auto db = sql::database::open(path, o);
  if (!db) FAIL("open failed: " << db.err().describe(lang::en));
  return std::move(db).value();
}

std::int64_t scalar_int(sql::database& db, const std::string& q) {
  auto st = db.prepare(q);
  REQUIRE(st.ok());
  auto row = st->step();
  REQUIRE(row.ok());
  REQUIRE(*row);
  return st->column_int(0);
}

std::string scalar_text(sql::database& db, const std::string& q) {
  auto st = db.prepare(q);
  REQUIRE(st.ok());
  auto row = st->step();
  REQUIRE(row.ok());
  REQUIRE(*row);
  return st->column_text(0);
}

// A database big enough that a page in its middle holds table rows.
void make_populated_db(const std::string& path) {
  auto db = open_ok(path);
  REQUIRE(db->exec("CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT NOT NULL)").ok());
  sql::transaction tx(*db);
  REQUIRE(tx.begun().ok());
  for (int i = 0; i < 2000; ++i) {
    auto st = db->prepare_cached("INSERT INTO t (id, body) VALUES (?, ?)");
    REQUIRE(st.ok());
    REQUIRE((*st)->bind(1, i).bind(2, std::string(200, static_cast<char>('a' + i % 26))).run().ok());
  }
  REQUIRE(tx.commit().ok());
}

}  // namespace

TEST_CASE("sqlite: open sets WAL, synchronous FULL and foreign keys", "[sqlite]") {
  t::temp_dir dir;
  auto db = open_ok((dir / "a.db").string());
  CHECK(scalar_text(*db, "PRAGMA journal_mode") == "wal");
  CHECK(scalar_int(*db, "PRAGMA synchronous") == 2);  // 2 = FULL
  CHECK(scalar_int(*db, "PRAGMA foreign_keys") == 1);
}

TEST_CASE("sqlite: missing file without create is not_found", "[sqlite]") {
  t::temp_dir dir;
  sql::open_options o;
  o.create = false;
  auto db = sql::database::open((dir / "none.db").string(), o);
  REQUIRE_FALSE(db.ok());
  CHECK(db.err().code == errc::not_found);
  CHECK_FALSE(std::filesystem::exists(dir / "none.db"));
}

TEST_CASE("sqlite: transaction rolls back on scope exit and keeps committed rows", "[sqlite]") {
  t::temp_dir dir;
  const std::string path = (dir / "tx.db").string();
  {
    auto db = open_ok(path);
    REQUIRE(db->exec("CREATE TABLE t (v INTEGER NOT NULL)").ok());
    {
      sql::transaction tx(*db);
      REQUIRE(tx.begun().ok());
      REQUIRE(db->exec("INSERT INTO t VALUES (1)").ok());
      // no commit: the destructor must roll back
    }
    CHECK(scalar_int(*db, "SELECT count(*) FROM t") == 0);
    {
      sql::transaction tx(*db);
      REQUIRE(db->exec("INSERT INTO t VALUES (2)").ok());
      REQUIRE(tx.commit().ok());
      CHECK_FALSE(tx.commit().ok());  // a second commit is refused
    }
  }
  auto db = open_ok(path);  // committed data survives reopening
  CHECK(scalar_int(*db, "SELECT count(*) FROM t") == 1);
  CHECK(scalar_int(*db, "SELECT v FROM t") == 2);
}

TEST_CASE("sqlite: a second writer is told the database is busy", "[sqlite]") {
  t::temp_dir dir;
  const std::string path = (dir / "busy.db").string();
  auto a = open_ok(path);
  sql::open_options o;
  o.busy_timeout_ms = 1;
  auto b = open_ok(path, o);
  sql::transaction hold(*a);
  REQUIRE(hold.begun().ok());
  sql::transaction blocked(*b);
  REQUIRE_FALSE(blocked.begun().ok());
  CHECK(blocked.begun().err().code == errc::db_busy);
}

TEST_CASE("sqlite: cached statements are reused and reset with bindings cleared", "[sqlite]") {
  t::temp_dir dir;
  auto db = open_ok((dir / "c.db").string());
  REQUIRE(db->exec("CREATE TABLE kv (k TEXT PRIMARY KEY, v TEXT)").ok());
  const std::string ins = "INSERT INTO kv (k, v) VALUES (?, ?)";
  auto s1 = db->prepare_cached(ins);
  REQUIRE(s1.ok());
  REQUIRE((*s1)->bind(1, "a").bind(2, "一").run().ok());
  auto s2 = db->prepare_cached(ins);
  REQUIRE(s2.ok());
  CHECK(*s1 == *s2);                                                    // the same statement object
  REQUIRE((*s2)->bind(1, "b").run().ok());                              // v unbound → NULL after the reset
  REQUIRE((*s2)->bind(1, "c").bind(2, std::string_view{}).run().ok());  // empty, not NULL

  auto q = db->prepare_cached("SELECT v FROM kv WHERE k = ?");
  REQUIRE(q.ok());
  (*q)->bind(1, "a");
  REQUIRE(*(*q)->step());
  CHECK((*q)->column_text(0) == "一");
  q = db->prepare_cached("SELECT v FROM kv WHERE k = ?");
  (*q)->bind(1, "b");
  REQUIRE(*(*q)->step());
  CHECK((*q)->column_is_null(0));
  q = db->prepare_cached("SELECT v FROM kv WHERE k = ?");
  (*q)->bind(1, "c");
  REQUIRE(*(*q)->step());
  CHECK_FALSE((*q)->column_is_null(0));
  CHECK((*q)->column_text(0).empty());

  auto dup = (*s1)->bind(1, "a").bind(2, "x").run();
  REQUIRE_FALSE(dup.ok());
  CHECK(dup.err().code == errc::db_error);
  auto bad = db->prepare("SELEC nonsense");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.err().code == errc::db_error);
}

TEST_CASE("sqlite: blobs and doubles round trip", "[sqlite]") {
  t::temp_dir dir;
  auto db = open_ok((dir / "b.db").string());
  REQUIRE(db->exec("CREATE TABLE b (x BLOB, d REAL)").ok());
  const std::string bytes("\0\x01\xff\0zz", 6);
  auto st = db->prepare("INSERT INTO b VALUES (?, ?)");
  REQUIRE(st.ok());
  REQUIRE(st->bind_blob(1, bytes).bind(2, 2.5).run().ok());
  CHECK(db->last_insert_rowid() == 1);
  CHECK(db->changes() == 1);
  auto q = db->prepare("SELECT x, d FROM b");
  REQUIRE(*q->step());
  CHECK(q->column_blob(0) == bytes);
  CHECK(q->column_double(1) == 2.5);
}

TEST_CASE("sqlite: migrate from an old version and refuse a newer schema", "[sqlite]") {
  t::temp_dir dir;
  const std::string path = (dir / "m.db").string();
  const sql::migration v1[] = {"CREATE TABLE a (x INTEGER)"};
  const sql::migration v3[] = {"CREATE TABLE a (x INTEGER)", "ALTER TABLE a ADD COLUMN y TEXT",
                               "CREATE TABLE b (z INTEGER)"};
  {
    auto db = open_ok(path);
    CHECK(*db->schema_version() == 0);
    REQUIRE(sql::migrate(*db, v1, 1).ok());
    CHECK(*db->schema_version() == 1);
    REQUIRE(db->exec("INSERT INTO a (x) VALUES (7)").ok());
  }
  {
    auto db = open_ok(path);
    REQUIRE(sql::migrate(*db, v3, 3).ok());
    CHECK(*db->schema_version() == 3);
    CHECK(scalar_int(*db, "SELECT x FROM a WHERE y IS NULL") == 7);  // data kept
    CHECK(scalar_int(*db, "SELECT count(*) FROM b") == 0);
    REQUIRE(sql::migrate(*db, v3, 3).ok());  // idempotent
    CHECK(*db->schema_version() == 3);
  }
  auto db = open_ok(path);
  auto s = sql::migrate(*db, v1, 1);
  REQUIRE_FALSE(s.ok());
  CHECK(s.err().code == errc::db_schema_too_new);
  CHECK(*db->schema_version() == 3);
}

TEST_CASE("sqlite: a failing migration step leaves the version unchanged", "[sqlite]") {
  t::temp_dir dir;
  auto db = open_ok((dir / "mf.db").string());
  const sql::migration steps[] = {"CREATE TABLE a (x INTEGER)",
                                  "CREATE TABLE c (x INTEGER); INSERT INTO nowhere VALUES (1)"};
  auto s = sql::migrate(*db, steps, 2);
  REQUIRE_FALSE(s.ok());
  CHECK(*db->schema_version() == 1);
  CHECK(scalar_int(*db, "SELECT count(*) FROM sqlite_master WHERE name = 'c'") == 0);
}

TEST_CASE("sqlite: a corrupted file is refused and left byte-for-byte unchanged", "[sqlite]") {
  t::temp_dir dir;
  const std::string path = (dir / "corrupt.db").string();
  make_populated_db(path);
  REQUIRE_FALSE(std::filesystem::exists(path + "-wal"));  // checkpointed on close
  std::string bytes = t::read_file(path);
  const std::size_t page = 4096;
  const std::size_t pages = bytes.size() / page;
  REQUIRE(pages > 20);
  const std::size_t victim = pages / 2;
  for (std::size_t i = 0; i < page; ++i) bytes[victim * page + i] = static_cast<char>(0x5a + i % 7);
  t::write_file(path, bytes);

  auto db = sql::database::open(path);
  REQUIRE_FALSE(db.ok());
  CHECK(db.err().code == errc::db_corrupt);
  CHECK_FALSE(db.err().detail_zh.empty());
  CHECK(t::read_file(path) == bytes);
}

TEST_CASE("sqlite: a file that is not a database is refused unchanged", "[sqlite]") {
  t::temp_dir dir;
  const std::string path = (dir / "text.db").string();
  const std::string junk = "这不是数据库 — just some text, not SQLite at all.\n" + std::string(5000, 'x');
  t::write_file(path, junk);
  for (bool check : {true, false}) {
    sql::open_options o;
    o.check_integrity = check;
    auto db = sql::database::open(path, o);
    REQUIRE_FALSE(db.ok());
    CHECK(db.err().code == errc::db_corrupt);
    CHECK(t::read_file(path) == junk);
  }
}

TEST_CASE("sqlite: integrity_check says ok on a healthy file", "[sqlite]") {
  t::temp_dir dir;
  const std::string path = (dir / "ok.db").string();
  make_populated_db(path);
  auto db = open_ok(path);
  auto r = db->integrity_check();
  REQUIRE(r.ok());
  CHECK(*r == "ok");
}

TEST_CASE("sqlite: backup_to copies a consistent database", "[sqlite]") {
  t::temp_dir dir;
  const std::string path = (dir / "src.db").string();
  make_populated_db(path);
  auto db = open_ok(path);
  // An uncommitted write on another connection must not appear in the copy.
  auto other = open_ok(path);
  sql::transaction pending(*other);
  REQUIRE(other->exec("DELETE FROM t").ok());
  const std::string dest = (dir / "copy.db").string();
  REQUIRE(db->backup_to(dest).ok());
  auto copy = open_ok(dest);
  CHECK(scalar_int(*copy, "SELECT count(*) FROM t") == 2000);
  CHECK(*copy->integrity_check() == "ok");
}

TEST_CASE("sqlite: read-only open does not write", "[sqlite]") {
  t::temp_dir dir;
  const std::string path = (dir / "ro.db").string();
  make_populated_db(path);
  const std::string before = t::read_file(path);
  sql::open_options o;
  o.read_only = true;
  auto db = open_ok(path, o);
  CHECK(scalar_int(*db, "SELECT count(*) FROM t") == 2000);
  CHECK_FALSE(db->exec("DELETE FROM t").ok());
  db.reset();
  CHECK(t::read_file(path) == before);
}

TEST_CASE("sqlite: finish_statements ends a read left after its first row, so new commits are seen",
          "[sqlite]") {
  t::temp_dir dir("sqlite-finish");
  const std::string path = (dir.path() / "f.db").string();
  auto writer = open_ok(path);
  REQUIRE(writer->exec("CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1), (2)"));
  auto reader = open_ok(path);
  auto first = reader->prepare_cached("SELECT x FROM t ORDER BY x");
  REQUIRE(first.ok());
  auto row = (*first)->step();
  REQUIRE(row.ok());
  REQUIRE(*row);  // left mid-way: the reader's snapshot stays open
  REQUIRE(writer->exec("INSERT INTO t VALUES (3)"));
  CHECK(scalar_int(*reader, "SELECT count(*) FROM t") == 2);  // the old snapshot
  reader->finish_statements();
  CHECK(scalar_int(*reader, "SELECT count(*) FROM t") == 3);
}

namespace {

// Whether another process sees a read lock on the database's SHARED byte range (SQLite's
// unix VFS locks bytes 0x40000002..+510 of the main file while a connection reads it).
bool other_process_sees_shared_lock(const std::string& path) {
  const pid_t child = ::fork();
  if (child == 0) {
    const int fd = ::open(path.c_str(), O_RDWR);
    struct flock probe {};
    probe.l_type = F_WRLCK;
    probe.l_whence = SEEK_SET;
    probe.l_start = 0x40000002;
    probe.l_len = 510;
    const bool locked = fd >= 0 && ::fcntl(fd, F_GETLK, &probe) == 0 && probe.l_type != F_UNLCK;
    ::_exit(locked ? 0 : 1);
  }
  int st = 0;
  ::waitpid(child, &st, 0);
  return WIFEXITED(st) && WEXITSTATUS(st) == 0;
}

}  // namespace

TEST_CASE("sqlite: opening a second connection keeps the locks the first one holds", "[sqlite]") {
  // A plain open()/close() of the file in this process would drop every POSIX lock the
  // process holds on it; another process could then checkpoint or reset the WAL under
  // the first connection (how hub.db was corrupted by `hub backup` beside `hub serve`).
  t::temp_dir dir("sqlite-locks");
  const std::string path = (dir.path() / "l.db").string();
  auto first = open_ok(path);
  REQUIRE(first->exec("CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1)"));
  auto reading = first->prepare_cached("SELECT x FROM t");
  REQUIRE(reading.ok());
  REQUIRE((*reading)->step().ok());  // holds a read transaction, so a SHARED lock
  REQUIRE(other_process_sees_shared_lock(path));
  auto second = open_ok(path);
  CHECK(other_process_sees_shared_lock(path));
  (*reading)->reset();
}
