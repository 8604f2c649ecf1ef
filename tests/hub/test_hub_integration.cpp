// The real `hub` program over TLS on 127.0.0.1: pushes with the project's client and with
// curl (zstd body), replays, conflicts, ownership, auth failures, audit and pull.
#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include "cunzhan/shared/compress.hpp"
#include "cunzhan/shared/json_util.hpp"
#include "cunzhan/shared/sqlite.hpp"
#include "hub_fixture.hpp"
#include "hub_process.hpp"

using namespace cunzhan;
using namespace cunzhan::hub::testing;

namespace {

constexpr const char* k_curl = "/usr/bin/curl";  // test::run does not search PATH

boost::json::value push(net::https_client& c, const std::string& token, const boost::json::value& body,
                        int expect_status = 200) {
  auto res = c.request("POST", "/v1/sync/push", hub_process::auth(token), boost::json::serialize(body));
  if (!res) FAIL(res.err().describe(lang::en));
  INFO(res->body);
  REQUIRE(res->status == expect_status);
  auto v = parse_json(res->body);
  REQUIRE(v);
  return *v;
}

std::vector<std::string> statuses(const boost::json::value& v) {
  std::vector<std::string> out;
  for (const auto& r : v.at("results").as_array()) out.emplace_back(r.at("status").as_string());
  return out;
}

// Snapshot of the rows that matter, from a separate read-only connection.
std::string snapshot(const hub_process& h) {
  sql::open_options o;
  o.create = false;
  o.read_only = true;
  o.check_integrity = false;
  auto db = sql::database::open(h.data + "/hub.db", o);
  REQUIRE(db);
  std::string out;
  for (const char* q : {"SELECT group_concat(id || station_id || last_seq || received_at, ',') FROM "
                        "(SELECT * FROM listing ORDER BY id)",
                        "SELECT group_concat(op_id || status || received_at, ',') FROM (SELECT * FROM op_log "
                        "ORDER BY op_id)"}) {
    auto st = (*db)->prepare(q);
    REQUIRE(st);
    REQUIRE(*st->step());
    out += st->column_text(0) + "|";
  }
  return out;
}

}  // namespace

TEST_CASE("hub end to end over TLS with the project client and curl", "[integration][hub]") {
  hub_process h;
  auto client = h.client();
  const std::string va = h.st_a.village_code, vb = h.st_b.village_code;
  const auto ent_a = uuid_v4();
  const auto body = batch({listing_op(1, ent_a, va), listing_op(2, uuid_v4(), va)});

  // The project's client.
  auto first = push(*client, h.st_a.token, body);
  CHECK(statuses(first) == std::vector<std::string>{"applied", "applied"});
  CHECK(first.at("acked_through").as_int64() == 2);
  const auto before = snapshot(h);

  // Replay: all duplicate, nothing changes.
  auto again = push(*client, h.st_a.token, body);
  CHECK(statuses(again) == std::vector<std::string>{"duplicate", "duplicate"});
  CHECK(snapshot(h) == before);

  // curl, a third-party client, with a zstd body.
  const auto plain = h.dir / "curl.json";
  test::write_file(plain.string() + ".zst",
                   zstd_compress(boost::json::serialize(batch({listing_op(3, uuid_v4(), va)}))));
  auto curl = test::run({k_curl, "-sS", "--cacert", h.certs + "/ca.pem", "-H",
                         "Authorization: Bearer " + h.st_a.token, "-H", "Content-Type: application/json",
                         "-H", "Content-Encoding: zstd", "--data-binary", "@" + plain.string() + ".zst",
                         "https://127.0.0.1:" + std::to_string(h.port) + "/v1/sync/push"});
  REQUIRE(curl.exit_code == 0);
  auto cv = parse_json(curl.out);
  REQUIRE(cv);
  CHECK(statuses(*cv) == std::vector<std::string>{"applied"});
  CHECK(cv->at("acked_through").as_int64() == 3);

  // Same op_id, different content → op_conflict.
  const auto op_id = std::string(body.at("ops").at(0).at("op_id").as_string());
  auto changed = make_op(op_id, 1, "listing", ent_a, listing_data(ent_a, va, "改过的"));
  auto conflict = push(*client, h.st_a.token, batch({changed}));
  CHECK(conflict.at("results").at(0).at("error").at("code").as_string() == "op_conflict");

  // Station B writing A's entity → rejected, A's row untouched.
  auto client_b = h.client();
  auto hijack = push(*client_b, h.st_b.token,
                     batch({make_op(uuid_v7(), 1, "listing", ent_a, listing_data(ent_a, vb, "抢"))}));
  CHECK(hijack.at("results").at(0).at("error").at("code").as_string() == "entity_owned_by_other");

  // Auth failures.
  push(*client, "st_garbage", body, 401);
  push(*client, h.staff_token, body, 403);
  REQUIRE(hub_process::hub({"revoke", "--data", h.data, h.st_b.station_id}).exit_code == 0);
  push(*client_b, h.st_b.token, body, 401);
  auto no_auth =
      test::run({k_curl, "-sS", "-o", "/dev/null", "-w", "%{http_code}", "--cacert", h.certs + "/ca.pem",
                 "https://127.0.0.1:" + std::to_string(h.port) + "/v1/sync/pull"});
  CHECK(no_auth.out == "401");

  // Pull returns this county's villages.
  auto pulled = client->request("GET", "/v1/sync/pull?limit=5000", hub_process::auth(h.st_a.token), "");
  REQUIRE(pulled);
  REQUIRE(pulled->status == 200);
  CHECK(pulled->body.find(va) != std::string::npos);

  // Metrics with the staff token.
  auto m = client->request("GET", "/metrics", hub_process::auth(h.staff_token), "");
  REQUIRE(m);
  CHECK(m->status == 200);
  CHECK(m->body.find("cunzhan_hub_open_connections") != std::string::npos);

  // Audit lists every op of station A.
  auto audit = hub_process::hub({"audit", "--data", h.data, "--station", h.st_a.station_id, "--json"});
  REQUIRE(audit.exit_code == 0);
  auto av = parse_json(audit.out);
  REQUIRE(av);
  CHECK(av->as_array().size() == 3);
  CHECK(audit.out.find(op_id) != std::string::npos);
  // An unknown station is an error (exit 2, both languages), not "0 ops"; a known station
  // with nothing of its own still lists fine.
  auto unknown = hub_process::hub({"audit", "--data", h.data, "--station", "no-such-station"});
  CHECK(unknown.exit_code == 2);
  CHECK(unknown.out.empty());
  CHECK(unknown.err.find("no station with id no-such-station") != std::string::npos);
  CHECK(unknown.err.find("没有编号为 no-such-station 的站点") != std::string::npos);
  const auto fresh = h.enroll("510824100224", "高城村站", "c.json");
  auto none = hub_process::hub({"audit", "--data", h.data, "--station", fresh.station_id});
  CHECK(none.exit_code == 0);
  CHECK(none.out.find("0 ops") != std::string::npos);

  // Graceful stop.
  CHECK(h.server->stop(15) == 0);
  CHECK(hub_process::hub({"check", "--data", h.data}).exit_code == 0);
}
