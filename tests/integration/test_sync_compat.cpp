// Mixed versions (shared/PROTOCOL.md "Compatibility"): a "next version" station (ops with
// fields today's hub does not know, a newer version header) against today's hub; today's
// station against a "next version" hub (answers with fields and reference kinds today's
// station does not know); the version each side announces, recorded and shown; and a
// hub minimum that stops an old station with a message the officer can act on. And the
// villager services (PROTOCOL.md "Villager services"): a station from before them against
// the hub that has them, and that hub given a newer station's villager ops.
#include <catch2/catch.hpp>

#include <mutex>
#include <regex>

#include "cunzhan/net/https_client.hpp"
#include "cunzhan/net/https_server.hpp"
#include "cunzhan/shared/json_util.hpp"
#include "cunzhan/shared/time.hpp"
#include "cunzhan/shared/uuid.hpp"
#include "cunzhan/shared/version.hpp"
#include "fixture.hpp"

using namespace cunzhan;
using namespace cunzhan::test;
using namespace cunzhan::test::integration;

namespace {

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

net::client_options client_to(const hub_fixture& hub, unsigned short port) {
  net::client_options o;
  o.port = port;
  o.ca_pem = read_file(hub.ca());
  return o;
}

std::string staff_token(const hub_fixture& hub) {
  auto r = hub.hub({"staff", "add", "--data", hub.data().string(), "--name", "王科长", "--county", k_county});
  std::smatch m;
  REQUIRE(std::regex_search(r.out, m, std::regex("token=(sf_[0-9a-f_]+)")));
  return m[1];
}

// The stations table as staff see it: station id → program_version (null → "").
std::map<std::string, std::string> versions_shown(const hub_fixture& hub, const std::string& token) {
  net::https_client c(client_to(hub, hub.port()));
  auto r = c.request("GET", std::string("/v1/counties/") + k_county + "/stations",
                     {{"authorization", "Bearer " + token}}, "");
  REQUIRE(r);
  REQUIRE(r->status == 200);
  std::map<std::string, std::string> out;
  const auto doc = boost::json::parse(r->body);
  for (const auto& s : doc.at("stations").as_array()) {
    const auto& v = s.at("program_version");
    out[std::string(s.at("id").as_string())] = v.is_string() ? std::string(v.as_string()) : "";
  }
  return out;
}

// A hub of the next version, in front of today's: every answer gains fields today's
// station has never heard of, and the pull feed a reference kind it does not know.
class next_version_hub : public net::http_handler {
 public:
  explicit next_version_hub(const hub_fixture& hub) : client_(client_to(hub, hub.port())) {}
  std::optional<net::http_response> admit(const net::request_head&) override { return std::nullopt; }
  net::http_response handle(net::http_request&& req) override {
    std::lock_guard lk(mu_);
    net::header_list h;
    for (const auto& [k, v] : req.headers)
      if (k == "authorization" || k == "content-type" || k.starts_with("x-station-")) h.emplace_back(k, v);
    auto r = client_.request(req.method, req.target, h, req.body);
    net::http_response out;
    if (!r) {
      out.status = 502;
      return out;
    }
    out.status = r->status;
    out.body = r->body;
    out.headers.emplace_back("x-hub-version", "0.2.0");
    auto v = parse_json(r->body);
    if (!v || !v->is_object()) return out;
    auto& o = v->as_object();
    o["notices"] = boost::json::array{boost::json::object{{"id", 7}, {"text", "新版本可用"}}};
    if (auto* results = o.if_contains("results"); results && results->is_array())
      for (auto& x : results->as_array()) x.as_object()["grade_checked"] = true;
    if (auto* changes = o.if_contains("changes"); changes && changes->is_array())
      changes->as_array().push_back(
          boost::json::object{{"kind", "grade_scale"},
                              {"key", "fruit"},
                              {"data", boost::json::object{{"levels", boost::json::array{"特级", "一级"}}}},
                              {"since", "0.2.0"}});
    out.body = boost::json::serialize(*v);
    return out;
  }

