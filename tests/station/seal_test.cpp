// When the store runs the full quick_check on open (store_seal.cpp): after a clean close
// it is skipped; a crash, a stale or missing seal, or a changed file bring it back; a
// page damaged while no clean close vouched for the file is refused and left as it was.
// Also the bulk-write side: the WAL is emptied after an import, and a bulk op still
// supersedes a rejected one.
#include <catch2/catch.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <regex>

#include "cunzhan/shared/enrolment.hpp"
#include "cunzhan/shared/sqlite.hpp"
#include "cunzhan/station/store.hpp"
#include "station_fixture.hpp"

using namespace cunzhan;
using namespace cunzhan::station_client;

namespace {

std::filesystem::path db_path(const test::temp_dir& d) { return d.path() / "data" / db_file_name; }
std::filesystem::path seal_path(const test::temp_dir& d) { return db_path(d).string() + "-seal"; }

std::unique_ptr<store> open_store(const test::temp_dir& d) {
  auto s = store::open(d.path() / "data");
  if (!s) FAIL("open failed: " << s.err().describe(lang::en));
  return std::move(*s);
}

listing sample(int i) {
  listing l;
  l.product_name = "红薯" + std::to_string(i);
  l.category = "vegetable";
  l.quantity = 10;
  l.unit = "斤";
  l.price_fen = 250;
  l.village_code = test::k_village;
  l.note = std::string(300, 'x');  // rows big enough to fill many pages
  return l;
}

// The seal's text with a new body, signed as store_seal.cpp signs it (FNV-1a 64 of the
// body), so a test can change one thing the seal vouches for and nothing else.
std::string resealed(const std::string& body) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : body) h = (h ^ c) * 0x100000001b3ULL;
  char sum[17];
  std::snprintf(sum, sizeof sum, "%016llx", static_cast<unsigned long long>(h));
  return "cunzhan-station-seal 2 " + std::string(sum) + "\n" + body;
}
std::string seal_body(const std::string& seal) { return seal.substr(seal.find('\n') + 1); }
bool sealed(const test::temp_dir& d) {
  return std::filesystem::exists(seal_path(d)) && std::filesystem::file_size(seal_path(d)) > 0;
}

// An enrolled store with `rows` listings, everything checkpointed into the main file,
// closed cleanly.
void make_store(const test::temp_dir& d, int rows) {
  auto s = open_store(d);
  auto e = parse_enrolment(test::enrolment_json());
  REQUIRE(e.ok());
  REQUIRE(s->meta().init(*e, false).ok());
  REQUIRE(s->begin_bulk().ok());
  for (int i = 0; i < rows; ++i) REQUIRE(s->listings().add(sample(i)).ok());
  REQUIRE(s->commit_bulk().ok());
}

// A process that opens the store, writes, and dies without closing it.
void crash_while_open(const test::temp_dir& d) {
  const pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    auto s = store::open(d.path() / "data");
    const bool ok = s && (*s)->listings().add(sample(-1)).ok();
    _exit(ok ? 0 : 1);  // no destructors: no clean close
  }
  int status = 0;
  REQUIRE(waitpid(pid, &status, 0) == pid);
  REQUIRE(WIFEXITED(status));
  REQUIRE(WEXITSTATUS(status) == 0);
}

}  // namespace

TEST_CASE("seal: a clean close lets the next open skip the full check") {
  test::temp_dir d;
  make_store(d, 10);
  REQUIRE(sealed(d));
  CHECK_FALSE(open_store(d)->fully_checked_on_open());
  CHECK_FALSE(open_store(d)->fully_checked_on_open());  // each clean close seals again
  store_options forced;
  forced.full_check = true;
  auto s = store::open(d.path() / "data", forced);
  REQUIRE(s.ok());
  CHECK((*s)->fully_checked_on_open());
}

TEST_CASE("seal: an unclean previous close triggers the full check") {
  test::temp_dir d;
  make_store(d, 10);
  crash_while_open(d);
  CHECK_FALSE(sealed(d));  // consumed before the first write
  auto s = open_store(d);
  CHECK(s->fully_checked_on_open());
  CHECK(s->listings().list({})->size() == 11);  // the crashed process's commit is kept
}

