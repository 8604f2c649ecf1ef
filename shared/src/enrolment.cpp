// The enrolment file handed from `hub enroll` to `station init`: writing it as
// readable JSON and reading it back with every bad or missing field reported at once.
#include "cunzhan/shared/enrolment.hpp"

#include <boost/json/serialize.hpp>

#include "cunzhan/shared/division_code.hpp"
#include "cunzhan/shared/json_util.hpp"
#include "cunzhan/shared/model.hpp"
#include "cunzhan/shared/url.hpp"
#include "cunzhan/shared/uuid.hpp"
#include "required_reader.hpp"

namespace cunzhan {

namespace json = boost::json;

namespace {

constexpr std::string_view pem_begin = "-----BEGIN CERTIFICATE-----";
constexpr std::string_view pem_end = "-----END CERTIFICATE-----";

// The sync's own parser decides: a URL it would refuse is refused here, at `station init`.
bool is_https_url(std::string_view url) {
  std::string host;
  unsigned short port = 0;
  return parse_https_url(url, host, port);
}

bool looks_like_pem(std::string_view pem) {
  const auto b = pem.find(pem_begin);
  return b != std::string_view::npos && pem.find(pem_end, b + pem_begin.size()) != std::string_view::npos;
}

// A required string that must also be non-empty (empty when missing or wrong).
std::string non_empty(detail::required_reader& r, std::string_view key) {
  std::string s = r.text(key).value_or("");
  if (s.empty() && !r.has_error(key)) r.add(key, "must not be empty", "不能为空");
  return s;
}

// Adds `en`/`zh` for `key` when `good` is false, unless the key already has a problem.
void check(detail::required_reader& r, bool good, std::string_view key, const std::string& en,
           const std::string& zh) {
  if (!good && !r.has_error(key)) r.add(key, en, zh);
}

}  // namespace

std::string to_json_text(const enrolment& e) {
  // Fixed key order, one per line: the officer may open this file to check the station.
  std::vector<std::pair<std::string_view, const std::string*>> fields = {{"hub_url", &e.hub_url}};
  if (!e.server_name.empty()) fields.push_back({"server_name", &e.server_name});
  fields.insert(fields.end(), {{"ca_pem", &e.ca_pem},
                               {"station_id", &e.station_id},
                               {"station_name", &e.station_name},
                               {"village_code", &e.village_code},
                               {"kind", &e.kind},
                               {"token", &e.token}});
  std::string out = "{\n  \"format\": ";
  out += json::serialize(json::string_view(enrolment_format));
  for (const auto& [key, value] : fields) {
    out += ",\n  ";
    out += json::serialize(json::string_view(key));
    out += ": ";
    out += json::serialize(json::string_view(*value));
  }
  out += "\n}\n";
  return out;
}

result<enrolment> parse_enrolment(std::string_view json_text) {
  json_limits lim;
  lim.max_depth = 4;
  lim.max_bytes = 1 << 20;
  auto parsed = parse_json(json_text, lim);
  if (!parsed) {
    error e = std::move(parsed).err();
    return error(errc::enrolment_invalid, "the enrolment file is not valid JSON: " + e.detail_en,
                 "登记文件不是有效的 JSON：" + e.detail_zh);
  }
  const json::object* obj = parsed->if_object();
  if (obj == nullptr) {
    return error(errc::enrolment_invalid, "the enrolment file must hold a JSON object",
                 "登记文件必须是一个 JSON 对象");
  }
  detail::required_reader r(*obj);
  enrolment e;
  const std::string format = non_empty(r, "format");
  check(r, format == enrolment_format, "format",
        "must be \"" + std::string(enrolment_format) + "\" (file from another version?)",
        "必须是 \"" + std::string(enrolment_format) + "\"（文件来自其他版本？）");
  e.hub_url = non_empty(r, "hub_url");
  check(r, is_https_url(e.hub_url), "hub_url",
        "must be https://HOST[:PORT] (no path, a port from 1 to 65535)",
        "必须是 https://主机[:端口] 格式（不带路径，端口 1 到 65535）");
  e.server_name = r.optional_text("server_name");
  e.ca_pem = non_empty(r, "ca_pem");
  check(r, looks_like_pem(e.ca_pem), "ca_pem", "must be a PEM certificate (BEGIN/END CERTIFICATE)",
        "必须是 PEM 格式的证书（BEGIN/END CERTIFICATE）");
  e.station_id = non_empty(r, "station_id");
  check(r, is_uuid(e.station_id), "station_id", "must be a UUID", "必须是 UUID");
  e.station_name = non_empty(r, "station_name");
  e.village_code = non_empty(r, "village_code");
  check(r, e.village_code.size() == 12 && division_code::parse(e.village_code).has_value(), "village_code",
        "must be a 12-digit division code", "必须是 12 位区划代码");
  // kind defaults to "village" for files written before it existed.
  if (obj->contains("kind")) {
    e.kind = non_empty(r, "kind");
    check(r, parse_station_kind(e.kind).has_value(), "kind", "must be village, township or county",
          "必须是 village、township 或 county");
  }
  e.token = non_empty(r, "token");
  if (!r.ok())
    return r.fail(errc::enrolment_invalid, "the enrolment file has bad fields", "登记文件中有错误的字段");
  return e;
}

}  // namespace cunzhan
