// The route handlers behind the routing table, as free functions over a shared context.
#pragma once
#include <functional>

#include "cunzhan/hub/auth.hpp"
#include "cunzhan/hub/metrics.hpp"
#include "cunzhan/hub/router.hpp"
#include "cunzhan/hub/storage.hpp"
#include "cunzhan/net/http_types.hpp"

namespace cunzhan::hub {

struct route_context {
  storage& store;
  const router_options& opts;
  metrics& m;
  const std::function<net::server_stats()>& server_stats;
  kpi::report_cache& reports;
  const clock_source& clock;  // the time every handler reads
};

// One signature for the table. `who` is null only on routes without auth; otherwise the
// router has checked it is the kind the route requires.
using route_fn = net::http_response (*)(route_context& c, const principal* who, net::http_request& req);

net::http_response handle_push(route_context& c, const principal* who, net::http_request& req);
net::http_response handle_pull(route_context& c, const principal* who, net::http_request& req);
net::http_response handle_health(route_context& c, const principal* who, net::http_request& req);
net::http_response handle_metrics(route_context& c, const principal* who, net::http_request& req);

}  // namespace cunzhan::hub
