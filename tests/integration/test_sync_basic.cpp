// End to end over loopback TLS: two stations of 荣昌区 record offline through the CLI,
// sync to a real hub, and the hub holds exactly their ops; entity rows match, farmer
// identity stays on the station, a second sync sends nothing, the pull brings the
// county's villages, and a revoked station is told to act (exit 1).
#include <catch2/catch.hpp>

#include <set>

#include "fixture.hpp"

using namespace cunzhan::test;
using namespace cunzhan::test::integration;

namespace {

std::int64_t lines_of(const fs::path& csv) {
  std::int64_t n = 0;
  for (char ch : read_file(csv)) n += ch == '\n';
  return n - 1;  // header
}

std::set<std::string> column_set(const fs::path& db, const std::string& sql) {
  std::set<std::string> out;
  for (auto& r : query(db, sql)) out.insert(r[0]);
  return out;
}

}  // namespace

TEST_CASE("two stations sync offline records exactly once", "[integration][sync]") {
  hub_fixture hub;
  station_fixture a(hub, k_village_a, "大成村服务站");
  station_fixture b(hub, k_village_b, "方家坝村服务站");

  // Offline work at A: one of each record through the CLI, then a bulk CSV import.
  auto r = a.st({"listing", "add", "--product", "荣昌猪肉", "--category", "livestock", "--quantity", "2",
                 "--unit", "头", "--price", "3200.00", "--farmer", "张三丰", "--phone", "13812345678"});
  REQUIRE(r.exit_code == 0);
  INFO(r.err);
  r = a.st({"pickup", "add", "--brand", "ZTO", "--parcels", "3", "--weight", "12.5"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  r = a.st({"point", "add", "--name", "大成村口驿站", "--brands", "ZTO,YTO", "--kind", "village_fixed",
            "--days", "6"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  a.import_listings(250, "荣昌夏布");
  b.import_listings(120, "盘龙生姜");
  REQUIRE(b.st({"listing", "add", "--product", "安富陶罐", "--category", "handicraft", "--quantity", "30",
                "--unit", "个", "--price", "45.00"})
              .exit_code == 0);

  const auto ops_a = static_cast<std::int64_t>(a.outbox().size());
  const auto ops_b = static_cast<std::int64_t>(b.outbox().size());
  REQUIRE(ops_a == 253);
  REQUIRE(ops_b == 121);

  // --batch 40: several batches per station, so the batch boundaries are exercised.
  auto sa = a.sync({"--batch", "40"});
  INFO(sa.run.out << sa.run.err);
  REQUIRE(sa.run.exit_code == 0);
  CHECK(sa.outcome() == "complete");
  CHECK(sa.num("applied") == ops_a);
  CHECK(sa.num("duplicate") == 0);
  CHECK(sa.num("rejected") == 0);
  CHECK(sa.num("ops_sent") == ops_a);
  CHECK(sa.num("batches") >= 3);
  auto sb = b.sync();
  INFO(sb.run.out << sb.run.err);
  REQUIRE(sb.run.exit_code == 0);
  CHECK(sb.num("applied") == ops_b);

  CHECK(require_exactly_once(hub, a) == static_cast<std::size_t>(ops_a));
  CHECK(require_exactly_once(hub, b) == static_cast<std::size_t>(ops_b));

  {  // entity rows at the hub match the station's, without the farmer's identity
    for (const station_fixture* s : {&a, &b}) {
      const std::string sid = "'" + s->id() + "'";
      CHECK(column_set(s->db(), "SELECT product_name FROM listing") ==
            column_set(hub.db(), "SELECT product_name FROM listing WHERE station_id = " + sid));
      CHECK(column_set(s->db(), "SELECT id FROM listing") ==
            column_set(hub.db(), "SELECT id FROM listing WHERE station_id = " + sid));
    }
    CHECK(query_int(hub.db(), "SELECT count(*) FROM pickup WHERE station_id = '" + a.id() + "'") == 1);
    CHECK(query_int(hub.db(), "SELECT count(*) FROM courier_point WHERE station_id = '" + a.id() + "'") == 1);
    // The hub derives county/township from the registry, not from what was sent.
    CHECK(query_int(hub.db(), "SELECT count(*) FROM listing WHERE county_code <> '500153'") == 0);
    CHECK(query_int(hub.db(), "SELECT count(*) FROM pickup WHERE village_code <> '" +
                                  std::string(k_village_a) + "'") == 0);

    auto pork =
        query(hub.db(), "SELECT farmer_phone_masked, data FROM listing WHERE product_name = '荣昌猪肉'");
    REQUIRE(pork.size() == 1);
    const std::string masked = pork[0][0];
    INFO("masked phone: " << masked);
    CHECK(!masked.empty());
    CHECK(masked != "13812345678");
    CHECK(masked.find("5678") != std::string::npos);  // the tail stays, so staff can tell farmers apart
    // Name and full phone never reach the hub, in any column of any listing.
    for (const char* secret : {"张三丰", "13812345678", "农户", "farmer_name", "\"farmer_phone\""}) {
      INFO(secret);
      CHECK(query_int(hub.db(), "SELECT count(*) FROM listing WHERE data LIKE '%" + std::string(secret) +
                                    "%' OR farmer_phone_masked LIKE '%" + secret + "%'") == 0);
    }
    // ...and do stay on the station.
    CHECK(query_int(a.db(), "SELECT count(*) FROM listing WHERE doc LIKE '%张三丰%'") == 1);
  }

  {  // a second sync sends nothing; status shows everything acked
    auto again = a.sync();
    INFO(again.run.out << again.run.err);
    REQUIRE(again.run.exit_code == 0);
    CHECK(again.num("ops_sent") == 0);
    CHECK(again.num("applied") == 0);
    CHECK(again.num("batches") == 0);
    CHECK(again.num("reference_changes") == 0);  // the pull cursor held
    CHECK(hub.audit(a.id()).size() == static_cast<std::size_t>(ops_a));

    auto status = a.st({"status", "--json"});
    REQUIRE(status.exit_code == 0);
    auto o = boost::json::parse(status.out).as_object();
    const auto& box = o.at("outbox").as_object();
    CHECK(box.at("pending").to_number<std::int64_t>() == 0);
    CHECK(box.at("in_flight").to_number<std::int64_t>() == 0);
    CHECK(box.at("rejected").to_number<std::int64_t>() == 0);
    CHECK(box.at("acked").to_number<std::int64_t>() == ops_a);
    CHECK(o.at("last_sync").as_object().at("ok").as_bool());
    CHECK(o.at("station_id").as_string() == a.id());
  }

  {  // the pull brought the county's villages into the station
    const auto villages = lines_of(divisions_dir() / "villages-500153.csv");
    REQUIRE(villages > 100);
    CHECK(sa.num("reference_changes") >= villages);
    CHECK(query_int(a.db(), "SELECT count(*) FROM reference_village") == villages);
    CHECK(query_int(a.db(), "SELECT count(*) FROM reference_village WHERE code NOT LIKE '500153%'") == 0);
    CHECK(query_int(
              a.db(),
              "SELECT count(*) FROM reference_village WHERE code = '500153102200' AND name LIKE '大成村%'") ==
          1);
    CHECK(query_int(b.db(), "SELECT count(*) FROM reference_village") == villages);
  }

  {  // a revoked station is told to act, and its new records stay queued
    REQUIRE(hub.hub({"revoke", "--data", hub.data().string(), a.id()}).exit_code == 0);
    REQUIRE(a.st({"listing", "add", "--product", "吊销后登记", "--category", "other", "--quantity", "1",
                  "--unit", "个", "--price", "1.00"})
                .exit_code == 0);
    auto plain = a.st({"sync"});
    INFO(plain.out << plain.err);
    CHECK(plain.exit_code == 1);
    const std::string said = plain.out + plain.err;
    CHECK(said.find("revoked") != std::string::npos);
    auto js = a.sync();
    CHECK(js.run.exit_code == 1);
    CHECK(js.outcome() == "needs_action");
    REQUIRE(js.json.contains("error"));
    CHECK(js.json.at("error").as_object().at("code").as_string() == "unauthorized");
    // Nothing was applied; the op waits (pending or in flight), B is unaffected.
    CHECK(hub.audit(a.id()).size() == static_cast<std::size_t>(ops_a));
    CHECK(query_int(a.db(), "SELECT count(*) FROM outbox WHERE state IN ('pending','in_flight')") == 1);
    CHECK(b.sync().run.exit_code == 0);
  }

  require_integrity(hub, a);
  require_integrity(hub, b);
}
