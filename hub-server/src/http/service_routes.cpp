// GET /v1/health (no auth: load balancers and the station's "can I reach the hub" check)
// and GET /metrics (staff token: Prometheus scrapes with a bearer token).
#include <boost/json.hpp>

#include "cunzhan/shared/time.hpp"
#include "http/http_reply.hpp"
#include "http/routes.hpp"

namespace cunzhan::hub {

net::http_response handle_health(route_context& c, const principal*, net::http_request&) {
  if (auto s = c.store.check_readable(); !s) {
    return error_reply(503, errc::unavailable, s.err().describe(lang::en), s.err().describe(lang::zh));
  }
  return json_reply(200,
                    boost::json::object{{"status", "ok"}, {"server_time", format_instant(c.clock.now())}});
}

net::http_response handle_metrics(route_context& c, const principal*, net::http_request&) {
  net::http_response res;
  res.content_type = "text/plain; version=0.0.4; charset=utf-8";
  if (c.server_stats) {
    const auto s = c.server_stats();
    res.body = c.m.render(&s);
  } else {
    res.body = c.m.render(nullptr);
  }
  return res;
}

}  // namespace cunzhan::hub
