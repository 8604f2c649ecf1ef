// Building JSON replies and mapping error codes to HTTP statuses.
#include "http/http_reply.hpp"

#include <boost/json.hpp>

#include "cunzhan/shared/text.hpp"

namespace cunzhan::hub {

net::http_response json_reply(int status, const boost::json::value& body) {
  net::http_response r;
  r.status = status;
  r.body = boost::json::serialize(body);
  // Strings from a request (an op id, a field value in a message) may hold any bytes;
  // outside strings JSON is ASCII, so replacing bad bytes keeps the body valid JSON.
  if (!is_valid_utf8(r.body)) r.body = to_valid_utf8(r.body);
  return r;
}

net::http_response error_reply(int status, errc code, const std::string& en, const std::string& zh) {
  const std::string msg_en = en.empty() ? std::string(message(code, lang::en)) : en;
  const std::string msg_zh = zh.empty() ? std::string(message(code, lang::zh)) : zh;
  boost::json::object e{{"code", code_name(code)}, {"message", msg_en}, {"message_zh", msg_zh}};
  return json_reply(status, boost::json::object{{"error", std::move(e)}});
}

int http_status_for(errc code) {
  switch (code) {
    case errc::unauthorized: return 401;
    case errc::forbidden: return 403;
    case errc::not_found: return 404;
    case errc::already_exists:
    case errc::op_conflict: return 409;
    case errc::payload_too_large:
    case errc::batch_too_large: return 413;
    case errc::unsupported_media_type:
    case errc::unsupported_encoding: return 415;
    case errc::validation_failed:
    case errc::invalid_field: return 422;
    case errc::too_many_requests: return 429;
    case errc::db_busy:
    case errc::disk_full:  // the station keeps its ops and tries again later
    case errc::unavailable: return 503;
    case errc::db_io_error:
    case errc::db_error:
    case errc::db_corrupt:
    case errc::server_error:
    case errc::io_error: return 500;
    default: return 400;
  }
}

net::http_response error_reply(const error& e) {
  auto r = error_reply(http_status_for(e.code), e.code, e.describe(lang::en), e.describe(lang::zh));
  // Space is freed by staff, not in a second: stations come back in a few minutes.
  if (e.code == errc::disk_full) r.headers.emplace_back("retry-after", "300");
  return r;
}

}  // namespace cunzhan::hub
