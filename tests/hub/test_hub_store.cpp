// hub_store's connection leases: a connection goes back to the pool (or the writer is
// released) with no statement left mid-way, so the next borrower sees every commit.
#include <catch2/catch.hpp>

#include "store/hub_store.hpp"
#include "test_support.hpp"

using namespace cunzhan;
using namespace cunzhan::hub;

namespace {

std::int64_t count_rows(sql::database& db) {
  auto st = db.prepare("SELECT count(*) FROM probe");
  REQUIRE(st.ok());
  auto row = st->step();
  REQUIRE(row.ok());
  return st->column_int(0);
}

// Steps a cached statement once and leaves it there, as a handler that read only the
// first row would.
void read_first_row_and_leave(sql::database& db) {
  auto st = db.prepare_cached("SELECT x FROM probe");
  REQUIRE(st.ok());
  auto row = (*st)->step();
  REQUIRE(row.ok());
  REQUIRE(*row);
}

}  // namespace

TEST_CASE("hub store: a pooled reader sees writes made after its last borrower left a read open",
          "[hub][store]") {
  test::temp_dir dir("hub-store-lease");
  auto store = hub_store::open((dir.path() / "data").string(), true);
  REQUIRE(store.ok());
  {
    auto w = (*store)->writer();
    REQUIRE(w.db().exec("CREATE TABLE probe (x INTEGER); INSERT INTO probe VALUES (1), (2)"));
  }
  {
    auto r = (*store)->reader();
    REQUIRE(r.ok());
    read_first_row_and_leave(r->db());
  }  // back to the pool
  {
    auto w = (*store)->writer();
    read_first_row_and_leave(w.db());  // the writer connection too
    REQUIRE(w.db().exec("INSERT INTO probe VALUES (3)"));
  }
  {
    auto w = (*store)->writer();
    REQUIRE(w.db().exec("INSERT INTO probe VALUES (4)"));
  }
  auto r = (*store)->reader();  // the same pooled connection
  REQUIRE(r.ok());
  CHECK(count_rows(r->db()) == 4);
}
