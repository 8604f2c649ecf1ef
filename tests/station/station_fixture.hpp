// Shared set-up for the station tests: an enrolment file for 荣昌区 and a data directory
// initialised through the real `station` binary (or opened directly as a store).
#pragma once
#include <string>

#include "test_support.hpp"

namespace cunzhan::test {

inline constexpr const char* k_village = "500153001200";  // 方家坝村, 荣昌区

inline std::string enrolment_json(const std::string& village = k_village) {
  return R"({"format": "cunzhan-enrolment/1", "hub_url": "https://127.0.0.1:8443",
  "server_name": "hub.test", "ca_pem": "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n",
  "station_id": "0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b", "station_name": "方家坝村服务站",
  "village_code": ")" +
         village + R"(", "kind": "village", "token": "secret-token-for-tests"})";
}

// A temp dir with data/ enrolled via `station init`.
struct station_env {
  temp_dir dir{"station"};
  std::string data = (dir.path() / "data").string();
  station_env() {
    write_file(dir / "enrol.json", enrolment_json());
    auto r = run({station_bin(), "--data", data, "init", (dir / "enrol.json").string()});
    if (r.exit_code != 0) throw std::runtime_error("station init failed: " + r.err);
  }
  run_result st(std::vector<std::string> args, std::map<std::string, std::string> env = {}) const {
    args.insert(args.begin(), {station_bin(), "--data", data});
    return run(args, "", env);
  }
};

}  // namespace cunzhan::test
