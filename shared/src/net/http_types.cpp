// Small helpers on the plain HTTP values: header lookup, percent-decoding, query and URL parsing.
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

const std::string* request_head::header(std::string_view name) const {
  return find_header(headers, name);
}

const std::string* http_response::header(std::string_view name) const {
  return find_header(headers, name);
}

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

bool parse_https_url(const std::string& url, std::string& host, unsigned short& port) {
  std::string_view u = url;
  constexpr std::string_view scheme = "https://";
  if (u.substr(0, scheme.size()) != scheme) return false;
  u.remove_prefix(scheme.size());
  if (std::size_t slash = u.find('/'); slash != std::string_view::npos) {
    if (u.substr(slash) != "/") return false;  // a base URL only, no path
    u = u.substr(0, slash);
  }
  std::string_view h = u, p;
  if (!u.empty() && u.front() == '[') {  // [IPv6]:port
    std::size_t close = u.find(']');
    if (close == std::string_view::npos) return false;
    h = u.substr(1, close - 1);
    std::string_view rest = u.substr(close + 1);
    if (!rest.empty()) {
      if (rest.front() != ':') return false;
      p = rest.substr(1);
      if (p.empty()) return false;
    }
  } else if (std::size_t colon = u.rfind(':'); colon != std::string_view::npos) {
    h = u.substr(0, colon);
    p = u.substr(colon + 1);
    if (p.empty()) return false;
  }
  if (h.empty()) return false;
  unsigned value = 443;
  if (!p.empty()) {
    auto [ptr, ec] = std::from_chars(p.data(), p.data() + p.size(), value);
    if (ec != std::errc{} || ptr != p.data() + p.size() || value == 0 || value > 65535) return false;
  }
  host = std::string(h);
  port = static_cast<unsigned short>(value);
  return true;
}

}  // namespace cunzhan::net
