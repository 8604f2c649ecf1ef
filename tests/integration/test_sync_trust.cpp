// The pinned CA and the host name: a hub whose certificate the enrolment does not vouch
// for is an officer's problem (wrong file, or someone in the middle), never a reason to
// retry all night. The run stops at once with exit 1 and says so in Chinese and English;
// nothing is sent.
#include <catch2/catch.hpp>

#include "fixture.hpp"

using namespace cunzhan::test;
using namespace cunzhan::test::integration;

namespace {

// An enrolment for a fresh station of `hub`, with one field changed, and a station
// initialised from it.
struct doctored_station {
  temp_dir dir{"it-trust"};
  std::string data = (dir.path() / "data").string();

  doctored_station(const hub_fixture& hub, const std::string& field, const std::string& value) {
    const fs::path enrol = dir / "enrol.json";
    hub.enroll(k_village_a, "大成村服务站", enrol);
    auto doc = boost::json::parse(read_file(enrol)).as_object();
    doc[field] = value;
    write_file(enrol, boost::json::serialize(doc));
    auto r = run({station_bin(), "--data", data, "init", enrol.string()});
    if (r.exit_code != 0) throw std::runtime_error("station init: " + r.out + r.err);
    auto imp = run({station_bin(), "--data", data, "listing", "add", "--product", "脐橙", "--category",
                    "fruit", "--quantity", "5", "--unit", "斤", "--price", "3.5", "--farmer", "张三",
                    "--phone", "13800000001"});
    (void)imp;  // the outbox content does not matter: nothing may leave
  }
  run_result sync(const std::vector<std::string>& extra, const std::string& lang) const {
    std::vector<std::string> argv{station_bin(), "--data", data, "--lang", lang, "sync", "--deadline", "60"};
    argv.insert(argv.end(), extra.begin(), extra.end());
    return run(argv);
  }
};

void require_stops_for_officer(const doctored_station& st, const hub_fixture& hub) {
  for (const std::string lang : {"en", "zh"}) {
    const auto t0 = std::chrono::steady_clock::now();
    auto r = st.sync({}, lang);
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    INFO(lang << ": exit=" << r.exit_code << "\n" << r.out << r.err << "\n(" << secs << " s)");
    CHECK(r.exit_code == 1);
    const std::string all = r.out + r.err;
    // Said plainly, and not retried.
    CHECK(all.find(lang == "en" ? "certificate" : "证书") != std::string::npos);
    CHECK(all.find(lang == "en" ? "retries 0" : "重试 0") != std::string::npos);
  }
  // --nightly: exit 1 (not 75), so cron does not loop on it.
  auto n = st.sync({"--nightly"}, "en");
  CHECK(n.exit_code == 1);
  CHECK(!n.err.empty());
  // Nothing reached any hub, so nothing is "sent, unconfirmed": the op still waits.
  CHECK(query_int(fs::path(st.data) / "station.db",
                  "SELECT count(*) FROM outbox WHERE state = 'in_flight'") == 0);
  auto status = run({station_bin(), "--data", st.data, "--lang", "en", "status"});
  CHECK(status.out.find("sent, unconfirmed: 0") != std::string::npos);
  CHECK(status.out.find("waiting to send: 1") != std::string::npos);
  CHECK(query_int(hub.db(), "SELECT count(*) FROM op_log") == 0);
  CHECK(query_int(hub.db(), "SELECT count(*) FROM sync_session") == 0);
}

}  // namespace

TEST_CASE("a hub certificate from another CA stops the sync for the officer", "[integration][sync][tls]") {
  hub_fixture hub;
  // A second, unrelated CA: what an interceptor or a stale enrolment would present.
  temp_dir other("it-other-ca");
  auto made = hub.hub({"cert", "--out", (other / "certs").string(), "--host", "127.0.0.1"});
  REQUIRE(made.exit_code == 0);
  doctored_station st(hub, "ca_pem", read_file(other / "certs" / "ca.pem"));
  require_stops_for_officer(st, hub);
}

TEST_CASE("a hub certificate for another host name stops the sync for the officer",
          "[integration][sync][tls]") {
  hub_fixture hub;
  // The certificate names 127.0.0.1 and localhost; the enrolment expects another name.
  doctored_station st(hub, "server_name", "hub.elsewhere.example");
  require_stops_for_officer(st, hub);
}
