// Raw request bytes to the station's web app (every page and form) over a real enrolled
// store. "@SID@" and "@CSRF@" in the input stand for a session cookie value and its CSRF
// token, so the fuzzer reaches past the CSRF check into the forms. Invariants: every
// answer is UTF-8 (JSON where it says so) with a real status, never a 500; after every
// accepted change the store stays readable (every record decodes and exports).
#include "cunzhan/station/web.hpp"
#include "fuzz_support.hpp"
#include "web/app.hpp"
#include "web/session.hpp"

using namespace cunzhan;
using namespace cunzhan::station_client;
using fuzz::require;

namespace {

void replace_all(std::string& s, std::string_view from, const std::string& to) {
  for (std::size_t p = s.find(from); p != std::string::npos; p = s.find(from, p + to.size()))
    s.replace(p, from.size(), to);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const auto dir = fuzz::enrolled_station_dir();
  static const std::string sid(64, 'a');
  static const std::string csrf = web::session_keys::load(dir)->csrf_token(sid);
  static web::app* app = [] {
    web_options o;
    o.data_dir = dir;
    auto* a = new web::app(o);
    require(a->open().ok(), "the web app opens the store");
    a->set_port(8765);
    return a;
  }();
  static std::size_t changes = 0;
  std::string bytes(fuzz::as_text(data, size));
  replace_all(bytes, "@SID@", sid);
  replace_all(bytes, "@CSRF@", csrf);
  auto req = fuzz::parse_request(bytes);
  if (!req) return 0;
  // The sync page would start a real sync against the enrolled hub address.
  if (req->path.starts_with("/sync") && req->method == "POST") return 0;
  if (auto refused = app->admit(*req)) {
    require(fuzz::body_well_formed(*refused), "a refusal is UTF-8", refused->body);
    return 0;
  }
  const bool post = req->method == "POST";
  auto res = app->handle(std::move(*req));
  require(res.status >= 200 && res.status < 600, "a real HTTP status", std::to_string(res.status));
  require(res.status != 500, "no page fails with 500", res.body);
  require(fuzz::body_well_formed(res), "the body is UTF-8 (and JSON when it says so)", res.body);
  if (post && res.status == 303 && ++changes % 16 == 1) fuzz::require_station_readable(dir);
  return 0;
}
