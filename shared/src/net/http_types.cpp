// Small helpers on the plain HTTP values: header lookup, percent-decoding, query parsing.
#include "cunzhan/net/http_types.hpp"

#include "cunzhan/net/https_client.hpp"
#include "cunzhan/shared/text.hpp"

#include <charconv>

namespace cunzhan::net {
namespace {

const std::string* find_header(const header_list& hs, std::string_view name) {
  for (const auto& [k, v] : hs) {
    if (k.size() != name.size()) continue;
    bool same = true;
    for (std::size_t i = 0; i < k.size() && same; ++i) {
      char a = k[i], b = name[i];
      if (a >= 'A' && a <= 'Z') a = static_cast<char>(a - 'A' + 'a');
      if (b >= 'A' && b <= 'Z') b = static_cast<char>(b - 'A' + 'a');
      same = a == b;
    }
    if (same) return &v;
  }
  return nullptr;
}

}  // namespace

const std::string* request_head::header(std::string_view name) const { return find_header(headers, name); }

const std::string* http_response::header(std::string_view name) const { return find_header(headers, name); }

bool percent_decode(std::string_view in, std::string& out, bool plus_as_space) {
  out.clear();
  out.reserve(in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (c == '%') {
      if (i + 2 >= in.size()) return false;
      int hi = hex_value(in[i + 1]), lo = hex_value(in[i + 2]);
      if (hi < 0 || lo < 0) return false;
      out.push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    } else if (c == '+' && plus_as_space) {
      out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  return true;
}

bool parse_query(std::string_view qs, std::map<std::string, std::string>& out) {
  while (!qs.empty()) {
    std::size_t amp = qs.find('&');
    std::string_view part = qs.substr(0, amp);
    qs = amp == std::string_view::npos ? std::string_view{} : qs.substr(amp + 1);
    if (part.empty()) continue;
    std::size_t eq = part.find('=');
    std::string k, v;
    if (!percent_decode(part.substr(0, eq), k, true)) return false;
    if (eq != std::string_view::npos && !percent_decode(part.substr(eq + 1), v, true)) return false;
    out[std::move(k)] = std::move(v);
  }
  return true;
}

}  // namespace cunzhan::net
