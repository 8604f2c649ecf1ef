// How the station treats a hub that says no: 429/503 with Retry-After are retried no
// sooner than the hub asked; 400/403/409 are not retried blindly (exit 1, one attempt).
// A small stand-in hub (the real server layer with the hub's certificate, so the pinned
// CA and host name check pass) answers every request with the status under test.
#include <catch2/catch.hpp>

#include <mutex>

#include "cunzhan/net/https_server.hpp"
#include "fixture.hpp"

using namespace cunzhan;
using namespace cunzhan::test;
using namespace cunzhan::test::integration;

namespace {

class refusing_hub : public net::http_handler {
 public:
  explicit refusing_hub(int status) : status_(status) {}
  std::optional<net::http_response> admit(const net::request_head&) override { return std::nullopt; }
  net::http_response handle(net::http_request&&) override {
    {
      std::lock_guard lk(mu_);
      arrivals_.push_back(std::chrono::steady_clock::now());
    }
    net::http_response r;
    r.status = status_;
    r.body = R"({"error":{"code":"unavailable","message":"busy","message_zh":"忙"}})";
    if (status_ == 429 || status_ == 503) r.headers.emplace_back("retry-after", "2");
    return r;
  }
  std::vector<std::chrono::steady_clock::time_point> arrivals() {
    std::lock_guard lk(mu_);
    return arrivals_;
  }

 private:
  int status_;
  std::mutex mu_;
  std::vector<std::chrono::steady_clock::time_point> arrivals_;
};

struct stand_in {
  std::shared_ptr<refusing_hub> handler;
  std::unique_ptr<net::https_server> server;
  stand_in(const hub_fixture& hub, int status) : handler(std::make_shared<refusing_hub>(status)) {
    net::server_options o;
    o.port = 0;
    o.cert_file = (hub.dir() / "certs" / "server.pem").string();
    o.key_file = (hub.dir() / "certs" / "server.key").string();
    o.threads = 1;
    o.handler_threads = 2;
    server = std::make_unique<net::https_server>(o, handler);
    auto s = server->start();
    if (!s) throw std::runtime_error("stand-in hub: " + s.err().describe(lang::en));
  }
  ~stand_in() { server->stop(); }
  std::string connect() const { return "127.0.0.1:" + std::to_string(server->bound_port()); }
};

}  // namespace

TEST_CASE("429 and 503 are retried no sooner than Retry-After", "[integration][sync][refusals]") {
  const int status = GENERATE(429, 503);
  hub_fixture hub;
  station_fixture st(hub, k_village_a, "大成村服务站");
  st.import_listings(5, "繁忙");
  stand_in busy(hub, status);
  auto s = st.sync({"--connect", busy.connect(), "--deadline", "7"});
  INFO(status << ": " << s.run.out << s.run.err);
  CHECK(s.run.exit_code == 75);
  // "Hub busy", told apart from "not reachable" and "line cut", with what the hub said
  // labelled as the hub's words.
  const auto& e = s.json.at("error").as_object();
  CHECK(std::string(e.at("message_zh").as_string())
            .find("区县中心繁忙，请稍后再试（HTTP " + std::to_string(status) + "：区县服务器报告：忙）") !=
        std::string::npos);
  CHECK(std::string(e.at("message").as_string())
            .find("hub busy, try again later (HTTP " + std::to_string(status) + ": the hub reports: busy)") !=
        std::string::npos);
  const auto at = busy.handler->arrivals();
  REQUIRE(at.size() >= 2);  // retried within the window
  for (std::size_t i = 1; i < at.size(); ++i) {
    const double gap = std::chrono::duration<double>(at[i] - at[i - 1]).count();
    INFO("gap " << i << " = " << gap << " s");
    // The station slept at least the 2 s asked (the first backoff alone is ≤ 0.5 s).
    CHECK(gap >= 2.0);
  }
  CHECK(query_int(st.db(), "SELECT count(*) FROM outbox WHERE state = 'acked'") == 0);
}

TEST_CASE("400, 403 and 409 stop the sync after one attempt", "[integration][sync][refusals]") {
  const int status = GENERATE(400, 403, 409);
  hub_fixture hub;
  station_fixture st(hub, k_village_a, "大成村服务站");
  st.import_listings(5, "拒绝");
  stand_in no(hub, status);
  auto s = st.sync({"--connect", no.connect(), "--deadline", "30"});
  INFO(status << ": " << s.run.out << s.run.err);
  CHECK(s.run.exit_code == 1);
  CHECK(s.outcome() == "needs_action");
  CHECK(s.num("retries") == 0);
  CHECK(no.handler->arrivals().size() == 1);
  CHECK(query_int(st.db(), "SELECT count(*) FROM outbox WHERE state = 'acked'") == 0);
}
