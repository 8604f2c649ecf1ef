// JSON responses and the error body of the wire contract, with errc → HTTP status.
#pragma once
#include <boost/json/value.hpp>

#include "cunzhan/net/http_types.hpp"
#include "cunzhan/shared/result.hpp"

namespace cunzhan::hub {

net::http_response json_reply(int status, const boost::json::value& body);
// {"error": {"code", "message", "message_zh"}} with the given status.
net::http_response error_reply(int status, errc code, const std::string& en, const std::string& zh);
// Same, with the status chosen from the code (400, 401, 403, 404, 413, 415, 503, 500...).
net::http_response error_reply(const error& e);
int http_status_for(errc code);

}  // namespace cunzhan::hub
