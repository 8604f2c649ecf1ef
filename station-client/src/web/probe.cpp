// station_serving_at (see web.hpp): one short plain-HTTP request on loopback.
#include "cunzhan/net/https_client.hpp"
#include "cunzhan/station/web.hpp"

namespace cunzhan::station_client {

bool station_serving_at(unsigned short port) {
  net::client_options o;
  o.tls = false;
  o.port = port;
  o.connect_timeout = std::chrono::seconds(2);
  o.io_timeout = std::chrono::seconds(5);
  o.max_response_bytes = 4096;
  net::https_client client(o);
  auto r = client.request("GET", "/ping", {{"Host", "127.0.0.1:" + std::to_string(port)}}, "");
  return r && r->status == 200 && r->body.find("\"app\":\"cunzhan-station\"") != std::string::npos;
}

}  // namespace cunzhan::station_client