 private:
  std::mutex mu_;
  net::https_client client_;
};

std::string station_token(const station_fixture& st) {
  auto enrol = boost::json::parse(read_file(st.dir() / "enrol.json")).as_object();
  return std::string(enrol.at("token").as_string());
}

boost::json::object wire_op(std::int64_t seq, const std::string& entity, const std::string& id,
                            boost::json::object data) {
  data["id"] = id;
  return {{"op_id", uuid_v7()},     {"seq", seq},       {"entity", entity},
          {"entity_id", id},        {"kind", "upsert"}, {"at", "2026-11-20T21:14:03+08:00"},
          {"data", std::move(data)}};
}

// One push at the wire, as a station of `version` sends it.
auto push_ops(const hub_fixture& hub, const station_fixture& st, boost::json::array ops,
              const std::string& version) {
  net::https_client c(client_to(hub, hub.port()));
  return c.request(
      "POST", "/v1/sync/push",
      {{"authorization", "Bearer " + station_token(st)},
       {"content-type", "application/json"},
       {"x-station-version", version}},
      boost::json::serialize(boost::json::object{{"batch_id", uuid_v7()}, {"ops", std::move(ops)}}));
}

}  // namespace

TEST_CASE("a next-version station's extra fields reach today's hub and stay with the entity",
          "[integration][sync][compat]") {
  hub_fixture hub;
  station_fixture st(hub, k_village_a, "大成村服务站");
  st.import_listings(3, "新版");
  // The ops as a newer station writes them: a new optional field and a new nested one.
  query(st.db(),
        "UPDATE outbox SET data = json_set(data, '$.grade', '特级', '$.trace', json('{\"farm\":\"A-12\"}'))");
  auto s = st.sync();
  INFO(s.run.out << s.run.err);
  REQUIRE(s.run.exit_code == 0);
  CHECK(s.num("applied") == 3);
  CHECK(query_int(hub.db(),
                  "SELECT count(*) FROM listing WHERE json_extract(data, '$.grade') = '特级' "
                  "AND json_extract(data, '$.trace.farm') = 'A-12'") == 3);
  CHECK(require_exactly_once(hub, st) == 3u);

  // The same at the wire, announced as a newer program: accepted and recorded as such.
  auto enrol = boost::json::parse(read_file(st.dir() / "enrol.json")).as_object();
  const std::string token(enrol.at("token").as_string());
  net::https_client c(client_to(hub, hub.port()));
  const auto id = uuid_v4();
  boost::json::object data{
      {"id", id},       {"product_name", "柑橘"}, {"category", "fruit"},         {"quantity", 10},
      {"unit", "kg"},   {"price_fen", 500},       {"village_code", k_village_a}, {"status", "listed"},
      {"grade", "一级"}};
  boost::json::object op{{"op_id", uuid_v7()}, {"seq", 1000},        {"entity", "listing"},
                         {"entity_id", id},    {"kind", "upsert"},   {"at", "2026-11-20T21:14:03+08:00"},
                         {"data", data},       {"signed_by", "next"}};
  auto r = c.request("POST", "/v1/sync/push",
                     {{"authorization", "Bearer " + token},
                      {"content-type", "application/json"},
                      {"x-station-version", "0.2.0"}},
                     boost::json::serialize(boost::json::object{
                         {"batch_id", uuid_v7()}, {"ops", boost::json::array{op}}, {"hint", 1}}));
  REQUIRE(r);
  INFO(r->body);
  CHECK(r->status == 200);
  CHECK(has(r->body, "\"status\":\"applied\""));
  REQUIRE(r->header("x-hub-version"));
  CHECK(*r->header("x-hub-version") == std::string(program_version()));

  const auto token_staff = staff_token(hub);
  CHECK(versions_shown(hub, token_staff)[st.id()] == "0.2.0");
  auto listed = hub.hub({"station", "list", "--data", hub.data().string(), "--json"});
  INFO(listed.out << listed.err);
  CHECK(listed.exit_code == 0);
  CHECK(has(listed.out, "\"program_version\":\"0.2.0\""));
  // Today's station syncs again: its own version is the latest.
  st.import_listings(1, "今天");
  REQUIRE(st.sync().run.exit_code == 0);
  CHECK(versions_shown(hub, token_staff)[st.id()] == std::string(program_version()));
  auto text = hub.hub({"station", "list", "--data", hub.data().string()});
  CHECK(has(text.out, std::string(program_version())));
}

