// County enrolment file: fixed key order when written, every field checked when read.
#include "province/county_enrolment.hpp"

#include <boost/json.hpp>

#include "cunzhan/hub/auth.hpp"
#include "cunzhan/shared/division_code.hpp"
#include "cunzhan/shared/json_util.hpp"
#include "cunzhan/shared/url.hpp"

namespace cunzhan::hub::province {

namespace json = boost::json;

std::string to_json_text(const county_enrolment& e) {
  json::object o;
  o["format"] = k_county_enrolment_format;
  o["province_url"] = e.province_url;
  if (!e.server_name.empty()) o["server_name"] = e.server_name;
  o["ca_pem"] = e.ca_pem;
  o["province_code"] = e.province_code;
  o["county_code"] = e.county_code;
  o["token"] = e.token;
  return json::serialize(o) + "\n";
}

result<county_enrolment> parse_county_enrolment(std::string_view text) {
  json_limits lim;
  lim.max_depth = 4;
  lim.max_bytes = 1 << 20;
  auto parsed = parse_json(text, lim);
  if (!parsed || !parsed->is_object()) {
    return error(errc::enrolment_invalid, "the county enrolment file is not a JSON object",
                 "区县登记文件不是有效的 JSON 对象");
  }
  const auto& o = parsed->as_object();
  std::string en, zh;
  const auto get = [&](const char* key, bool required) {
    const auto* v = o.if_contains(key);
    if (v != nullptr && v->is_string() && !v->as_string().empty()) return std::string(v->as_string());
    if (required) {
      en += std::string(en.empty() ? "" : "; ") + key + ": missing or not a text";
      zh += std::string(zh.empty() ? "" : "；") + key + "：缺失或不是文本";
    }
    return std::string();
  };
  const auto bad = [&](bool good, const char* key, const char* why_en, const char* why_zh) {
    if (good) return;
    en += std::string(en.empty() ? "" : "; ") + key + ": " + why_en;
    zh += std::string(zh.empty() ? "" : "；") + key + "：" + why_zh;
  };
  county_enrolment e;
  const std::string format = get("format", true);
  e.province_url = get("province_url", true);
  e.server_name = get("server_name", false);
  e.ca_pem = get("ca_pem", true);
  e.province_code = get("province_code", true);
  e.county_code = get("county_code", true);
  e.token = get("token", true);
  bad(format.empty() || format == k_county_enrolment_format, "format", "must be cunzhan-county-enrolment/1",
      "应为 cunzhan-county-enrolment/1");
  std::string host;
  unsigned short port = 0;
  bad(e.province_url.empty() || parse_https_url(e.province_url, host, port), "province_url",
      "must be https://HOST[:PORT]", "应为 https://主机[:端口]");
  bad(e.ca_pem.empty() || e.ca_pem.find("-----BEGIN CERTIFICATE-----") != std::string::npos, "ca_pem",
      "is not a PEM certificate", "不是 PEM 证书");
  bad(e.county_code.empty() || is_county_code(e.county_code), "county_code", "must be a 6-digit county code",
      "应为 6 位区县代码");
  const auto tok = parse_token(e.token);
  bad(e.token.empty() || (tok && tok->kind == token_kind::county), "token", "is not a county token (ct_…)",
      "不是区县令牌（ct_…）");
  if (!en.empty()) {
    return error(errc::enrolment_invalid, "county enrolment file: " + en, "区县登记文件：" + zh);
  }
  return e;
}

}  // namespace cunzhan::hub::province
