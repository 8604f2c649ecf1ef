// `station sync` gave "Database file is corrupt" for an intact file when a pread failed
// during the run (the 160-trial run's seed 100100004): SQLite called the page it could
// not read malformed, and the sync engine's error went to the screen, --json, sync.log
// and `station status` without the fresh open every other command makes first.
#include <catch2/catch.hpp>

#include "cunzhan/station/store.hpp"
#include "cunzhan/station/sync.hpp"
#include "disk_support.hpp"
#include "faulty_vfs.hpp"
#include "fixture.hpp"

namespace cunzhan::test::disk {

using namespace station_client;

TEST_CASE(
    "a page SQLite calls malformed during sync is corruption only if a fresh open agrees (issue 20 item 3)") {
  temp_dir d{"disk-sync-verdict"};
  const fs::path data = d / "data";
  faulty_vfs vfs;
  enrolled_store(data);  // closed again: the run below reads its pages from the disk
  store_options o;
  o.create = false;
  auto s = store::open(data, o);
  REQUIRE(s.ok());
  vfs.fail_read(1, /*malformed=*/true);  // the run's first page read: the enrolment
  sync_options so;
  so.pull = false;
  so.deadline = std::chrono::seconds(5);
  const sync_report r = run_sync(**s, so);
  REQUIRE(vfs.reads_seen() >= 1);
  vfs.heal();
  const std::string en = r.summary(lang::en), zh = r.summary(lang::zh);
  INFO(en << "\n" << zh);
  CHECK(r.outcome == sync_outcome::needs_action);
  CHECK(r.last_error.code == errc::db_io_error);
  CHECK(en.find("checked intact") != std::string::npos);
  for (const char* w : {"corrupt", "malformed", "not a database"}) CHECK(en.find(w) == std::string::npos);
  CHECK(zh.find("已损坏") == std::string::npos);
  // What `station status` shows of the run is the same.
  auto last = (*s)->meta().last_sync();
  REQUIRE(last.ok());
  CHECK(last->last_message.find("malformed") == std::string::npos);
  CHECK(last->last_message.find("checked intact") != std::string::npos);
}

}  // namespace cunzhan::test::disk
