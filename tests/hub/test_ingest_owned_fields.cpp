// Server-owned fields under a forging client: station, county, township and received
// time come from the token and the registry whatever the op says, and the stored `data`
// is the hub's own encoding of the validated entity, not the client's JSON.
#include <catch2/catch.hpp>

#include "cunzhan/hub/ingest.hpp"
#include "cunzhan/shared/entity_json.hpp"
#include "cunzhan/shared/json_util.hpp"
#include "ingest_fixture.hpp"

using namespace cunzhan;
using namespace cunzhan::hub;
using namespace cunzhan::hub::testing;

namespace {

std::string text_of(fixture& f, const std::string& sql) {
  auto w = f.store->writer();
  auto st = w.db().prepare(sql);
  REQUIRE(st);
  REQUIRE(*st->step());
  return st->column_text(0);
}

// What station B, county 500153 and a chosen receive time would look like, forged by A.
boost::json::object forged_by_a(const fixture& f) {
  return {{"station_id", f.b.id},
          {"county_code", "500153"},
          {"township_code", "500153100"},
          {"received_at", 1'000'000'000}};
}

}  // namespace

TEST_CASE("owned fields forged in the op envelope are ignored", "[ingest][owned]") {
  fixture f;
  const auto id = uuid_v4();
  auto op = listing_op(1, id, village_a);
  // The envelope tolerates unknown keys (readers ignore new fields, PROTOCOL.md), so the
  // op applies: the forged values must simply not reach any column.
  for (const auto& [k, v] : forged_by_a(f)) op[k] = v;
  auto out = push(f, f.a, batch({op}));
  REQUIRE(out.response.results.size() == 1);
  CHECK(out.response.results[0].status == op_status::applied);
  CHECK(
      f.count("SELECT count(*) FROM listing WHERE id = '" + id + "' AND station_id = '" + f.a.id +
              "' AND county_code = '510824' AND township_code = '510824100' AND received_at <> 1000000000") ==
      1);
  CHECK(f.count("SELECT count(*) FROM listing WHERE station_id = '" + f.b.id + "'") == 0);
  CHECK(f.count("SELECT count(*) FROM op_log WHERE received_at = 1000000000") == 0);
}

TEST_CASE("owned fields forged in data are refused and write nothing", "[ingest][owned]") {
  fixture f;
  for (const auto& [k, v] : forged_by_a(f)) {
    INFO(k);
    const auto id = uuid_v4();
    auto data = listing_data(id, village_a);
    data[k] = v;
    auto out = push(f, f.a, batch({make_op(uuid_v7(), 1, "listing", id, data)}));
    REQUIRE(out.response.results.size() == 1);
    CHECK(out.response.results[0].status == op_status::rejected);
  }
  CHECK(f.count("SELECT count(*) FROM listing") == 0);
}

TEST_CASE("stored columns come from the token and the registry", "[ingest][owned]") {
  fixture f;
  const auto id = uuid_v4();
  // A's listing in B's village (same county): the township follows the village, the
  // owner follows the token.
  auto out = push(f, f.a, batch({listing_op(1, id, village_b)}));
  REQUIRE(out.response.results.at(0).status == op_status::applied);
  CHECK(text_of(f, "SELECT station_id FROM listing WHERE id = '" + id + "'") == f.a.id);
  CHECK(text_of(f, "SELECT county_code FROM listing WHERE id = '" + id + "'") == "510824");
  CHECK(text_of(f, "SELECT township_code FROM listing WHERE id = '" + id + "'") == "510824100");
  // Received time is the hub's clock (the op says 2026-11-20; the fixture's "at" is not it).
  CHECK(f.count("SELECT count(*) FROM listing WHERE id = '" + id + "' AND received_at > 1700000000") == 1);
}

TEST_CASE("stored data is the hub's encoding of the validated entity", "[ingest][owned]") {
  fixture f;
  const auto id = uuid_v4();
  auto data = listing_data(id, village_a);
  // Defaults the client spelled out, and a number in exponent form: all the same entity.
  data["note"] = "";
  data["sold_quantity"] = 0;
  data["quantity"] = 1e2;
  auto out = push(f, f.a, batch({make_op(uuid_v7(), 1, "listing", id, data)}));
  REQUIRE(out.response.results.at(0).status == op_status::applied);
  const auto stored = text_of(f, "SELECT data FROM listing WHERE id = '" + id + "'");
  INFO(stored);
  auto decoded = listing_from_json(data);
  REQUIRE(decoded);
  CHECK(stored == canonical_json(to_json(*decoded, true)));
  CHECK(stored != canonical_json(data));
  CHECK(stored.find("\"note\"") == std::string::npos);
  CHECK(stored.find("sold_quantity") == std::string::npos);
  auto back = parse_json(stored);
  REQUIRE(back);
  auto again = listing_from_json(back->as_object());
  REQUIRE(again);
  CHECK(again->product_name == decoded->product_name);
  CHECK(again->farmer_phone_masked == "138****5678");
}

TEST_CASE("a newer station's unknown data keys are kept with the entity, personal data is still refused",
          "[ingest][owned][compat]") {
  fixture f;
  const auto id = uuid_v4();
  auto data = listing_data(id, village_a);
  data["grade"] = "特级";
  data["certificates"] = boost::json::array{"绿色食品"};
  const auto op = make_op(uuid_v7(), 1, "listing", id, data);
  auto out = push(f, f.a, batch({op}));
  REQUIRE(out.response.results.at(0).status == op_status::applied);
  const auto stored = text_of(f, "SELECT data FROM listing WHERE id = '" + id + "'");
  INFO(stored);
  CHECK(stored.find("\"grade\":\"特级\"") != std::string::npos);
  CHECK(stored.find("\"certificates\":[\"绿色食品\"]") != std::string::npos);
  // Resent as it was: duplicate; with the extra field changed: a conflict (it is content).
  CHECK(push(f, f.a, batch({op})).response.results.at(0).status == op_status::duplicate);
  auto changed = op;
  changed["data"].as_object()["grade"] = "一级";
  CHECK(push(f, f.a, batch({changed})).response.results.at(0).error_code == "op_conflict");

  // The farmer's identity as an unknown key of a pickup, or a hub-owned key: refused by name.
  const auto pid = uuid_v4();
  boost::json::object pk{{"id", pid},
                         {"brand", "ZTO"},
                         {"direction", "outbound"},
                         {"parcels", 2},
                         {"status", "requested"},
                         {"farmer_phone", "13812345678"},
                         {"township_code", "510824100"}};
  auto refused = push(f, f.a, batch({make_op(uuid_v7(), 3, "pickup", pid, pk)}));
  REQUIRE(refused.response.results.at(0).status == op_status::rejected);
  CHECK(refused.response.results[0].error_message.find("farmer_phone must not be sent to the hub") !=
        std::string::npos);
  CHECK(refused.response.results[0].error_message.find("township_code is set by the hub") !=
        std::string::npos);
  CHECK(refused.response.results[0].error_message_zh.find("不得上传到区县中心") != std::string::npos);
  CHECK(f.count("SELECT count(*) FROM pickup") == 0);
}