TEST_CASE("today's station syncs through a next-version hub that answers with fields it does not know",
          "[integration][sync][compat]") {
  hub_fixture hub;
  station_fixture st(hub, k_village_a, "大成村服务站");
  st.import_listings(5, "旧站");
  auto handler = std::make_shared<next_version_hub>(hub);
  net::server_options o;
  o.port = 0;
  o.cert_file = (hub.dir() / "certs" / "server.pem").string();
  o.key_file = (hub.dir() / "certs" / "server.key").string();
  o.threads = 1;
  o.handler_threads = 1;
  net::https_server next(o, handler);
  REQUIRE(next.start());
  auto s = st.sync({"--connect", "127.0.0.1:" + std::to_string(next.bound_port())});
  INFO(s.run.out << s.run.err);
  CHECK(s.run.exit_code == 0);
  CHECK(s.num("applied") == 5);
  CHECK(s.num("reference_changes") > 1);
  // The unknown reference kind is kept as it came, for a later station version.
  CHECK(query_int(st.db(), "SELECT count(*) FROM meta WHERE key = 'ref:grade_scale:fruit'") == 1);
  next.stop();
  CHECK(require_exactly_once(hub, st) == 5u);
}

TEST_CASE("a hub minimum version stops an older station with a message for the officer",
          "[integration][sync][compat]") {
  hub_fixture hub({"--min-station-version", "9.0.0"});
  station_fixture st(hub, k_village_a, "大成村服务站");
  st.import_listings(2, "太旧");
  for (const std::string lang : {"en", "zh"}) {
    auto r = st.st({"--lang", lang, "sync"});
    INFO(r.out << r.err);
    CHECK(r.exit_code == 1);
    const std::string all = r.out + r.err;
    CHECK(has(all, lang == "en" ? "the hub accepts 9.0.0 or newer" : "区县中心只接受 9.0.0 或更新的版本"));
    CHECK(has(all, std::string(program_version())));
  }
  auto n = st.st({"sync", "--nightly"});
  CHECK(n.exit_code == 1);
  CHECK(query_int(hub.db(), "SELECT count(*) FROM op_log") == 0);
  // A request without the header (a station from before the header) is refused the same way.
  net::https_client c(client_to(hub, hub.port()));
  auto enrol = boost::json::parse(read_file(st.dir() / "enrol.json")).as_object();
  auto r = c.request("GET", "/v1/sync/pull",
                     {{"authorization", "Bearer " + std::string(enrol.at("token").as_string())}}, "");
  REQUIRE(r);
  CHECK(r->status == 426);
  CHECK(has(r->body, "station_too_old"));
  // Health and the hub's version are open to anyone.
  auto h = c.request("GET", "/v1/health", {}, "");
  REQUIRE(h);
  CHECK(h->status == 200);
  REQUIRE(h->header("x-hub-version"));
}

TEST_CASE("a hub minimum at or below the station's version lets it through", "[integration][sync][compat]") {
  hub_fixture hub({"--min-station-version", std::string(program_version())});
  station_fixture st(hub, k_village_a, "大成村服务站");
  st.import_listings(2, "刚好");
  auto s = st.sync();
  INFO(s.run.out << s.run.err);
  CHECK(s.run.exit_code == 0);
  CHECK(require_exactly_once(hub, st) == 2u);
  CHECK(hub.hub({"serve", "--min-station-version", "1.x"}).exit_code == 2);  // malformed: refused at start
}

