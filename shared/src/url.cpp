// The hub's base URL (url.hpp).
#include "cunzhan/shared/url.hpp"

#include <charconv>

namespace cunzhan {
namespace {

// A DNS name or IPv4 address: letters, digits, '-', '.'; an IPv6 address: hex digits,
// ':' and '.'. Anything else (spaces, '@', braces, percent escapes) can never connect.
bool host_chars_ok(std::string_view h, bool ipv6) {
  for (const char c : h) {
    const bool alnum = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    if (ipv6 ? !(alnum || c == ':' || c == '.') : !(alnum || c == '-' || c == '.')) return false;
  }
  return true;
}

}  // namespace

bool parse_https_url(std::string_view url, std::string& host, unsigned short& port) {
  std::string_view u = url;
  constexpr std::string_view scheme = "https://";
  if (u.substr(0, scheme.size()) != scheme) return false;
  u.remove_prefix(scheme.size());
  if (std::size_t slash = u.find('/'); slash != std::string_view::npos) {
    if (u.substr(slash) != "/") return false;  // a base URL only, no path
    u = u.substr(0, slash);
  }
  std::string_view h = u, p;
  const bool ipv6 = !u.empty() && u.front() == '[';
  if (ipv6) {  // [IPv6]:port
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
  if (h.empty() || !host_chars_ok(h, ipv6)) return false;
  unsigned value = 443;
  if (!p.empty()) {
    auto [ptr, ec] = std::from_chars(p.data(), p.data() + p.size(), value);
    if (ec != std::errc{} || ptr != p.data() + p.size() || value == 0 || value > 65535) return false;
  }
  host = std::string(h);
  port = static_cast<unsigned short>(value);
  return true;
}

}  // namespace cunzhan
