// Shared helpers of the fuzz targets (fuzz_support.hpp).
#include "fuzz_support.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <sstream>

#include "cunzhan/shared/enrolment.hpp"
#include "cunzhan/shared/json_util.hpp"
#include "cunzhan/shared/sanitizer_options.hpp"
#include "cunzhan/shared/text.hpp"
#include "cunzhan/station/csv_io.hpp"
#include "cunzhan/station/store.hpp"
#include "station_fixture.hpp"

namespace cunzhan::fuzz {

void require(bool ok, std::string_view what, std::string_view detail) {
  if (ok) return;
  std::fprintf(stderr, "invariant broken: %.*s\n%.*s\n", static_cast<int>(what.size()), what.data(),
               static_cast<int>(std::min<std::size_t>(detail.size(), 4000)), detail.data());
  std::abort();
}

std::optional<net::http_request> parse_request(std::string_view bytes) {
  net::http_request r;
  auto line_end = [&](std::size_t from) { return bytes.find("\r\n", from); };
  std::size_t eol = line_end(0);
  if (eol == std::string_view::npos) return std::nullopt;
  const std::string_view request_line = bytes.substr(0, eol);
  const auto sp1 = request_line.find(' ');
  const auto sp2 = request_line.rfind(' ');
  if (sp1 == std::string_view::npos || sp2 == sp1) return std::nullopt;
  r.method = std::string(request_line.substr(0, sp1));
  r.target = std::string(request_line.substr(sp1 + 1, sp2 - sp1 - 1));
  if (r.method.empty() || r.target.empty() || r.target[0] != '/') return std::nullopt;
  const auto q = r.target.find('?');
  if (!net::percent_decode(std::string_view(r.target).substr(0, q), r.path, false)) return std::nullopt;
  if (q != std::string::npos && !net::parse_query(std::string_view(r.target).substr(q + 1), r.query)) {
    return std::nullopt;
  }
  std::size_t pos = eol + 2;
  for (;;) {
    eol = line_end(pos);
    if (eol == std::string_view::npos) return std::nullopt;
    if (eol == pos) break;
    const std::string_view h = bytes.substr(pos, eol - pos);
    const auto colon = h.find(':');
    if (colon == std::string_view::npos || colon == 0) return std::nullopt;
    std::string name(h.substr(0, colon));
    for (char& c : name) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    r.headers.emplace_back(std::move(name), std::string(trim(h.substr(colon + 1))));
    pos = eol + 2;
  }
  r.body = std::string(bytes.substr(eol + 2));
  r.wire_bytes = r.body.size();
  if (r.method == "POST" || !r.body.empty()) r.content_length = r.body.size();
  r.peer = "127.0.0.1:40000";
  return r;
}

const std::filesystem::path& enrolled_station_dir() {
  static test::temp_dir* dir = new test::temp_dir("fuzz-station");
  static const std::filesystem::path data = [] {
    const auto d = dir->path() / "data";
    std::atexit([] { delete dir; });
    auto s = station_client::store::open(d);
    require(s.ok(), "the station store opens");
    auto e = parse_enrolment(test::enrolment_json());
    require(e.ok(), "the test enrolment parses");
    require((*s)->meta().init(*e, false).ok(), "the station store enrols");
    return d;
  }();
  return data;
}

void require_station_readable(const std::filesystem::path& data_dir) {
  auto s = station_client::store::open(data_dir);
  require(s.ok(), "the store opens after the input", s.ok() ? "" : s.err().describe(lang::en));
  auto& st = **s;
  auto l = st.listings().list({});
  require(l.ok() && st.damaged().empty(), "every listing decodes");
  auto p = st.pickups().list({});
  require(p.ok() && st.damaged().empty(), "every pickup decodes");
  auto c = st.points().list({});
  require(c.ok() && st.damaged().empty(), "every courier point decodes");
  for (auto kind : {station_client::record_kind::listings, station_client::record_kind::pickups,
                    station_client::record_kind::points}) {
    std::ostringstream out;
    auto n = station_client::export_csv(st, kind, out, lang::zh);
    require(n.ok() && st.damaged().empty(), "every record exports");
  }
}

bool body_well_formed(const net::http_response& r) {
  if (!is_valid_utf8(r.body)) return false;
  if (r.content_type.rfind("application/json", 0) == 0 && !r.body.empty()) return parse_json(r.body).ok();
  return true;
}

}  // namespace cunzhan::fuzz
