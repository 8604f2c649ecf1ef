// Tests for the enrolment file: exact round trip, and every missing or bad field reported
// together with errc::enrolment_invalid.
#include <catch2/catch.hpp>

#include <boost/json/serialize.hpp>

#include "cunzhan/shared/enrolment.hpp"
#include "cunzhan/shared/json_util.hpp"

using namespace cunzhan;
namespace json = boost::json;

namespace {

enrolment sample() {
  enrolment e;
  e.hub_url = "https://127.0.0.1:8443";
  e.server_name = "hub.example";
  e.ca_pem = "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIU\n-----END CERTIFICATE-----\n";
  e.station_id = "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b";
  e.station_name = "白马村服务站";
  e.village_code = "500153102200";
  e.kind = "village";
  e.token = "k3Y9-token-with-enough-entropy";
  return e;
}

bool same(const enrolment& a, const enrolment& b) {
  return a.hub_url == b.hub_url && a.server_name == b.server_name && a.ca_pem == b.ca_pem &&
         a.station_id == b.station_id && a.station_name == b.station_name &&
         a.village_code == b.village_code && a.kind == b.kind && a.token == b.token;
}

std::vector<std::string> bad_fields(const std::string& text) {
  auto r = parse_enrolment(text);
  REQUIRE_FALSE(r.ok());
  CHECK(r.err().code == errc::enrolment_invalid);
  std::vector<std::string> out;
  for (const auto& f : r.err().fields) {
    CHECK_FALSE(f.message_en.empty());
    CHECK_FALSE(f.message_zh.empty());
    out.push_back(f.field);
  }
  return out;
}

std::string with(const std::string& key, const json::value& v) {
  json::object o = parse_json(to_json_text(sample()))->as_object();
  o[key] = v;
  return json::serialize(o);
}

}  // namespace

TEST_CASE("enrolment: to_json_text then parse round-trips exactly", "[enrolment]") {
  const std::string text = to_json_text(sample());
  CHECK(text.find("\n  \"token\": ") != std::string::npos);  // pretty-printed
  CHECK(text.find("cunzhan-enrolment/1") != std::string::npos);
  auto back = parse_enrolment(text);
  REQUIRE(back.ok());
  CHECK(same(*back, sample()));

  enrolment no_name = sample();
  no_name.server_name.clear();
  no_name.kind = "township";
  auto back2 = parse_enrolment(to_json_text(no_name));
  REQUIRE(back2.ok());
  CHECK(same(*back2, no_name));
}

TEST_CASE("enrolment: kind defaults to village when absent", "[enrolment]") {
  json::object o = parse_json(to_json_text(sample()))->as_object();
  o.erase("kind");
  auto r = parse_enrolment(json::serialize(o));
  REQUIRE(r.ok());
  CHECK(r->kind == "village");
}

TEST_CASE("enrolment: every missing field is reported at once", "[enrolment]") {
  const auto fields = bad_fields("{}");
  const std::vector<std::string> expected = {"format",       "hub_url",      "ca_pem", "station_id",
                                             "station_name", "village_code", "token"};
  CHECK(fields == expected);
}

TEST_CASE("enrolment: every bad field is reported at once", "[enrolment]") {
  const json::object bad = {{"format", "cunzhan-enrolment/2"},
                            {"hub_url", "http://127.0.0.1:8443"},
                            {"server_name", 7},
                            {"ca_pem", "not a certificate"},
                            {"station_id", "station-1"},
                            {"station_name", ""},
                            {"village_code", "50015310220"},
                            {"kind", "city"},
                            {"token", json::array{}}};
  const auto fields = bad_fields(json::serialize(bad));
  const std::vector<std::string> expected = {"format",       "hub_url",    "server_name",
                                             "ca_pem",       "station_id", "station_name",
                                             "village_code", "kind",       "token"};
  CHECK(fields == expected);
}

TEST_CASE("enrolment: single bad values are caught", "[enrolment]") {
  CHECK(bad_fields(with("hub_url", "https://")) == std::vector<std::string>{"hub_url"});
  CHECK(bad_fields(with("hub_url", "https://:8443/x")) == std::vector<std::string>{"hub_url"});
  // The sync's URL parser refuses these; init accepted them and every sync then failed.
  for (const char* url : {"https://127.0.0.1:8443{", "https://hub.example:0", "https://hub.example/sync",
                          "https://hu b.example", "https://a@hub.example", "https://[::1"})
    CHECK(bad_fields(with("hub_url", url)) == std::vector<std::string>{"hub_url"});
  for (const char* url : {"https://hub.example", "https://127.0.0.1:8443/", "https://[::1]:8443"})
    CHECK(parse_enrolment(with("hub_url", url)).ok());
  CHECK(bad_fields(with("village_code", "5001531022AB")) == std::vector<std::string>{"village_code"});
  CHECK(bad_fields(with("station_id", 12)) == std::vector<std::string>{"station_id"});
  CHECK(bad_fields(with("token", "")) == std::vector<std::string>{"token"});
  CHECK(bad_fields(with("ca_pem", "-----END CERTIFICATE-----\n-----BEGIN CERTIFICATE-----")) ==
        std::vector<std::string>{"ca_pem"});
}

TEST_CASE("enrolment: text that is not a JSON object is enrolment_invalid", "[enrolment]") {
  for (const char* t : {"", "[]", "\"x\"", "{\"format\":", "not json"}) {
    auto r = parse_enrolment(t);
    REQUIRE_FALSE(r.ok());
    CHECK(r.err().code == errc::enrolment_invalid);
    CHECK_FALSE(r.err().detail_zh.empty());
  }
}
