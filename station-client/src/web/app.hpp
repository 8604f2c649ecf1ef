// The web app as the net layer's request handler: who may talk to it (Host and Origin
// checks against DNS rebinding and cross-site requests), how big a request may be, the
// session cookie and CSRF check on every state-changing request, and the route table
// that hands each request to its page with the store held by one lock.
#pragma once
#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "cunzhan/net/https_server.hpp"
#include "cunzhan/station/store.hpp"
#include "cunzhan/station/web.hpp"
#include "pages.hpp"
#include "session.hpp"
#include "sync_runner.hpp"

namespace cunzhan::station_client::web {

class app : public net::http_handler {
 public:
  explicit app(web_options o);
  ~app() override;
  // Opens the store (creating an empty one on first start: then only the enrolment page
  // is served until the officer enrols) and the session secret.
  status open();
  // The port actually bound: Host and Origin are checked against it.
  void set_port(unsigned short p) { port_ = p; }

  std::optional<net::http_response> admit(const net::request_head& h) override;
  net::http_response handle(net::http_request&& r) override;
  std::size_t body_limit(const net::request_head& h) override;

 private:
  bool host_allowed(const net::request_head& h) const;
  std::optional<net::http_response> refuse_foreign(const net::request_head& h) const;
  net::http_response dispatch(net::http_request& r, lang language, const std::string& session_id);
  status refresh_store();
  status check_enrolled();  // with store_mu_ held
  bool enrolled();

  web_options opts_;
  std::atomic<unsigned short> port_{0};
  session_keys keys_;
  services svc_;
  std::unique_ptr<sync_runner> sync_;
  std::mutex store_mu_;  // pages run on the server's handler threads; the store is not shared
  std::unique_ptr<store> store_;
  std::string pull_cursor_;  // reference data seen by store_; reopened when a sync pulls more
  // Listening on every address (--listen 0.0.0.0 or ::): this machine's own IP addresses,
  // as a browser on another PC types them ("192.168.1.20:8765"). Only IP literals:
  // a DNS name (the rebinding attack) is still refused.
  std::vector<std::string> own_hosts_;
};

}  // namespace cunzhan::station_client::web
