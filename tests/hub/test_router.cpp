// The router with hand-made requests: admission (401/403/404/405/411/415), push, pull,
// health and metrics, without a socket.
#include <catch2/catch.hpp>

#include "cunzhan/hub/router.hpp"
#include "cunzhan/shared/json_util.hpp"
#include "cunzhan/shared/text.hpp"
#include "hub_fixture.hpp"

using namespace cunzhan;
using namespace cunzhan::hub;
using namespace cunzhan::hub::testing;

namespace {

std::string error_code_of(const net::http_response& res) {
  auto v = parse_json(res.body);
  if (!v || !v->is_object() || !v->as_object().contains("error")) return "";
  return std::string(v->at("error").at("code").as_string());
}

}  // namespace

TEST_CASE("router refuses on the header alone", "[router]") {
  fixture f;
  router rt(*f.backend, {}, nullptr);
  SECTION("unknown path → 404") {
    auto res = rt.admit(make("GET", "/v1/nope"));
    REQUIRE(res);
    CHECK(res->status == 404);
    CHECK(error_code_of(*res) == "not_found");
  }
  SECTION("wrong verb → 405 with Allow") {
    auto res = rt.admit(make("GET", "/v1/sync/push", f.token_a));
    REQUIRE(res);
    CHECK(res->status == 405);
    CHECK(res->header("allow") != nullptr);
  }
  SECTION("missing, garbage and revoked tokens → 401") {
    CHECK(rt.admit(make("POST", "/v1/sync/push"))->status == 401);
    CHECK(rt.admit(make("POST", "/v1/sync/push", "garbage"))->status == 401);
    auto forged = f.token_a;
    forged.back() = forged.back() == '0' ? '1' : '0';
    CHECK(rt.admit(make("POST", "/v1/sync/push", forged))->status == 401);
    REQUIRE(f.backend->write_admin([&](admin_writer& w) { return w.revoke_station(f.a.id, 5); }));
    auto res = rt.admit(make("POST", "/v1/sync/push", f.token_a));
    REQUIRE(res);
    CHECK(res->status == 401);
    CHECK(error_code_of(*res) == "unauthorized");
  }
  SECTION("staff token on push → 403, station token on metrics → 403") {
    CHECK(rt.admit(make("POST", "/v1/sync/push", f.staff_token))->status == 403);
    CHECK(rt.admit(make("GET", "/metrics", f.token_a))->status == 403);
  }
  SECTION("POST without JSON content type → 415, without length → 411") {
    auto r = make("POST", "/v1/sync/push", f.token_a);
    r.headers.erase(r.headers.begin() + 1);
    r.headers.emplace_back("content-type", "text/plain");
    CHECK(rt.admit(r)->status == 415);
    auto r2 = make("POST", "/v1/sync/push", f.token_a);
    r2.content_length.reset();
    CHECK(rt.admit(r2)->status == 411);
  }
  SECTION("a good push header is admitted") {
    CHECK_FALSE(rt.admit(make("POST", "/v1/sync/push", f.token_a)));
  }
}

TEST_CASE("router push, pull, health and metrics", "[router]") {
  fixture f;
  router rt(*f.backend, {}, nullptr);
  const auto body = boost::json::serialize(batch({listing_op(1, uuid_v4(), village_a)}));
  auto res = rt.handle(make("POST", "/v1/sync/push", f.token_a, body));
  REQUIRE(res.status == 200);
  auto v = parse_json(res.body);
  REQUIRE(v);
  CHECK(v->at("acked_through").as_int64() == 1);
  CHECK(v->at("results").at(0).at("status").as_string() == "applied");

  CHECK(rt.handle(make("POST", "/v1/sync/push", f.token_a, "{not json")).status == 400);

  auto pull = rt.handle(make("GET", "/v1/sync/pull", f.token_a));
  REQUIRE(pull.status == 200);
  auto p = parse_json(pull.body);
  REQUIRE(p);
  bool saw_village = false, saw_other_county = false, saw_brand = false;
  for (const auto& c : p->at("changes").as_array()) {
    const auto kind = c.at("kind").as_string();
    const auto key = std::string(c.at("key").as_string());
    if (kind == "village" && key == village_a) saw_village = true;
    if (key == village_other_county) saw_other_county = true;
    if (kind == "brand") saw_brand = true;
  }
  CHECK(saw_village);
  CHECK(saw_brand);
  CHECK_FALSE(saw_other_county);
  CHECK(p->at("more").as_bool() == false);

  auto page = make("GET", "/v1/sync/pull", f.token_a);
  page.query["limit"] = "2";
  auto first = parse_json(rt.handle(std::move(page)).body);
  REQUIRE(first);
  CHECK(first->at("changes").as_array().size() == 2);
  CHECK(first->at("more").as_bool());
  auto next = make("GET", "/v1/sync/pull", f.token_a);
  next.query["since"] = std::string(first->at("next").as_string());
  next.query["limit"] = "1000";
  auto rest = parse_json(rt.handle(std::move(next)).body);
  REQUIRE(rest);
  CHECK(rest->at("changes").as_array().size() + 2 == p->at("changes").as_array().size());

  auto bad = make("GET", "/v1/sync/pull", f.token_a);
  bad.query["since"] = "-4";
  CHECK(rt.handle(std::move(bad)).status == 400);

  CHECK(rt.handle(make("GET", "/v1/health")).status == 200);
  auto m = rt.handle(make("GET", "/metrics", f.staff_token));
  REQUIRE(m.status == 200);
  CHECK(m.body.find("cunzhan_hub_ops_total{status=\"applied\"} 1") != std::string::npos);
  CHECK(m.body.find("cunzhan_hub_requests_total{route=\"/v1/sync/push\",status=\"200\"} 1") !=
        std::string::npos);
  CHECK(m.body.find("cunzhan_hub_batch_apply_seconds_count 1") != std::string::npos);
}

