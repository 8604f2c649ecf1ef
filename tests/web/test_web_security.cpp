// The web app refuses what a hostile page could make a browser send: a cross-site POST
// without the session's CSRF token, a request under a foreign Host (DNS rebinding), a
// foreign Origin even with a valid token, an oversized form. Each is refused and
// changes nothing in the store.
#include <catch2/catch.hpp>

#include "web_fixture.hpp"

using namespace cunzhan::test;
using namespace cunzhan::test::web;

namespace {

const fields k_listing = {
    {"product_name", "红心猕猴桃"}, {"category", "fruit"}, {"quantity", "100"}, {"unit", "kg"},
    {"price_yuan", "12.00"},        {"status", "listed"}};

struct store_counts {
  std::size_t listings, outbox;
  bool operator==(const store_counts&) const = default;
};

store_counts counts(const integration::station_fixture& st) {
  return {count_of(st.db(), "listing"), count_of(st.db(), "outbox")};
}

}  // namespace

TEST_CASE("state-changing requests need the session's CSRF token", "[web][security]") {
  integration::hub_fixture hub;
  integration::station_fixture st(hub, integration::k_village_a, "大成村服务站");
  web_app app(st);
  app.begin_session();
  REQUIRE(app.csrf().size() == 64);
  const auto before = counts(st);

  SECTION("a cross-site form post (no token, no cookie) is refused") {
    auto r = app.post("/listings/new", form_encode(k_listing), "application/x-www-form-urlencoded",
                      {{"Origin", "http://evil.example"}, {"Cookie", ""}});
    CHECK(r.status == 403);
  }
  SECTION("the session cookie without the token is refused") {
    auto r = app.submit("/listings/new", k_listing, /*with_token=*/false);
    CHECK(r.status == 403);
    CHECK(r.body.find("令牌") != std::string::npos);
  }
  SECTION("a token of another session is refused") {
    const std::string other_token = csrf_in(app.get("/", {{"Cookie", ""}}).body);  // a fresh session
    REQUIRE(other_token.size() == 64);
    REQUIRE(other_token != app.csrf());
    fields f = k_listing;
    f.emplace_back("_csrf", other_token);
    auto r = app.post("/listings/new", form_encode(f), "application/x-www-form-urlencoded",
                      {{"Origin", app.origin()}});
    CHECK(r.status == 403);
  }
  SECTION("every state-changing route checks it") {
    // Every POST route of the app (app.cpp's table), each with the fields its form sends.
    const std::string id = "0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b";
    const std::vector<std::pair<std::string, fields>> posts = {
        {"/listings/new", k_listing},
        {"/listings/edit?id=" + id, k_listing},
        {"/listings/sell?id=" + id, {{"sold_quantity", "1"}, {"sold_amount_yuan", "1"}}},
        {"/listings/withdraw", {{"id", id}}},
        {"/pickups", {{"brand", "ZTO"}, {"direction", "outbound"}, {"parcels", "1"}}},
        {"/pickups/collect", {{"id", id}, {"tracking_no", "ZT1"}}},
        {"/pickups/cancel", {{"id", id}}},
        {"/pickups/fail", {{"id", id}, {"failure_reason", "快递员未到"}}},
        {"/points/new", {{"name", "驿站"}, {"brands", "ZTO"}, {"days_per_week", "5"}}},
        {"/points/edit?id=" + id, {{"name", "驿站"}, {"brands", "ZTO"}, {"days_per_week", "5"}}},
        {"/points/close", {{"id", id}}},
        {"/import/preview", {{"kind", "listings"}}},
        {"/import/commit", {{"token", "x"}, {"kind", "listings"}}},
        {"/import/cancel", {{"token", "x"}}},
        {"/sync", {}},
        {"/villagers", {{"name", "张三"}, {"household_size", "3"}}},
        {"/orders", {{"villager_id", id}, {"category", "daily"}, {"platform", "jd"}, {"amount_yuan", "5"}}},
        {"/orders/arrive", {{"id", id}}},
        {"/orders/handover", {{"id", id}}},
        {"/orders/return", {{"id", id}}},
        {"/orders/cancel", {{"id", id}}},
        {"/services", {{"villager_id", id}, {"kind", "information"}}},
    };
    for (const auto& [path, f] : posts) {
      INFO(path);
      CHECK(app.submit(path, f, false).status == 403);
      fields forged = f;
      forged.emplace_back("_csrf", std::string(64, 'a'));  // well-formed, wrong
      CHECK(
          app.post(path, form_encode(forged), "application/x-www-form-urlencoded", {{"Origin", app.origin()}})
              .status == 403);
    }
  }
  CHECK(counts(st) == before);

  // The same form with the token goes through (so the refusals above were about the token).
  auto ok = app.submit("/listings/new", k_listing);
  CHECK(ok.status == 303);
  CHECK(counts(st).listings == before.listings + 1);
}

