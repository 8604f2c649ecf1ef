// check_framing and check_body_allowed on Beast header fields directly: Debian's Boost
// 1.81 parser already refuses some of these on the wire, so the wire tests alone would
// keep passing if our own checks were deleted.
#include <catch2/catch.hpp>

// A private header of cunzhan_net, included by path: these checks have no public face.
#include "../../shared/src/net/server_http.hpp"

using namespace cunzhan;
using namespace cunzhan::net;
namespace bhttp = boost::beast::http;

namespace {

std::optional<http_reject> framing(std::initializer_list<std::pair<bhttp::field, const char*>> fields) {
  bhttp::fields f;
  for (const auto& [k, v] : fields) f.insert(k, v);
  return check_framing(f, 1000);
}

int status_of(const std::optional<http_reject>& r) { return r ? r->status : 0; }

}  // namespace

TEST_CASE("framing: one plain Content-Length or chunked is accepted", "[net][framing]") {
  CHECK_FALSE(framing({}));
  CHECK_FALSE(framing({{bhttp::field::content_length, "10"}}));
  CHECK_FALSE(framing({{bhttp::field::transfer_encoding, "chunked"}}));
  CHECK_FALSE(framing({{bhttp::field::transfer_encoding, "Chunked"}}));
}

TEST_CASE("framing: smuggling shapes are refused with 400", "[net][framing]") {
  CHECK(status_of(framing({{bhttp::field::content_length, "5"}, {bhttp::field::content_length, "5"}})) ==
        400);
  CHECK(status_of(framing({{bhttp::field::content_length, "5"}, {bhttp::field::content_length, "6"}})) ==
        400);
  CHECK(status_of(framing(
            {{bhttp::field::content_length, "5"}, {bhttp::field::transfer_encoding, "chunked"}})) == 400);
  CHECK(status_of(framing({{bhttp::field::transfer_encoding, "gzip"}})) == 400);
  CHECK(status_of(framing({{bhttp::field::transfer_encoding, "gzip, chunked"}})) == 400);
  CHECK(status_of(framing({{bhttp::field::transfer_encoding, "chunked"},
                           {bhttp::field::transfer_encoding, "chunked"}})) == 400);
  CHECK(status_of(framing({{bhttp::field::content_length, "-1"}})) == 400);
  CHECK(status_of(framing({{bhttp::field::content_length, "1e3"}})) == 400);
  // Two Host headers: which site is meant is ambiguous.
  CHECK(status_of(framing({{bhttp::field::host, "a.example"}, {bhttp::field::host, "b.example"}})) == 400);
  CHECK(status_of(framing({{bhttp::field::host, "a.example"}, {bhttp::field::host, "a.example"}})) == 400);
  CHECK_FALSE(framing({{bhttp::field::host, "a.example"}}));
}

TEST_CASE("framing: a declared body over the limit is 413", "[net][framing]") {
  auto r = framing({{bhttp::field::content_length, "1001"}});
  REQUIRE(r);
  CHECK(r->status == 413);
  CHECK(r->code == errc::payload_too_large);
}

TEST_CASE("framing: GET and HEAD carry no body", "[net][framing]") {
  CHECK(status_of(check_body_allowed("GET", 10, false)) == 400);
  CHECK(status_of(check_body_allowed("HEAD", std::nullopt, true)) == 400);
  CHECK_FALSE(check_body_allowed("GET", 0, false));
  CHECK_FALSE(check_body_allowed("GET", std::nullopt, false));
  CHECK_FALSE(check_body_allowed("POST", 10, false));
}

TEST_CASE("deadlines grow with size up to the cap", "[net][framing]") {
  using std::chrono::milliseconds;
  const milliseconds base{30'000}, cap{600'000};
  CHECK(size_deadline(base, 0, 1000, cap) == base);
  CHECK(size_deadline(base, 100'000, 1000, cap) == milliseconds(130'000));  // 100 KB at 1 KB/s
  CHECK(size_deadline(base, 8u << 20, 1000, cap) == cap);                   // a slowloris meets the cap
  CHECK(size_deadline(base, 1000, 0, cap) == cap);                          // rate 0 never divides by zero
}
