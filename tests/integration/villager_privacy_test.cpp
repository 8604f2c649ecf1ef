// Issue 18: no villager name, phone or note leaves the station. A recording proxy holding
// the hub's own certificate sits between a real station and a real hub on 127.0.0.1; it
// keeps every push body (decompressed) of a full sync and passes everything on. The
// station records villagers, 代买 orders, services, a listing and a pickup for a villager,
// all with names, phones and notes; the test proves those texts are in none of the bodies,
// and that the villager services were sent (so the check looked at them). A hub of today
// announces the new entities itself (X-Hub-Entities); for one that does not yet, the proxy
// announces them, so the station sends them and the hub refuses them (invalid_op), which
// still puts them in the bodies.
#include <catch2/catch.hpp>

#include <mutex>
#include <set>

#include <boost/json.hpp>

#include "cunzhan/net/https_client.hpp"
#include "cunzhan/net/https_server.hpp"
#include "cunzhan/shared/op.hpp"
#include "fixture.hpp"

using namespace cunzhan;
using namespace cunzhan::test;
using namespace cunzhan::test::integration;

namespace {

class recording_proxy : public net::http_handler {
 public:
  explicit recording_proxy(const hub_fixture& hub) {
    net::client_options o;
    o.port = hub.port();
    o.ca_pem = read_file(hub.ca());
    client_ = std::make_unique<net::https_client>(o);
  }
  std::optional<net::http_response> admit(const net::request_head&) override { return std::nullopt; }
  net::http_response handle(net::http_request&& req) override {
    std::lock_guard lock(mu_);
    if (req.path == "/v1/sync/push") pushes_.push_back(req.body);
    net::header_list h;
    for (const auto& [k, v] : req.headers)
      if (k == "authorization" || k.starts_with("x-")) h.emplace_back(k, v);
    if (!req.body.empty()) h.emplace_back("content-type", "application/json");
    auto r = client_->request(req.method, req.target, h, req.body);
    if (!r)
      return {503,
              "application/json",
              {},
              R"({"error":{"code":"unavailable","message":"proxy","message_zh":"代理"}})"};
    net::http_response out;
    out.status = r->status;
    if (const auto* ct = r->header("content-type")) out.content_type = *ct;
    for (const auto& [k, v] : r->headers)
      if (k.starts_with("x-") || k == "retry-after") out.headers.emplace_back(k, v);
    if (!r->header("x-hub-entities")) out.headers.emplace_back("x-hub-entities", known_entity_names());
    out.body = std::move(r->body);
    return out;
  }
  std::vector<std::string> pushes() {
    std::lock_guard lock(mu_);
    return pushes_;
  }

 private:
  std::mutex mu_;
  std::unique_ptr<net::https_client> client_;
  std::vector<std::string> pushes_;
};

void ok(const run_result& r) {
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
}

std::string id_of(const run_result& r) {
  return std::string(boost::json::parse(r.out).as_object().at("id").as_string());
}

}  // namespace

TEST_CASE("a full sync sends no villager name, phone or note", "[integration][sync][privacy]") {
  hub_fixture hub;
  station_fixture st(hub, k_village_a, "大成村服务站");

  // Everything personal the officer types, each text unique so a hit names its source.
  // (A listing's and a pickup's note are documented as sent, PROTOCOL.md; none here.)
  const std::vector<std::string> secrets = {"欧阳春花",     "13987654321",    "上官秋月",
                                            "13511112222",  "独居需送货上门", "复合肥两袋备注",
                                            "代缴电费备注", "诸葛农户",       "13598769876"};
  ok(st.st({"villager", "add", "--name", "欧阳春花", "--phone", "13987654321", "--household", "5", "--note",
            "独居需送货上门"}));
  ok(st.st({"villager", "add", "--name", "上官秋月", "--phone", "13511112222", "--household", "2"}));
  auto order = st.st({"--json", "order", "add", "--villager", "欧阳春花", "--category", "农资", "--platform",
                      "拼多多", "--items", "2", "--amount", "86.50", "--note", "复合肥两袋备注"});
  ok(order);
  auto parcel = st.st(
      {"--json", "pickup", "add", "--brand", "ZTO", "--direction", "inbound", "--villager", "上官秋月"});
  ok(parcel);
  ok(st.st({"order", "arrive", id_of(order), "--pickup", id_of(parcel)}));
  ok(st.st({"order", "handover", id_of(order)}));
  ok(st.st({"service", "add", "--villager", "上官秋月", "--kind", "缴费", "--note", "代缴电费备注"}));
  ok(st.st({"listing", "add", "--product", "红薯", "--category", "vegetable", "--quantity", "500", "--unit",
            "斤", "--price", "2.50", "--villager", "欧阳春花", "--farmer", "诸葛农户", "--phone",
            "13598769876"}));
  // A hub-readable text for contrast: the organisation's name is meant to be sent.
  ok(st.st({"listing", "add", "--product", "菜籽油", "--category", "grain", "--quantity", "10", "--unit",
            "kg", "--price", "30", "--seller-kind", "cooperative", "--seller-name", "清江镇粮油专业合作社"}));

  auto proxy = std::make_shared<recording_proxy>(hub);
  net::server_options so;
  so.port = 0;
  so.threads = 1;
  so.handler_threads = 2;
  so.cert_file = (hub.dir() / "certs" / "server.pem").string();
  so.key_file = (hub.dir() / "certs" / "server.key").string();
  net::https_server server(so, proxy);
  REQUIRE(server.start().ok());
  auto s = st.sync({"--connect", "127.0.0.1:" + std::to_string(server.bound_port())});
  server.stop();
  INFO(s.run.out << s.run.err);
  REQUIRE(s.run.exit_code == 0);

  const auto bodies = proxy->pushes();
  REQUIRE(!bodies.empty());
  std::map<std::string, int> entities;  // what was sent, by entity
  std::string all;
  for (const auto& b : bodies) {
    all += b;
    const boost::json::value body = boost::json::parse(b);
    for (const auto& op : body.as_object().at("ops").as_array()) {
      const auto& o = op.as_object();
      const std::string entity(o.at("entity").as_string());
      ++entities[entity];
      const auto& data = o.at("data").as_object();
      if (entity == "villager") {
        std::set<std::string> keys;
        for (const auto& kv : data) keys.insert(std::string(kv.key()));
        CHECK(keys == std::set<std::string>{"id", "village_code", "household_size"});
      }
      for (const char* never : {"name", "phone", "note", "farmer_name", "farmer_phone", "id_number"})
        if (entity != "listing" && entity != "pickup") CHECK_FALSE(data.contains(never));
    }
  }
  // The villager services were sent, each record once with its state at the announcement:
  // 2 villagers, the order, 4 services (代买, 代收代发, 缴费 typed, 代卖 of the listing).
  CHECK(entities["villager"] == 2);
  CHECK(entities["proxy_buy"] == 1);
  CHECK(entities["service"] == 4);
  CHECK(entities["listing"] == 2);
  CHECK(all.find("清江镇粮油专业合作社") != std::string::npos);  // the capture sees plain text
  for (const auto& secret : secrets) {
    INFO("sent: " << secret);
    CHECK(all.find(secret) == std::string::npos);
  }
  CHECK(all.find("135****9876") != std::string::npos);  // the farmer's phone: only its mask
  // And every op of the station got the hub's answer.
  for (const auto& row : st.outbox()) CHECK((row.state == "acked" || row.state == "rejected"));
}
