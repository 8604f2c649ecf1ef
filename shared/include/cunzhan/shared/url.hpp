// The hub's base URL, "https://host[:port][/]": one parser for `station init` (which
// refuses a URL the sync could not use), `hub enroll` and the sync's connection.
#pragma once
#include <string>
#include <string_view>

namespace cunzhan {

// Parses into host (without brackets for [IPv6]) and port (default 443). False when
// malformed: another scheme, a path, an empty host, a host with characters no DNS name
// or IP address has, a port that is not 1-65535.
bool parse_https_url(std::string_view url, std::string& host, unsigned short& port);

}  // namespace cunzhan
