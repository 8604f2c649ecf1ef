// The province role's HTTP application (`hub serve` on a province data directory): county
// hubs submit their monthly reports, province staff read the views and the dashboard.
// Admission refuses on the header alone (route, verb, token, length, type), as the county
// hub's router does, so a refused upload costs no body bandwidth.
#pragma once
#include <memory>
#include <optional>

#include "cunzhan/hub/province/province_store.hpp"
#include "cunzhan/net/https_server.hpp"
#include "cunzhan/shared/clock.hpp"
#include "province/province_metrics.hpp"

namespace cunzhan::hub::province {

struct caller;  // who is calling (province_router.cpp)

class province_router : public net::http_handler {
 public:
  explicit province_router(province_store& store, const clock_source& clock = real_clock())
      : store_(store), clock_(clock) {}

  std::optional<net::http_response> admit(const net::request_head& head) override;
  std::size_t body_limit(const net::request_head& head) override;
  net::http_response handle(net::http_request&& req) override;

 private:
  std::optional<net::http_response> precheck(const net::request_head& head, std::optional<caller>& who);
  net::http_response respond(net::http_request& req);
  province_store& store_;
  const clock_source& clock_;
  province_metrics metrics_;
};

}  // namespace cunzhan::hub::province