TEST_CASE("a station from before the villager services syncs with the hub that has them, figures unchanged",
          "[integration][sync][compat][villager]") {
  hub_fixture hub;
  station_fixture st(hub, k_village_a, "大成村服务站");
  st.import_listings(3, "旧站");
  auto s = st.sync();
  INFO(s.run.out << s.run.err);
  REQUIRE(s.run.exit_code == 0);
  CHECK(s.num("applied") == 3);
  CHECK(require_exactly_once(hub, st) == 3u);
  // A listing without seller kind, as the previous version sends it: a household's.
  const auto id = uuid_v4();
  auto r = push_ops(hub, st,
                    {wire_op(1000, "listing", id,
                             {{"product_name", "柑橘"},
                              {"category", "fruit"},
                              {"quantity", 10},
                              {"unit", "kg"},
                              {"price_fen", 500},
                              {"village_code", k_village_a},
                              {"status", "listed"}})},
                    "0.1.0");
  REQUIRE(r);
  INFO(r->body);
  CHECK(r->status == 200);
  CHECK(has(r->body, "\"status\":\"applied\""));
  // The hub announces what it accepts; an older station ignores the header.
  REQUIRE(r->header("x-hub-entities"));
  for (const char* e : {"listing", "pickup", "courier_point", "villager", "proxy_buy", "service"})
    CHECK(has(*r->header("x-hub-entities"), e));
  CHECK(query_int(hub.db(),
                  "SELECT count(*) FROM listing WHERE seller_kind = 'household' AND seller_name = ''") == 4);

  // Its figures: the listings as before, the villager services empty, not refused.
  const std::string month = format_date(shanghai_day(now_seconds())).substr(0, 7);
  net::https_client c(client_to(hub, hub.port()));
  auto k = c.request("GET", std::string("/v1/counties/") + k_county + "/kpis?period=" + month,
                     {{"authorization", "Bearer " + staff_token(hub)}}, "");
  REQUIRE(k);
  INFO(k->body);
  REQUIRE(k->status == 200);
  const auto doc = boost::json::parse(k->body);
  CHECK(doc.at("activity").at("listings").at("new").as_int64() == 3);  // the wire listing has no created_at
  const auto& v = doc.at("villager_services");
  CHECK(v.at("proxy_buy").at("count").as_int64() == 0);
  CHECK(v.at("people_served_rate").at("numerator").as_int64() == 0);
  CHECK(v.at("online_sellers").at("cooperatives").as_int64() == 0);
  CHECK(v.at("online_sellers").at("enterprises").as_int64() == 0);
}

TEST_CASE(
    "the hub keeps a newer station's extra villager fields and refuses only the entity it does not know",
    "[integration][sync][compat][villager]") {
  hub_fixture hub;
  station_fixture st(hub, k_village_a, "大成村服务站");
  const auto v = uuid_v4(), o = uuid_v4(), x = uuid_v4();
  boost::json::array ops{
      wire_op(1, "villager", v,
              {{"village_code", k_village_a}, {"household_size", 4}, {"literacy", "basic"}}),
      wire_op(2, "proxy_buy", o,
              {{"villager_id", v},
               {"category", "daily"},
               {"platform", "jd"},
               {"item_count", 1},
               {"amount_fen", 2500},
               {"status", "ordered"},
               {"ordered_at", "2026-11-20T10:00:00+08:00"},
               {"coupon_fen", 300}}),
      wire_op(3, "insurance_policy", x, {{"villager_id", v}, {"premium_fen", 9000}})};
  auto r = push_ops(hub, st, ops, "0.3.0");
  REQUIRE(r);
  INFO(r->body);
  REQUIRE(r->status == 200);
  const auto res = boost::json::parse(r->body).at("results").as_array();
  REQUIRE(res.size() == 3);
  CHECK(res[0].at("status").as_string() == "applied");
  CHECK(res[1].at("status").as_string() == "applied");
  CHECK(res[2].at("status").as_string() == "rejected");
  CHECK(res[2].at("error").at("code").as_string() == "invalid_op");
  // The unknown keys stay with the entity for a later hub; nothing of the unknown entity.
  CHECK(query_int(hub.db(), "SELECT count(*) FROM villager WHERE id = '" + v +
                                "' AND household_size = 4 AND json_extract(data, '$.literacy') = 'basic'") ==
        1);
  CHECK(query_int(hub.db(), "SELECT count(*) FROM proxy_buy WHERE id = '" + o +
                                "' AND amount_fen = 2500 AND json_extract(data, '$.coupon_fen') = 300") == 1);
  CHECK(query_int(hub.db(), "SELECT count(*) FROM op_log WHERE status = 'rejected' AND seq = 3") == 1);
  // Sent again: duplicates, the refusal answered the same, nothing doubled.
  auto again = push_ops(hub, st, ops, "0.3.0");
  REQUIRE(again);
  const auto res2 = boost::json::parse(again->body).at("results").as_array();
  CHECK(res2[0].at("status").as_string() == "duplicate");
  CHECK(res2[1].at("status").as_string() == "duplicate");
  CHECK(query_int(hub.db(), "SELECT count(*) FROM op_log") == 3);
}
