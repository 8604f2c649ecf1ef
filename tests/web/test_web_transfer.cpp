// The web app's HTTP framing seen from a raw socket: HEAD answered with headers only (a
// pipelined GET behind it is read right), and the form size limit held whatever way the
// body is sent (Content-Length, chunked, gzip).
#include <catch2/catch.hpp>

#include "../net/raw_http.hpp"
#include "../net/raw_socket.hpp"
#include "cunzhan/shared/compress.hpp"
#include "web_fixture.hpp"

using namespace cunzhan;
using namespace cunzhan::test;
using namespace cunzhan::test::web;
using namespace std::chrono_literals;

namespace {

const fields k_listing = {
    {"product_name", "红心猕猴桃"}, {"category", "fruit"}, {"quantity", "100"}, {"unit", "kg"},
    {"price_yuan", "12.00"},        {"status", "listed"}};

// Sends raw bytes to the app and returns all it answered until it closed the connection.
std::string raw_exchange(const web_app& app, const std::string& bytes) {
  raw_socket s(app.port());
  REQUIRE(s.ok());
  (void)s.send(bytes);  // the app may refuse and close before it has read everything
  bool closed = false;
  return s.read_for(60s, closed);
}

// A form post sent chunked: the session's cookie and Origin, the body in 16 KiB chunks.
std::string chunked_post(const web_app& app, const std::string& target, const std::string& body) {
  std::string req = "POST " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(app.port()) +
                    "\r\nCookie: " + app.cookie() + "\r\nOrigin: " + app.origin() +
                    "\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n"
                    "Connection: close\r\n\r\n";
  for (std::size_t at = 0; at < body.size(); at += 16 * 1024) {
    const std::string piece = body.substr(at, 16 * 1024);
    char size[16];
    std::snprintf(size, sizeof size, "%zx", piece.size());
    req += std::string(size) + "\r\n" + piece + "\r\n";
  }
  return raw_exchange(app, req + "0\r\n\r\n");
}

int status_of(const std::string& raw) {
  auto r = response_at(raw, 0);
  return r ? r->status : -1;
}

}  // namespace

TEST_CASE("HEAD answers with GET's headers and no body, so a pipelined GET is read right",
          "[web][http][head]") {
  integration::hub_fixture hub;
  integration::station_fixture st(hub, integration::k_village_a, "大成村服务站");
  web_app app(st);
  const std::string host = "Host: 127.0.0.1:" + std::to_string(app.port()) + "\r\n";
  const auto out =
      raw_exchange(app, "HEAD / HTTP/1.1\r\n" + host + "\r\n" +                    //
                            "HEAD /static/app.css HTTP/1.1\r\n" + host + "\r\n" +  //
                            "GET /static/app.css HTTP/1.1\r\n" + host + "Connection: close\r\n\r\n");
  INFO(out);
  auto home = response_at(out, 0);
  REQUIRE(home);
  CHECK(home->status == 200);
  CHECK(home->content_length() > 500);  // the home page's length; the page itself is not sent
  auto head = response_at(out, home->body_at);
  REQUIRE(head);
  CHECK(head->status == 200);
  CHECK(head->headers["content-type"].rfind("text/css", 0) == 0);
  auto get = response_at(out, head->body_at);
  REQUIRE(get);
  CHECK(get->status == 200);
  CHECK(get->content_length() == head->content_length());
  CHECK(out.size() - get->body_at == get->content_length());

  // A refused HEAD (foreign Host) is headers only too.
  const auto refused =
      raw_exchange(app, "HEAD / HTTP/1.1\r\nHost: evil.example:" + std::to_string(app.port()) + "\r\n\r\n");
  auto r = response_at(refused, 0);
  REQUIRE(r);
  CHECK(r->status == 403);
  CHECK(r->content_length() > 0);
  CHECK(refused.size() == r->body_at);
}

TEST_CASE("the form limit holds for chunked and gzip bodies too", "[web][http][limits]") {
  integration::hub_fixture hub;
  integration::station_fixture st(hub, integration::k_village_a, "大成村服务站");
  web_app app(st);
  app.begin_session();
  fields form = k_listing;
  form.emplace_back("_csrf", app.csrf());
  const std::string small = form_encode(form);
  fields padded_form = form;
  padded_form.emplace_back("padding", std::string(1 << 20, 'x'));
  const std::string padded = form_encode(padded_form);
  const auto listings = [&] { return count_of(st.db(), "listing"); };
  const auto outbox = [&] { return count_of(st.db(), "outbox"); };
  const auto before = listings();
  const auto queued = outbox();

  const auto nothing_saved = [&] { return listings() == before && outbox() == queued; };
  SECTION("Content-Length") {
    CHECK(app.post("/listings/new", padded, "application/x-www-form-urlencoded", {{"Origin", app.origin()}})
              .status == 413);
    CHECK(nothing_saved());
  }
  SECTION("chunked") {
    CHECK(status_of(chunked_post(app, "/listings/new", padded)) == 413);
    CHECK(nothing_saved());
    CHECK(status_of(chunked_post(app, "/listings/new", small)) == 303);  // chunked itself is fine
    CHECK(listings() == before + 1);
  }
  SECTION("gzip") {
    const std::string gz = gzip_compress(padded);
    REQUIRE(gz.size() < 64 * 1024);  // small on the wire: only the decoded size is over
    const net::header_list h{{"Origin", app.origin()}, {"Content-Encoding", "gzip"}};
    CHECK(app.post("/listings/new", gz, "application/x-www-form-urlencoded", h).status == 413);
    CHECK(nothing_saved());
    CHECK(app.post("/listings/new", gzip_compress(small), "application/x-www-form-urlencoded", h).status ==
          303);
    CHECK(listings() == before + 1);
  }
}
