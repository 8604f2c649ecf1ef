// The small parsers, chosen by the first byte: instants and dates, money and decimals,
// JSON (canonical form), the enrolment file, the hub's config file, compression, tokens,
// phones, KPI periods, hub URLs, division codes. Each asserts its round trip: what is
// accepted formats to text that parses back to the same value.
#include <boost/json.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "cunzhan/hub/auth.hpp"
#include "cunzhan/hub/config.hpp"
#include "cunzhan/hub/kpi_period.hpp"
#include "cunzhan/shared/compress.hpp"
#include "cunzhan/shared/division_code.hpp"
#include "cunzhan/shared/enrolment.hpp"
#include "cunzhan/shared/json_util.hpp"
#include "cunzhan/shared/text.hpp"
#include "cunzhan/shared/time.hpp"
#include "cunzhan/shared/url.hpp"
#include "fuzz_support.hpp"
#include "input/fields.hpp"

using namespace cunzhan;
using fuzz::require;

namespace {

void instants(std::string_view s) {
  if (auto t = parse_instant(s)) {
    const std::string text = format_instant(*t);
    require(parse_instant(text) == t, "parse_instant(format_instant(x)) == x", text);
    require(in_business_range(*t), "accepted instants lie in the business range", text);
  }
  if (auto d = parse_date(s)) {
    const std::string text = format_date(*d);
    require(parse_date(text) == d, "parse_date(format_date(x)) == x", text);
  }
}

void money(std::string_view s) {
  if (auto fen = station_client::parse_yuan(s)) {
    const std::string text = station_client::format_yuan(*fen);
    auto back = station_client::parse_yuan(text);
    require(back && *back == *fen, "parse_yuan(format_yuan(x)) == x", text);
  }
  if (auto v = station_client::parse_decimal(s)) {
    const std::string text = station_client::format_decimal(*v);
    auto back = station_client::parse_decimal(text);
    require(back.ok(), "format_decimal output parses", text);
    require(station_client::format_decimal(*back) == text, "format_decimal is stable", text);
  }
}

void json(std::string_view s) {
  auto v = parse_json(s);
  if (!v) return;
  const std::string once = canonical_json(*v);  // throws on a non-finite number
  require(is_valid_utf8(once), "canonical JSON is UTF-8", once);
  auto again = parse_json(once);
  require(again.ok(), "canonical JSON parses", once);
  require(*again == *v, "canonical JSON reads back as the same value", once);
  require(canonical_json(*again) == once, "canonical JSON is a fixed point", once);
}

void enrolment_file(std::string_view s) {
  auto e = parse_enrolment(s);
  if (!e) return;
  std::string host;
  unsigned short port = 0;
  require(parse_https_url(e->hub_url, host, port), "an accepted enrolment's hub_url is one the sync can use",
          e->hub_url);
  const std::string text = to_json_text(*e);
  auto back = parse_enrolment(text);
  require(back.ok(), "to_json_text(enrolment) parses", text);
  require(to_json_text(*back) == text, "enrolment round trip", text);
}

void config_file(std::string_view s) {
  static const auto path =
      std::filesystem::temp_directory_path() / ("cunzhan-fuzz-config-" + std::to_string(getpid()));
  std::ofstream(path, std::ios::binary | std::ios::trunc) << s;
  hub::hub_config c;
  if (load_config_file(c, path.string())) (void)validate(c);
}

void compression(std::string_view s) {
  for (auto e : {content_encoding::zstd, content_encoding::gzip, content_encoding::identity}) {
    auto out = decompress(e, s, 1 << 20);
    if (out) require(out->size() <= (1 << 20), "decompress keeps its output limit");
  }
  auto z = decompress(content_encoding::zstd, zstd_compress(s), s.size() + 1);
  require(z && *z == s, "zstd round trip");
  auto g = decompress(content_encoding::gzip, gzip_compress(s), s.size() + 1);
  require(g && *g == s, "gzip round trip");
  if (s.size() > 1) {
    auto cut = decompress(content_encoding::zstd, zstd_compress(s), s.size() - 1);
    require(!cut.ok(), "output over the limit is refused (zstd)");
  }
}

void tokens(std::string_view s) {
  if (auto t = hub::parse_token(s)) {
    require(t->token_id.size() == 16 && t->secret.size() == 32, "a parsed token has its shape");
  }
  (void)hub::bearer_of(s);
}

void phones(std::string_view s) {
  const std::string n = normalize_mobile(s);
  if (is_mobile_number(n)) {
    require(normalize_mobile(n) == n, "normalize_mobile is idempotent", n);
    const std::string m = mask_phone(n);
    require(m.size() == n.size() && m.substr(3, 4) == "****", "the mask hides the middle four digits", m);
  }
  (void)mask_phone(s);
}

void periods(std::string_view s) {
  const auto bar = s.find('|');
  std::optional<std::string> text, from, to;
  if (bar == std::string_view::npos) {
    text = std::string(s);
  } else {
    from = std::string(s.substr(0, bar));
    to = std::string(s.substr(bar + 1));
  }
  auto p = hub::kpi::parse_period(text, from, to);
  if (!p) return;
  require(p->start <= p->end, "a period starts before it ends", p->label);
  auto again = hub::kpi::parse_period(
      p->label.find("..") == std::string::npos ? std::optional(p->label) : std::nullopt,
      p->label.find("..") == std::string::npos ? std::nullopt : std::optional(format_date(p->start)),
      p->label.find("..") == std::string::npos ? std::nullopt : std::optional(format_date(p->end)));
  require(again && again->start == p->start && again->end == p->end, "a period's label parses back",
          p->label);
  (void)p->previous();
  (void)p->year_earlier();
}

void urls(std::string_view s) {
  std::string host;
  unsigned short port = 0;
  if (!parse_https_url(s, host, port)) return;
  const bool v6 = host.find(':') != std::string::npos;
  const std::string back = "https://" + (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
  std::string host2;
  unsigned short port2 = 0;
  require(parse_https_url(back, host2, port2) && host2 == host && port2 == port, "URL round trip", back);
}

void divisions(std::string_view s) {
  if (auto d = division_code::parse(s)) (void)d;
  (void)is_county_code(s);
  (void)is_administrative_village_code(s);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string_view s = fuzz::as_text(data + 1, size - 1);
  switch (data[0] % 11) {
    case 0: instants(s); break;
    case 1: money(s); break;
    case 2: json(s); break;
    case 3: enrolment_file(s); break;
    case 4: config_file(s); break;
    case 5: compression(s); break;
    case 6: tokens(s); break;
    case 7: phones(s); break;
    case 8: periods(s); break;
    case 9: urls(s); break;
    case 10: divisions(s); break;
  }
  return 0;
}
