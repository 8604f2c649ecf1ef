// The county enrolment file (`hub province join FILE`): parse_county_enrolment over any
// bytes. Invariants: a refusal is enrolment_invalid with a UTF-8 message in both
// languages (as the hub's JSON error); an accepted file written back with to_json_text
// parses to the same enrolment.
#include "fuzz_support.hpp"
#include "http/http_reply.hpp"
#include "province/county_enrolment.hpp"

using namespace cunzhan;
using namespace cunzhan::hub::province;
using fuzz::require;

namespace {

bool same(const county_enrolment& a, const county_enrolment& b) {
  return a.province_url == b.province_url && a.server_name == b.server_name && a.ca_pem == b.ca_pem &&
         a.province_code == b.province_code && a.county_code == b.county_code && a.token == b.token;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto e = parse_county_enrolment(fuzz::as_text(data, size));
  if (!e) {
    require(e.err().code == errc::enrolment_invalid, "a bad file is enrolment_invalid",
            e.err().describe(lang::en));
    const auto reply = hub::error_reply(e.err());
    require(fuzz::body_well_formed(reply), "the refusal is UTF-8 JSON", reply.body);
    require(!e.err().describe(lang::en).empty() && !e.err().describe(lang::zh).empty(), "both languages");
    return 0;
  }
  const std::string written = to_json_text(*e);
  auto back = parse_county_enrolment(written);
  require(back.ok(), "an accepted enrolment written back parses", written);
  require(same(*e, *back), "round trip keeps every field", written);
  return 0;
}
