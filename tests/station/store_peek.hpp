// Store tests' helpers: an enrolled store in a temp dir, a connection of the test's own
// to its file (the store keeps its SQL to itself), a sample listing.
#pragma once
#include <catch2/catch.hpp>

#include <memory>
#include <string>

#include "cunzhan/shared/enrolment.hpp"
#include "cunzhan/shared/sqlite.hpp"
#include "cunzhan/station/store.hpp"
#include "station_fixture.hpp"

namespace cunzhan::test {

inline std::unique_ptr<station_client::store> enrolled_store(const temp_dir& d) {
  auto s = station_client::store::open(d.path() / "data");
  REQUIRE(s.ok());
  auto e = parse_enrolment(enrolment_json());
  REQUIRE(e.ok());
  REQUIRE((*s)->meta().init(*e, false).ok());
  return std::move(*s);
}

inline std::unique_ptr<sql::database> peek(station_client::store& s) {
  sql::open_options o;
  o.create = false;
  o.check_integrity = false;
  auto db = sql::database::open(s.file_path(), o);
  REQUIRE(db.ok());
  return std::move(*db);
}

inline std::int64_t scalar(station_client::store& s, const std::string& q) {
  auto db = peek(s);
  auto st = db->prepare(q);
  REQUIRE(st.ok());
  auto row = st->step();
  REQUIRE(row.ok());
  REQUIRE(*row);
  return st->column_int(0);
}

// A listing of 张三's sweet potatoes (name and phone stay at the station).
inline listing sample_listing() {
  listing l;
  l.product_name = "红薯";
  l.category = "vegetable";
  l.quantity = 500;
  l.unit = "斤";
  l.price_fen = 250;
  l.village_code = k_village;
  l.farmer_name = "张三";
  l.farmer_phone = "13812345678";
  return l;
}

}  // namespace cunzhan::test
