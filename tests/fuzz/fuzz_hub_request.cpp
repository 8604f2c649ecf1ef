// Raw hub request bytes (request line, headers, body) through the router's admission and
// handling over the in-memory fake storage. "@STATION@" and "@STAFF@" in the input stand
// for a valid station and staff token, so the fuzzer reaches past authentication.
// Invariants: every answer (admission refusal or handled) is UTF-8, JSON where it says
// JSON, with a real status; a refusal never stores anything.
#include "cunzhan/hub/router.hpp"
#include "fake_storage.hpp"
#include "fuzz_support.hpp"

using namespace cunzhan;
using namespace cunzhan::hub;
using namespace cunzhan::hub::testing;
using fuzz::require;

namespace {

void replace_all(std::string& s, std::string_view from, const std::string& to) {
  for (std::size_t p = s.find(from); p != std::string::npos; p = s.find(from, p + to.size()))
    s.replace(p, from.size(), to);
}

void check(const net::http_response& r) {
  require(r.status >= 200 && r.status < 600, "a real HTTP status", std::to_string(r.status));
  require(fuzz::body_well_formed(r), "the body is UTF-8 (and JSON when it says so)", r.body);
  if (r.status >= 400 && r.content_type.rfind("application/json", 0) == 0) {
    require(r.body.find("\"error\"") != std::string::npos, "a JSON error body names the error", r.body);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static fake_hub* h = new fake_hub;  // tokens hash once; the data is reset below
  h->store.data = {};
  std::string bytes(fuzz::as_text(data, size));
  replace_all(bytes, "@STATION@", h->station_token);
  replace_all(bytes, "@STAFF@", h->staff_token);
  auto req = fuzz::parse_request(bytes);
  if (!req) return 0;
  router rt(h->store, {}, nullptr);
  if (auto refused = rt.admit(*req)) {
    check(*refused);
    require(refused->status >= 400, "an admission refusal is an error", refused->body);
    return 0;
  }
  auto res = rt.handle(std::move(*req));
  check(res);
  if (res.status >= 400) require(h->store.data.ops.empty(), "a refused request stores no op");
  return 0;
}
