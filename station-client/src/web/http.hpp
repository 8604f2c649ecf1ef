// HTTP plumbing of the web app: form bodies (urlencoded and multipart), cookies, and the
// few kinds of response the pages send (HTML, redirect, download, JSON, refusal), each
// with the security headers every response carries.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cunzhan/net/http_types.hpp"

namespace cunzhan::station_client::web {

// Submitted fields in order; a name may repeat (checkbox lists).
struct form {
  std::vector<std::pair<std::string, std::string>> fields;

  const std::string& get(std::string_view name) const;  // first value, "" when absent
  bool has(std::string_view name) const;
  std::vector<std::string> all(std::string_view name) const;
  void set(std::string name, std::string value);  // replaces every value of name
};

struct upload {
  std::string field;     // form field name
  std::string filename;  // as the browser sent it
  std::string data;
};

// application/x-www-form-urlencoded → form; false on a malformed escape.
bool parse_urlencoded(std::string_view body, form& out);
// multipart/form-data: plain fields into out, file parts into files. False when the
// body does not follow the boundary of content_type.
bool parse_multipart(std::string_view content_type, std::string_view body, form& out,
                     std::vector<upload>& files);

// The value of one cookie ("" when absent).
std::string cookie(const net::request_head& r, std::string_view name);
// "name=value; Path=/; HttpOnly; SameSite=Strict" (+ Max-Age when max_age_s > 0).
std::string set_cookie(std::string_view name, std::string_view value, bool http_only, long max_age_s = 0);

net::http_response html_response(int status, std::string body);
// 303 See Other: post/redirect/get after a successful write.
net::http_response redirect(std::string location);
net::http_response json_response(std::string body);
net::http_response download(std::string body, std::string_view content_type, std::string_view filename);
net::http_response asset(std::string_view body, std::string_view content_type);
// A small self-contained page for refusals (403/404/413), in both languages.
net::http_response refusal(int status, std::string_view zh, std::string_view en);

// Query-string and form encoding for links we build.
std::string url_encode(std::string_view s);

}  // namespace cunzhan::station_client::web
