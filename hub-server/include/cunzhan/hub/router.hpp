// The hub's HTTP application: a constant routing table {path, verb, who may call,
// handler}. admit() refuses on the header alone (404, 405, 401, 403, 411, 413, 415) so no
// body byte of an unauthorised request is read; handle() runs the route.
#pragma once
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>

#include "cunzhan/hub/auth.hpp"
#include "cunzhan/hub/ingest.hpp"
#include "cunzhan/hub/metrics.hpp"
#include "cunzhan/hub/router_options.hpp"
#include "cunzhan/net/https_server.hpp"
#include "cunzhan/shared/clock.hpp"
#include "cunzhan/shared/json_util.hpp"

namespace cunzhan::hub {

struct route;   // an entry of the routing table (router.cpp)
class storage;  // storage.hpp
namespace kpi {
class report_cache;  // report/report_cache.hpp
}

class router : public net::http_handler {
 public:
  // `server_stats` feeds /metrics (may be empty, e.g. in unit tests). `clock` is the time
  // every route reads (sessions, sync stamps, today's KPIs); tests pass a test_clock.
  router(storage& store, router_options opts, std::shared_ptr<metrics> m,
         std::function<net::server_stats()> server_stats = {}, const clock_source& clock = real_clock());
  ~router() override;

  std::optional<net::http_response> admit(const net::request_head& head) override;
  net::http_response handle(net::http_request&& req) override;
  // The route's own body limit (4 KiB for the sign-in form), so it bounds the body after
  // decompression too; 0 (the server's max-body-bytes) for the rest.
  std::size_t body_limit(const net::request_head& head) override;
  // Counts requests the network layer refused (431, 413, 415, framing 400) under the
  // route pattern their path matches, or "other".
  void refused(const net::request_head* head, int status) override;

  metrics& stats() { return *metrics_; }

 private:
  // Route lookup, auth and content checks shared by admit() and handle(): a response
  // when the request is refused, else nullopt with the route and the caller filled in.
  std::optional<net::http_response> precheck(const net::request_head& head, const route*& r,
                                             std::optional<principal>& who, std::string& label);
  // A reply of the storage group (db_error, disk_full, ...): logged with route, station
  // and SQLite code, and counted in /metrics; an unconfirmed "corrupt" is not passed on.
  void note_storage_error(const std::string& label, const principal* who, net::http_response& res);

  storage& store_;
  router_options opts_;
  std::shared_ptr<metrics> metrics_;
  std::function<net::server_stats()> server_stats_;
  const clock_source& clock_;
  std::unique_ptr<kpi::report_cache> reports_;  // shared by the KPI routes and the dashboard
};

}  // namespace cunzhan::hub