TEST_CASE("foreign Host and Origin are refused (DNS rebinding, cross-site)", "[web][security]") {
  integration::hub_fixture hub;
  integration::station_fixture st(hub, integration::k_village_a, "大成村服务站");
  web_app app(st);
  app.begin_session();
  const auto before = counts(st);

  SECTION("a page read under a rebinding name is refused") {
    auto r = app.get("/", {{"Host", "evil.example:" + std::to_string(app.port())}});
    CHECK(r.status == 403);
    CHECK(r.body.find("大成村服务站") == std::string::npos);
  }
  SECTION("a post under a foreign Host is refused even with cookie and token") {
    auto r = app.post("/listings/new", form_encode(k_listing) + "&_csrf=" + app.csrf(),
                      "application/x-www-form-urlencoded",
                      {{"Host", "evil.example:" + std::to_string(app.port())},
                       {"Origin", "http://evil.example:" + std::to_string(app.port())}});
    CHECK(r.status == 403);
  }
  SECTION("the right Host on another port is refused") {
    CHECK(app.get("/", {{"Host", "127.0.0.1:1"}}).status == 403);
  }
  SECTION("a foreign Origin is refused even with cookie and token") {
    fields f = k_listing;
    f.emplace_back("_csrf", app.csrf());
    auto r = app.post("/listings/new", form_encode(f), "application/x-www-form-urlencoded",
                      {{"Origin", "http://evil.example"}});
    CHECK(r.status == 403);
    auto opaque =
        app.post("/listings/new", form_encode(f), "application/x-www-form-urlencoded", {{"Origin", "null"}});
    CHECK(opaque.status == 403);
  }
  SECTION("localhost is this app too") {
    CHECK(app.get("/", {{"Host", "localhost:" + std::to_string(app.port())}}).status == 200);
  }
  SECTION("an oversized form is refused before it is read") {
    fields f = k_listing;
    f.emplace_back("note", std::string(300 * 1024, 'x'));
    CHECK(app.submit("/listings/new", f).status == 413);
  }
  CHECK(counts(st) == before);
}

TEST_CASE("the session cookie is HttpOnly and SameSite=Strict, and pages forbid framing", "[web][security]") {
  integration::hub_fixture hub;
  integration::station_fixture st(hub, integration::k_village_a, "大成村服务站");
  web_app app(st);
  auto r = app.get("/");
  REQUIRE(r.status == 200);
  const std::string* set = r.header("set-cookie");
  REQUIRE(set);
  CHECK(set->find("HttpOnly") != std::string::npos);
  CHECK(set->find("SameSite=Strict") != std::string::npos);
  REQUIRE(r.header("x-frame-options"));
  CHECK(*r.header("x-frame-options") == "DENY");
  REQUIRE(r.header("content-security-policy"));
  CHECK(r.header("content-security-policy")->find("default-src 'self'") != std::string::npos);
}
