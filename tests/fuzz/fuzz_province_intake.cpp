// A county's monthly report (POST /v1/province/reports body) through take_submission over
// a real province.db in a temp dir, as 苍溪县 510824. Invariants: every answer is UTF-8
// JSON, a refusal has the error shape and stores nothing; an accepted report reads back
// as sent; the same body again is `duplicate` of the same version and stores nothing.
#include <boost/json.hpp>
#include <cstdlib>
#include <filesystem>

#include "cunzhan/hub/province/province_store.hpp"
#include "cunzhan/hub/province/province_view.hpp"
#include "cunzhan/shared/json_util.hpp"
#include "fuzz_support.hpp"
#include "province/intake.hpp"
#include "province/province_routes.hpp"

using namespace cunzhan;
using namespace cunzhan::hub::province;
using fuzz::require;
namespace fs = std::filesystem;
namespace json = boost::json;

namespace {

// The intake reads numbers exactly (parse_json); boost::json::parse is an ulp off for some
// doubles (2.2250238585072014E-308), so comparing with it would blame the intake.
json::value read(std::string_view text) {
  auto v = parse_json(text);
  require(v.ok(), "JSON the intake wrote or accepted reads back", text);
  return std::move(*v);
}

struct province_dir {
  fs::path dir;
  std::unique_ptr<province_store> store;
  county_row county{"510824", "5108", "51", 31, 200, "苍溪县", "广元市"};
  province_dir() {
    std::string tmpl = (fs::temp_directory_path() / "cunzhan-fuzz-province-XXXXXX").string();
    require(mkdtemp(tmpl.data()) != nullptr, "temp dir");
    dir = tmpl;
    auto s = province_store::open(dir.string(), true, "51");
    require(s.ok(), "province.db opens");
    store = std::move(*s);
    require(store->upsert_counties({county}).ok(), "registry");
  }
  ~province_dir() {
    store.reset();
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
};

// Versions stored, all counties and months (the latest version number is the count).
std::int64_t stored(province_store& s) {
  auto rows = s.latest_in("0000-01", "9999-12");
  require(rows.ok(), "province.db readable");
  std::int64_t n = 0;
  for (const auto& r : *rows) n += r.latest.version;
  return n;
}

net::http_request post(std::string body) {
  net::http_request r;
  r.method = "POST";
  r.target = r.path = "/v1/province/reports";
  r.headers.emplace_back("content-type", "application/json");
  r.content_length = body.size();
  r.body = std::move(body);
  return r;
}

void require_error_shape(const net::http_response& res) {
  require(res.status >= 400 && res.status < 600, "a refusal has an error status");
  auto v = read(res.body);
  const auto* e = v.is_object() ? v.as_object().if_contains("error") : nullptr;
  require(e != nullptr && e->is_object() && e->as_object().contains("code") &&
              e->as_object().contains("message") && e->as_object().contains("message_zh"),
          "a refusal is {error: {code, message, message_zh}}", res.body);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static province_dir p;
  const std::string body(fuzz::as_text(data, size));
  const std::int64_t before = stored(*p.store);
  const std::int64_t now = 1'800'000'000;  // the receive time (which months ended is today's)
  auto first = take_submission(*p.store, "510824", post(body), now);
  require(fuzz::body_well_formed(first), "answer is UTF-8 JSON", first.body);
  if (first.status != 200) {
    require_error_shape(first);
    require(stored(*p.store) == before, "a refused report stores nothing");
    return 0;
  }
  const auto answer = read(first.body).as_object();
  const std::string status(answer.at("status").as_string());
  require(status == "accepted" || status == "duplicate" || status == "unchanged", "a known answer", status);
  require(stored(*p.store) == before + (status == "accepted" ? 1 : 0), "only accepted adds a version");
  const auto sent = read(body).as_object();
  const std::string period(sent.at("period").as_string());
  auto versions = p.store->versions("510824", period);
  require(versions.ok() && !versions->empty(), "the month has versions");
  const auto& row = versions->at(static_cast<std::size_t>(answer.at("version").as_int64()) - 1);
  if (status == "accepted") require(read(row.report) == sent.at("report"), "read back as sent", row.report);

  // What was accepted can be shown: the province's tables and CSV over it do not throw.
  view_input in;
  in.period = period;
  in.months = {period};
  in.counties = {p.county};
  auto latest = p.store->latest_in(period, period);
  require(latest.ok(), "latest versions readable");
  in.latest = std::move(*latest);
  in.now_s = now;
  try {
    (void)counties_csv(counties_view(in));
    (void)submissions_csv(submissions_view(in));
    (void)trend_view(in, "510824");
  } catch (const std::exception& e) {
    require(false, "an accepted report can be shown", e.what());
  }

  auto again = take_submission(*p.store, "510824", post(body), now + 60);
  require(again.status == 200, "the same body again is answered", again.body);
  const auto a2 = read(again.body).as_object();
  // An unchanged report stores no id, so its resend is unchanged again.
  require((a2.at("status") == "duplicate" || (status == "unchanged" && a2.at("status") == "unchanged")) &&
              a2.at("version") == answer.at("version"),
          "the same body again is a duplicate of the same version", again.body);
  require(stored(*p.store) == before + (status == "accepted" ? 1 : 0), "a duplicate stores nothing");
  return 0;
}
