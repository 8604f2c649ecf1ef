// Form parsing, cookies and response builders for the web app (see http.hpp).
#include "http.hpp"

#include <cctype>

#include "cunzhan/shared/text.hpp"
#include "html.hpp"

namespace cunzhan::station_client::web {
namespace {

// Every response: no framing by other sites, no sniffing, nothing from elsewhere
// (styles and scripts only from this app: no inline code, so an injected <script> is inert).
void add_security_headers(net::http_response& r) {
  r.headers.emplace_back("Content-Security-Policy",
                         "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
                         "form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
  r.headers.emplace_back("X-Frame-Options", "DENY");
  r.headers.emplace_back("X-Content-Type-Options", "nosniff");
  r.headers.emplace_back("Referrer-Policy", "same-origin");
}

net::http_response make(int status, std::string content_type, std::string body, bool cacheable = false) {
  net::http_response r;
  r.status = status;
  r.content_type = std::move(content_type);
  // A page, refusal or JSON answer may show what a request held (a refused value, an
  // exception's text); it stays UTF-8 whatever bytes that was.
  const bool text = r.content_type.starts_with("text/html") || r.content_type.starts_with("application/json");
  r.body = text && !is_valid_utf8(body) ? to_valid_utf8(body) : std::move(body);
  add_security_headers(r);
  // Pages show live data (and carry the CSRF token): never from a cache.
  r.headers.emplace_back("Cache-Control", cacheable ? "max-age=86400" : "no-store");
  return r;
}

// The value of `key="..."` (or key=token) in a header parameter list.
std::string header_param(std::string_view header, std::string_view key) {
  for (const auto& part : split(header, ';')) {
    std::string_view p = trim(part);
    if (p.size() <= key.size() || p.substr(0, key.size()) != key || p[key.size()] != '=') continue;
    std::string_view v = p.substr(key.size() + 1);
    if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
    return std::string(v);
  }
  return "";
}

}  // namespace

const std::string& form::get(std::string_view name) const {
  static const std::string empty;
  for (const auto& [k, v] : fields) {
    if (k == name) return v;
  }
  return empty;
}

bool form::has(std::string_view name) const {
  for (const auto& f : fields) {
    if (f.first == name) return true;
  }
  return false;
}

std::vector<std::string> form::all(std::string_view name) const {
  std::vector<std::string> out;
  for (const auto& [k, v] : fields) {
    if (k == name) out.push_back(v);
  }
  return out;
}

void form::set(std::string name, std::string value) {
  std::erase_if(fields, [&](const auto& f) { return f.first == name; });
  fields.emplace_back(std::move(name), std::move(value));
}

bool parse_urlencoded(std::string_view body, form& out) {
  for (const auto& pair : split(body, '&')) {
    if (pair.empty()) continue;
    const auto eq = pair.find('=');
    std::string k, v;
    if (!net::percent_decode(std::string_view(pair).substr(0, eq), k, true)) return false;
    if (eq != std::string::npos && !net::percent_decode(std::string_view(pair).substr(eq + 1), v, true))
      return false;
    out.fields.emplace_back(std::move(k), std::move(v));
  }
  return true;
}

bool parse_multipart(std::string_view content_type, std::string_view body, form& out,
                     std::vector<upload>& files) {
  const std::string boundary = header_param(content_type, "boundary");
  if (boundary.empty() || boundary.size() > 200) return false;
  const std::string delim = "--" + boundary;
  if (!body.starts_with(delim)) return false;
  std::size_t pos = delim.size();
  for (;;) {
    if (body.substr(pos, 2) == "--") return true;  // closing delimiter
    if (body.substr(pos, 2) != "\r\n") return false;
    pos += 2;
    const std::size_t head_end = body.find("\r\n\r\n", pos);
    if (head_end == std::string_view::npos) return false;
    const std::string_view head = body.substr(pos, head_end - pos);
    const std::size_t data_start = head_end + 4;
    const std::size_t next = body.find("\r\n" + delim, data_start);
    if (next == std::string_view::npos) return false;
    std::string name, filename;
    bool is_file = false;
    for (const auto& line : split(head, '\n')) {
      std::string_view l = trim(line);
      if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
      const auto colon = l.find(':');
      if (colon == std::string_view::npos) continue;
      std::string key = to_upper_ascii(trim(l.substr(0, colon)));
      if (key != "CONTENT-DISPOSITION") continue;
      const std::string_view value = l.substr(colon + 1);
      name = header_param(value, "name");
      is_file = value.find("filename=") != std::string_view::npos;
      filename = header_param(value, "filename");
    }
    std::string data(body.substr(data_start, next - data_start));
    if (is_file)
      files.push_back({std::move(name), std::move(filename), std::move(data)});
    else if (!name.empty())
      out.fields.emplace_back(std::move(name), std::move(data));
    pos = next + 2 + delim.size();
  }
}

std::string cookie(const net::request_head& r, std::string_view name) {
  const std::string* h = r.header("cookie");
  if (!h) return "";
  for (const auto& part : split(*h, ';')) {
    const std::string_view kv = trim(part);
    const auto eq = kv.find('=');
    if (eq != std::string_view::npos && trim(kv.substr(0, eq)) == name)
      return std::string(trim(kv.substr(eq + 1)));
  }
  return "";
}

std::string set_cookie(std::string_view name, std::string_view value, bool http_only, long max_age_s) {
  std::string c = std::string(name) + "=" + std::string(value) + "; Path=/; SameSite=Strict";
  if (http_only) c += "; HttpOnly";
  if (max_age_s > 0) c += "; Max-Age=" + std::to_string(max_age_s);
  return c;
}

net::http_response html_response(int status, std::string body) {
  return make(status, "text/html; charset=utf-8", std::move(body));
}

net::http_response redirect(std::string location) {
  auto r = make(303, "text/plain; charset=utf-8", "");
  r.headers.emplace_back("Location", std::move(location));
  return r;
}

net::http_response json_response(std::string body) {
  return make(200, "application/json; charset=utf-8", std::move(body));
}

net::http_response download(std::string body, std::string_view content_type, std::string_view filename) {
  auto r = make(200, std::string(content_type), std::move(body));
  // RFC 6266/5987: an ASCII fallback and the UTF-8 name for browsers that read it.
  r.headers.emplace_back("Content-Disposition",
                         "attachment; filename=\"export.csv\"; filename*=UTF-8''" + url_encode(filename));
  return r;
}

net::http_response asset(std::string_view body, std::string_view content_type) {
  return make(200, std::string(content_type), std::string(body), /*cacheable=*/true);
}

net::http_response refusal(int status, std::string_view zh, std::string_view en) {
  std::string b = "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>" +
                  std::to_string(status) + "</title></head><body><h1>" + esc(zh) + "</h1><p>" + esc(en) +
                  "</p><p><a href=\"/\">返回首页 / Home</a></p></body></html>";
  return make(status, "text/html; charset=utf-8", std::move(b));
}

std::string url_encode(std::string_view s) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char ch : s) {
    if (std::isalnum(ch) || ch == '-' || ch == '_' || ch == '.' || ch == '~') {
      out.push_back(static_cast<char>(ch));
    } else {
      out.push_back('%');
      out.push_back(hex[ch >> 4]);
      out.push_back(hex[ch & 15]);
    }
  }
  return out;
}

}  // namespace cunzhan::station_client::web
