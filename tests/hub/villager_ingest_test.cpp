// The villager services through ingest (PROTOCOL.md "Villager services"): villager,
// proxy_buy and service ops are applied exactly once with the hub-owned fields, another
// station's entity is refused, a villager's name, phone or note (and any id_number) is
// refused by name and never stored, and the listing's seller kind reaches its columns.
#include <catch2/catch.hpp>

#include "cunzhan/hub/ingest.hpp"
#include "cunzhan/shared/entity_json.hpp"
#include "ingest_fixture.hpp"

using namespace cunzhan;
using namespace cunzhan::hub;
using namespace cunzhan::hub::testing;

namespace {

boost::json::object villager_data(const std::string& id) {
  return {{"id", id}, {"village_code", village_b}, {"household_size", 3}};
}

boost::json::object order_data(const std::string& id, const std::string& villager) {
  return {{"id", id},
          {"villager_id", villager},
          {"category", "daily"},
          {"platform", "jd"},
          {"item_count", 2},
          {"amount_fen", 8800},
          {"status", "arrived"},
          {"ordered_at", "2026-11-01T10:00:00+08:00"},
          {"arrived_at", "2026-11-03T09:00:00+08:00"}};
}

boost::json::object service_data(const std::string& id, const std::string& villager) {
  return {{"id", id}, {"villager_id", villager}, {"served_on", "2026-11-02"}, {"kind", "bill_payment"}};
}

}  // namespace

TEST_CASE("villager, proxy_buy and service ops are applied once with the hub's fields",
          "[ingest][villager]") {
  fixture f;
  const auto v = uuid_v4(), o = uuid_v4(), s = uuid_v4();
  auto body = batch({make_op(uuid_v7(), 1, "villager", v, villager_data(v)),
                     make_op(uuid_v7(), 2, "proxy_buy", o, order_data(o, v)),
                     make_op(uuid_v7(), 3, "service", s, service_data(s, v))});
  auto out = push(f, f.a, body);
  REQUIRE(out.response.results.size() == 3);
  for (const auto& r : out.response.results) CHECK(r.status == op_status::applied);
  CHECK(out.response.acked_through == 3);
  // The villager counts for its village's township; the order and the service for the station's.
  CHECK(f.count("SELECT count(*) FROM villager WHERE id = '" + v + "' AND station_id = '" + f.a.id +
                "' AND village_code = '" + village_b +
                "' AND township_code = '510824100' AND household_size = 3") == 1);
  CHECK(f.count("SELECT count(*) FROM proxy_buy WHERE id = '" + o +
                "' AND status = 'arrived' AND amount_fen = 8800 "
                "AND arrived_at IS NOT NULL AND handed_over_at IS NULL AND county_code = '510824'") == 1);
  CHECK(f.count("SELECT count(*) FROM service WHERE id = '" + s +
                "' AND served_on = '2026-11-02' AND kind = "
                "'bill_payment' AND villager_id = '" +
                v + "'") == 1);

  // The same batch again: duplicates, nothing changes.
  auto again = push(f, f.a, body);
  for (const auto& r : again.response.results) CHECK(r.status == op_status::duplicate);
  CHECK(f.count("SELECT count(*) FROM op_log") == 3);

  // A later state of the order (handed over) replaces the row; B may not touch A's records.
  auto handed = order_data(o, v);
  handed["status"] = "handed_over";
  handed["handed_over_at"] = "2026-11-04T16:00:00+08:00";
  auto next = push(f, f.a, batch({make_op(uuid_v7(), 4, "proxy_buy", o, handed)}));
  CHECK(next.response.results.at(0).status == op_status::applied);
  CHECK(
      f.count("SELECT count(*) FROM proxy_buy WHERE status = 'handed_over' AND handed_over_at IS NOT NULL") ==
      1);
  auto theft = push(f, f.b, batch({make_op(uuid_v7(), 1, "service", s, service_data(s, v))}));
  CHECK(theft.response.results.at(0).status == op_status::rejected);
  CHECK(theft.response.results.at(0).error_code == "entity_owned_by_other");
}

TEST_CASE("a villager's name, phone, note or id number never reaches the hub", "[ingest][villager]") {
  fixture f;
  const std::vector<std::pair<std::string, std::string>> personal{{"name", "王秀英"},
                                                                  {"phone", "13912345678"},
                                                                  {"note", "腿脚不便"},
                                                                  {"id_number", "500153199001011234"}};
  std::int64_t seq = 0;
  for (const auto& [key, value] : personal) {
    INFO(key);
    const auto v = uuid_v4();
    auto data = villager_data(v);
    data[key] = value;
    auto out = push(f, f.a, batch({make_op(uuid_v7(), ++seq, "villager", v, data)}));
    REQUIRE(out.response.results.size() == 1);
    CHECK(out.response.results[0].status == op_status::rejected);
    CHECK(out.response.results[0].error_code == "validation_failed");
    CHECK(out.response.results[0].error_message.find(key) != std::string::npos);
    CHECK_FALSE(out.response.results[0].error_message_zh.empty());
  }
  // An order's or a service's note is refused the same way.
  const auto o = uuid_v4(), s = uuid_v4(), v = uuid_v4();
  auto od = order_data(o, v);
  od["note"] = "化肥";
  auto sd = service_data(s, v);
  sd["note"] = "电费 120 元";
  auto out = push(
      f, f.a,
      batch({make_op(uuid_v7(), ++seq, "proxy_buy", o, od), make_op(uuid_v7(), ++seq, "service", s, sd)}));
  for (const auto& r : out.response.results) CHECK(r.status == op_status::rejected);
  CHECK(f.count("SELECT count(*) FROM villager") == 0);
  CHECK(f.count("SELECT count(*) FROM proxy_buy") == 0);
  CHECK(f.count("SELECT count(*) FROM service") == 0);
  CHECK(f.count("SELECT count(*) FROM op_log WHERE status = 'rejected'") == 6);
}

TEST_CASE("a listing's seller kind, name and villager reach their columns", "[ingest][villager]") {
  fixture f;
  const auto coop = uuid_v4(), plain = uuid_v4(), parcel = uuid_v4(), v = uuid_v4();
  auto data = listing_data(coop, village_a);
  data["seller_kind"] = "cooperative";
  data["seller_name"] = "甲村生姜专业合作社";
  auto bad = listing_data(plain, village_a);
  bad["seller_kind"] = "cooperative";  // without a name
  boost::json::object pk{{"id", parcel}, {"brand", "ZTO"},        {"direction", "inbound"},
                         {"parcels", 1}, {"status", "requested"}, {"villager_id", v}};
  auto out =
      push(f, f.a,
           batch({make_op(uuid_v7(), 1, "listing", coop, data), make_op(uuid_v7(), 2, "listing", plain, bad),
                  make_op(uuid_v7(), 3, "pickup", parcel, pk)}));
  CHECK(out.response.results.at(0).status == op_status::applied);
  CHECK(out.response.results.at(1).status == op_status::rejected);
  CHECK(out.response.results.at(1).error_message.find("seller_name") != std::string::npos);
  CHECK(out.response.results.at(2).status == op_status::applied);
  CHECK(f.count("SELECT count(*) FROM listing WHERE seller_kind = 'cooperative' AND seller_name = "
                "'甲村生姜专业合作社'") == 1);
  CHECK(f.count("SELECT count(*) FROM pickup WHERE villager_id = '" + v + "'") == 1);
}
