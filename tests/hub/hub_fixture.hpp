// Shared setup for the hub tests: a store in a temp dir with a few villages of two
// counties, two stations in 510824 and one in 500153, and builders for push bodies.
#pragma once
#include <string>

#include <boost/json.hpp>

#include "cunzhan/hub/auth.hpp"
#include "cunzhan/hub/storage.hpp"
#include "cunzhan/net/http_types.hpp"
#include "cunzhan/shared/uuid.hpp"
#include "store/accounts.hpp"
#include "store/hub_store.hpp"
#include "store/registry.hpp"
#include "store/sqlite_storage.hpp"
#include "test_support.hpp"

namespace cunzhan::hub::testing {

// A request as the router receives it (JSON content type and length on POST).
inline net::http_request make(const std::string& method, const std::string& path,
                              const std::string& token = "", const std::string& body = "") {
  net::http_request r;
  r.method = method;
  r.path = path;
  r.target = path;
  if (!token.empty()) r.headers.emplace_back("authorization", "Bearer " + token);
  if (method == "POST") {
    r.headers.emplace_back("content-type", "application/json");
    r.content_length = body.size();
  }
  r.body = body;
  return r;
}

inline constexpr const char* village_a = "510824100205";
inline constexpr const char* village_b = "510824100206";
inline constexpr const char* village_other_county = "500153100201";

// A village station enrolled on 2026-01-01 with a fresh token (returned in `token`).
inline station_row new_station(const std::string& name, const std::string& village, const std::string& county,
                               std::string& token) {
  auto tok = issue_token(token_kind::station);
  station_row s;
  s.id = uuid_v4();
  s.name = name;
  s.village_code = village;
  s.township_code = village.substr(0, 9);
  s.county_code = county;
  s.kind = "village";
  s.token_id = tok.token_id;
  s.token_hash = tok.secret_hash;
  s.enrolled_at = 1;
  s.opened_on = "2026-01-01";
  token = tok.token;
  return s;
}

struct sqlite_fixture {
  test::temp_dir dir{"hub-test"};
  std::unique_ptr<hub_store> store;  // seeded and inspected directly
  std::unique_ptr<storage> backend;  // the same file as the server sees it
  station_row a, b, c;               // a, b in 510824; c in 500153
  std::string token_a, token_b, token_c, staff_token;

  sqlite_fixture() {
    auto s = hub_store::open((dir.path() / "data").string(), true);
    if (!s) throw std::runtime_error(s.err().describe(lang::en));
    store = std::move(*s);
    backend = sqlite_storage_over(*store);
    auto w = store->writer();
    sql::transaction t(w.db());
    registry reg(w.db());
    (void)reg.upsert_township({"510824100", "镇", "510824"});
    (void)reg.upsert_village({village_a, "甲村", "510824100", "510824"});
    (void)reg.upsert_village({village_b, "乙村", "510824100", "510824"});
    (void)reg.upsert_village({village_other_county, "丙村", "500153100", "500153"});
    (void)reg.ensure_builtin_brands();
    accounts acc(w.db());
    a = add_station(acc, "A", village_a, "510824", token_a);
    b = add_station(acc, "B", village_b, "510824", token_b);
    c = add_station(acc, "C", village_other_county, "500153", token_c);
    auto tok = issue_token(token_kind::staff);
    staff_row st{uuid_v4(), "staff", "staff", {"510824"}, tok.token_id, tok.secret_hash, 1, std::nullopt};
    (void)acc.insert_staff(st);
    staff_token = tok.token;
    if (!t.commit()) throw std::runtime_error("fixture commit");
  }

  static station_row add_station(accounts& acc, const std::string& name, const std::string& village,
                                 const std::string& county, std::string& token) {
    station_row s = new_station(name, village, county, token);
    if (auto r = acc.insert_station(s); !r) throw std::runtime_error(r.err().describe(lang::en));
    return s;
  }

  // A count from the writer connection.
  long long count(const std::string& sql) {
    auto w = store->writer();
    auto st = w.db().prepare(sql);
    if (!st || !*st->step()) return -1;
    return st->column_int(0);
  }
};

inline boost::json::object listing_data(const std::string& id, const std::string& village,
                                        const std::string& name = "红心猕猴桃", double qty = 100) {
  return {{"id", id},
          {"product_name", name},
          {"category", "fruit"},
          {"quantity", qty},
          {"unit", "kg"},
          {"price_fen", 1200},
          {"village_code", village},
          {"status", "listed"},
          {"farmer_phone_masked", "138****5678"}};
}

inline boost::json::object make_op(const std::string& op_id, std::int64_t seq, const std::string& entity,
                                   const std::string& entity_id, boost::json::object data) {
  return {{"op_id", op_id},         {"seq", seq},       {"entity", entity},
          {"entity_id", entity_id}, {"kind", "upsert"}, {"at", "2026-11-20T21:14:03+08:00"},
          {"data", std::move(data)}};
}

inline boost::json::object listing_op(std::int64_t seq, const std::string& entity_id,
                                      const std::string& village, const std::string& op_id = uuid_v7()) {
  return make_op(op_id, seq, "listing", entity_id, listing_data(entity_id, village));
}

inline boost::json::value batch(boost::json::array ops) {
  return boost::json::object{{"batch_id", uuid_v7()}, {"ops", std::move(ops)}};
}

// The conformance suite (tests/pg) compiles the same tests again over PostgreSQL: its
// header defines a `fixture` with the same members on a database of its own.
#ifdef CUNZHAN_TEST_FIXTURE_HEADER
}  // namespace cunzhan::hub::testing
#include CUNZHAN_TEST_FIXTURE_HEADER
namespace cunzhan::hub::testing {
#else
using fixture = sqlite_fixture;
#endif

}  // namespace cunzhan::hub::testing
