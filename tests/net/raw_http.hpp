// Reading raw HTTP/1.1 responses back to back, as a client that pipelined its requests
// sees them: where one response's header ends is where its body (or, after a HEAD, the
// next response) must begin.
#pragma once
#include <cctype>
#include <cstddef>
#include <map>
#include <optional>
#include <string>

namespace cunzhan::test {

struct raw_response {
  int status = 0;
  std::map<std::string, std::string> headers;  // names lower-case; last one wins
  std::size_t body_at = 0;                     // offset of the first byte after the header

  std::size_t content_length() const {
    auto it = headers.find("content-length");
    return it == headers.end() ? 0 : std::stoul(it->second);
  }
};

// The response header starting at `at` in `bytes`; nullopt when `bytes` does not hold a
// status line and a complete header there.
inline std::optional<raw_response> response_at(const std::string& bytes, std::size_t at) {
  if (bytes.compare(at, 9, "HTTP/1.1 ") != 0) return std::nullopt;
  const auto end = bytes.find("\r\n\r\n", at);
  if (end == std::string::npos) return std::nullopt;
  raw_response r;
  r.status = std::stoi(bytes.substr(at + 9, 3));
  std::size_t line = bytes.find("\r\n", at) + 2;
  while (line < end + 2) {
    const auto eol = bytes.find("\r\n", line);
    const std::string h = bytes.substr(line, eol - line);
    const auto colon = h.find(':');
    if (colon != std::string::npos) {
      std::string name = h.substr(0, colon);
      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      std::string value = h.substr(colon + 1);
      while (!value.empty() && value.front() == ' ') value.erase(0, 1);
      r.headers[name] = value;
    }
    line = eol + 2;
  }
  r.body_at = end + 4;
  return r;
}

}  // namespace cunzhan::test