TEST_CASE("seal: a stale check, another boot, a changed file or a damaged seal mean the full check") {
  test::temp_dir d;
  make_store(d, 10);
  auto reopened = [&](const std::string& seal) {
    test::write_file(seal_path(d), seal);
    return open_store(d)->fully_checked_on_open();
  };
  auto edited = [&](const std::string& pattern, const std::string& with) {
    return resealed(std::regex_replace(seal_body(test::read_file(seal_path(d))), std::regex(pattern), with));
  };
  CHECK_FALSE(reopened(edited("checked (\\d+)", "checked $1")));  // re-signing alone changes nothing
  std::smatch m;
  const std::string body = seal_body(test::read_file(seal_path(d)));
  REQUIRE(std::regex_search(body, m, std::regex("checked (\\d+)")));
  CHECK(reopened(edited("checked \\d+", "checked " + std::to_string(std::stoll(m[1]) - 2 * 86400))));
  CHECK_FALSE(reopened(test::read_file(seal_path(d))));  // the full check renewed it
  CHECK(reopened(edited("boot \\S+", "boot another-boot")));
  CHECK(reopened(edited("\ndb (\\d+) (\\d+)", "\ndb $1 1")));
  const std::string good = test::read_file(seal_path(d));
  CHECK(reopened(good.substr(0, good.size() - 3) + "9\n"));  // torn: checksum fails
  CHECK(reopened("garbage"));
  CHECK(reopened(""));
  // Written by something else after the clean close: the seal no longer matches. (File
  // times tick every few ms, so the rewrite may share the seal's tick: its modification
  // time is set a second back rather than waiting for the next tick.)
  std::string bytes = test::read_file(db_path(d));
  test::write_file(db_path(d), bytes);
  std::filesystem::last_write_time(db_path(d),
                                   std::filesystem::last_write_time(db_path(d)) - std::chrono::seconds(1));
  CHECK(open_store(d)->fully_checked_on_open());
}

TEST_CASE("seal: a page damaged after a crash is refused and the file left unchanged") {
  test::temp_dir d;
  make_store(d, 400);
  crash_while_open(d);
  {
    // The crashed process left its commit in the WAL; move it into the file (this
    // connection runs its own full check and is not a store: no seal).
    auto db = sql::database::open(db_path(d).string());
    REQUIRE(db.ok());
    REQUIRE((*db)->exec("PRAGMA wal_checkpoint(TRUNCATE)").ok());
  }
  std::string bytes = test::read_file(db_path(d));
  const std::size_t page = 4096, pages = bytes.size() / page;
  REQUIRE(pages > 40);
  for (std::size_t i = 0; i < page; ++i) bytes[(pages / 2) * page + i] = static_cast<char>(0x5a + i % 7);
  test::write_file(db_path(d), bytes);
  for (int attempt = 0; attempt < 2; ++attempt) {
    auto s = store::open(d.path() / "data");
    REQUIRE_FALSE(s.ok());
    CHECK(s.err().code == errc::db_corrupt);
  }
  CHECK(test::read_file(db_path(d)) == bytes);
  CHECK_FALSE(sealed(d));
}

TEST_CASE("seal: a file cut short mid-page is refused by the cheap check alone, unchanged") {
  test::temp_dir d;
  make_store(d, 50);
  std::string bytes = test::read_file(db_path(d));
  bytes.resize(bytes.size() - 1000);
  test::write_file(db_path(d), bytes);
  sql::open_options o;
  o.check_integrity = false;
  auto db = sql::database::open(db_path(d).string(), o);
  REQUIRE_FALSE(db.ok());
  CHECK(db.err().code == errc::db_corrupt);
  CHECK(test::read_file(db_path(d)) == bytes);
}

TEST_CASE("seal: stores of one process share the file, and the last close seals") {
  test::temp_dir d;
  make_store(d, 5);
  {
    auto a = open_store(d);
    auto b = open_store(d);
    CHECK_FALSE(b->fully_checked_on_open());
    REQUIRE(b->listings().add(sample(100)).ok());
    a.reset();
    CHECK_FALSE(sealed(d));  // b still has it open
  }
  CHECK(sealed(d));
  CHECK_FALSE(open_store(d)->fully_checked_on_open());
}

TEST_CASE("bulk: the WAL is emptied after the commit, and a bulk op still supersedes a rejected one") {
  test::temp_dir d;
  make_store(d, 200);
  CHECK(std::filesystem::file_size(db_path(d).string() + "-wal") == 0);
  auto s = open_store(d);
  auto l = s->listings().add(sample(1));
  REQUIRE(l.ok());
  auto batch = s->outbox().next_batch(1000, 1 << 30);
  REQUIRE(batch.ok());
  push_response resp;
  resp.results.push_back({batch->back().envelope.op_id, op_status::rejected, "bad", "Bad", "错"});
  REQUIRE(s->outbox().apply_results(resp).ok());
  REQUIRE(s->outbox().counts()->rejected_unresolved == 1);
  REQUIRE(s->begin_bulk().ok());
  REQUIRE(s->listings().add(*l).ok());  // same id, as an import of an export does
  REQUIRE(s->commit_bulk().ok());
  CHECK(s->outbox().counts()->rejected_unresolved == 0);
}
