// Plain HTTP request/response values handed between the network layer and the
// application (hub router, station web app). No Beast types leak past this header.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cunzhan::net {

using header_list = std::vector<std::pair<std::string, std::string>>;  // names lower-case

struct request_head {
  std::string method;                        // "GET", "POST", ...
  std::string target;                        // "/v1/sync/pull?since=x"
  std::string path;                          // "/v1/sync/pull" (percent-decoded)
  std::map<std::string, std::string> query;  // percent-decoded
  header_list headers;
  std::optional<std::size_t> content_length;
  std::string peer;  // "127.0.0.1:53412"

  // First header with that (lower-case) name, or nullptr.
  const std::string* header(std::string_view name) const;
};

struct http_request : request_head {
  std::string body;            // already decompressed per Content-Encoding
  std::size_t wire_bytes = 0;  // body bytes as received (compressed)
};

struct http_response {
  int status = 200;
  std::string content_type = "application/json; charset=utf-8";
  header_list headers;  // extra headers (Set-Cookie, Retry-After, ...)
  std::string body;
  std::size_t wire_bytes = 0;  // client side: body bytes as received

  const std::string* header(std::string_view name) const;
};

// Percent-decoding for paths and query strings; false on a malformed escape.
bool percent_decode(std::string_view in, std::string& out, bool plus_as_space);
// Splits "a=1&b=2" into a map (last one wins). False on malformed escapes.
bool parse_query(std::string_view qs, std::map<std::string, std::string>& out);

}  // namespace cunzhan::net