TEST_CASE("router metrics labels are route patterns, never the client's path", "[router][metrics]") {
  fixture f;
  router rt(*f.backend, {}, nullptr);
  // The decoded form of /v1/counties/x1%22%7D%200%0Afake_metric%7Ba%3D%22b: a quote,
  // brace and newline that, printed raw, would end the series and forge another.
  auto res = rt.admit(make("POST", "/v1/counties/x1\"} 0\nfake_metric{a=\"b"));
  REQUIRE(res);
  CHECK(res->status == 405);
  for (int i = 0; i < 3; ++i)
    CHECK(rt.admit(make("DELETE", "/v1/counties/" + std::to_string(i)))->status == 405);
  CHECK(rt.admit(make("GET", "/no/such/" + std::string(100, 'z')))->status == 404);
  const auto m = rt.stats().render(nullptr);
  INFO(m);
  CHECK(m.find("\nfake_metric") == std::string::npos);
  CHECK(m.find("x1") == std::string::npos);
  CHECK(m.find("zzzz") == std::string::npos);
  // Four wrong verbs on one pattern are one series, not four.
  CHECK(m.find("cunzhan_hub_requests_total{route=\"/v1/counties/*\",status=\"405\"} 4") != std::string::npos);
  CHECK(m.find("cunzhan_hub_requests_total{route=\"other\",status=\"404\"} 1") != std::string::npos);
}

TEST_CASE("metrics escape backslash, quote and newline in label values", "[router][metrics]") {
  metrics m;
  m.count_request("a\\b\"c\nd", 200);
  const auto text = m.render(nullptr);
  CHECK(text.find("route=\"a\\\\b\\\"c\\nd\"") != std::string::npos);
  CHECK(text.find("\nd\"") == std::string::npos);
}

TEST_CASE("router counts requests the network layer refused", "[router][metrics]") {
  fixture f;
  router rt(*f.backend, {}, nullptr);
  auto head = make("POST", "/v1/sync/push", f.token_a);
  rt.refused(&head, 413);
  auto odd = make("GET", "/v1/counties/510824/kpi\"x");
  rt.refused(&odd, 415);
  rt.refused(nullptr, 431);
  const auto m = rt.stats().render(nullptr);
  INFO(m);
  CHECK(m.find("cunzhan_hub_requests_total{route=\"/v1/sync/push\",status=\"413\"} 1") != std::string::npos);
  CHECK(m.find("cunzhan_hub_requests_total{route=\"/v1/counties/*\",status=\"415\"} 1") != std::string::npos);
  CHECK(m.find("cunzhan_hub_requests_total{route=\"other\",status=\"431\"} 1") != std::string::npos);
}

TEST_CASE("router caps the anonymous sign-in body from its header", "[router]") {
  fixture f;
  router rt(*f.backend, {}, nullptr);
  auto big = make("POST", "/dashboard/login");
  big.content_length = 5000;
  auto res = rt.admit(big);
  REQUIRE(res);
  CHECK(res->status == 413);
  CHECK(error_code_of(*res) == "payload_too_large");
  auto small = make("POST", "/dashboard/login");
  small.content_length = 200;
  CHECK_FALSE(rt.admit(small));
  // The station push keeps the server's (much larger) limit.
  auto push = make("POST", "/v1/sync/push", f.token_a);
  push.content_length = 1 << 20;
  CHECK_FALSE(rt.admit(push));
}

TEST_CASE("router error bodies are valid UTF-8 JSON whatever the request held", "[router]") {
  fixture f;
  router rt(*f.backend, {}, nullptr);
  // The decoded path of GET /%ff is one byte 0xFF; it was echoed into the 404 body.
  for (const std::string& path :
       {std::string("/\xff"), std::string("/v1/\xc3"), std::string("/v1/sync/\xed\xa0\x80")}) {
    auto res = rt.admit(make("GET", path));
    REQUIRE(res);
    CHECK(res->status == 404);
    CHECK(is_valid_utf8(res->body));
    CHECK(error_code_of(*res) == "not_found");
    CHECK(res->body.find(path.substr(1)) == std::string::npos);
  }
  // An op id of bad bytes in a push is answered in a body that is still UTF-8 JSON.
  auto b = batch({listing_op(1, uuid_v4(), village_a)});
  b.at("ops").as_array().at(0).as_object()["op_id"] = "bad\xff\xfe";
  auto res = rt.handle(make("POST", "/v1/sync/push", f.token_a, boost::json::serialize(b)));
  CHECK(res.status >= 400);
  CHECK(is_valid_utf8(res.body));
  CHECK(parse_json(res.body));
}
