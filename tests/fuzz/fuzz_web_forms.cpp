// The web app's request-body parsing: urlencoded forms, multipart uploads (the first
// line of the input is the Content-Type), and cookies. Invariants: a parsed form,
// encoded again with url_encode, parses to the same fields; multipart parts hold no more
// than the body; a cookie's value is text from the header.
#include "fuzz_support.hpp"
#include "web/http.hpp"

using namespace cunzhan;
using namespace cunzhan::station_client::web;
using fuzz::require;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view in = fuzz::as_text(data, size);
  form f;
  if (parse_urlencoded(in, f)) {
    std::string again;
    for (const auto& [k, v] : f.fields)
      again += (again.empty() ? "" : "&") + url_encode(k) + "=" + url_encode(v);
    form g;
    require(parse_urlencoded(again, g), "an encoded form parses", again);
    require(g.fields == f.fields, "urlencoded round trip", again);
  }
  const auto nl = in.find('\n');
  if (nl != std::string_view::npos) {
    const std::string_view type = in.substr(0, nl), body = in.substr(nl + 1);
    form fields;
    std::vector<upload> files;
    if (parse_multipart(type, body, fields, files)) {
      std::size_t total = 0;
      for (const auto& u : files) total += u.data.size() + u.filename.size();
      for (const auto& [k, v] : fields.fields) total += k.size() + v.size();
      require(total <= body.size(), "multipart parts are no larger than the body");
    }
    net::request_head h;
    h.headers.emplace_back("cookie", std::string(type));
    const std::string v = cookie(h, std::string(body.substr(0, 16)));
    require(v.empty() || type.find(v) != std::string_view::npos, "a cookie value comes from the header", v);
  }
  return 0;
}
