// Shared set-up for the end-to-end sync tests: a real hub (private CA, hub.db with the
// 荣昌区 divisions, `hub serve` on a loopback port), real stations enrolled through
// `hub enroll` + `station init`, the fault proxy, and the exactly-once check that every
// test ends with (station outbox == hub op log, each op once, both databases intact).
#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "test_support.hpp"

namespace cunzhan::test::integration {

inline constexpr const char* k_county = "500153";           // 荣昌区
inline constexpr const char* k_village_a = "500153102200";  // 大成村
inline constexpr const char* k_village_b = "500153001200";  // 方家坝村

// One row of `hub audit --json` or of the station's outbox.
struct op_row {
  std::string op_id;
  std::int64_t seq = 0;
  std::string state;       // station: pending/in_flight/acked/rejected; hub: applied/rejected
  std::string error_code;  // empty unless rejected
};

// Runs one SQL query on a database file (opened without the open-time check, so a file
// left by kill -9 is recovered by SQLite, not refused) and returns rows as text.
std::vector<std::vector<std::string>> query(const fs::path& db, const std::string& sql);
std::int64_t query_int(const fs::path& db, const std::string& sql);
// PRAGMA integrity_check → "ok" or the problems.
std::string integrity(const fs::path& db);

class hub_fixture {
 public:
  // Certificates, hub init, 荣昌区 divisions, then start(); `serve_options` are added to
  // `hub serve` (e.g. {"--max-ops-per-batch", "20"}).
  explicit hub_fixture(std::vector<std::string> serve_options = {});
  ~hub_fixture();
  void start();  // `hub serve` on port(); waits until it accepts
  // Put in front of `hub serve` by start() (e.g. {"fiu-run", "-x", ...} for disk faults).
  std::vector<std::string> launcher;
  void stop();   // SIGTERM, graceful
  void kill9();  // SIGKILL, no goodbye
  bool running();
  unsigned short port() const { return port_; }
  std::string url() const { return "https://127.0.0.1:" + std::to_string(port_); }
  fs::path data() const { return dir_ / "data"; }
  fs::path db() const { return data() / "hub.db"; }
  fs::path ca() const { return dir_ / "certs" / "ca.pem"; }
  fs::path dir() const { return dir_.path(); }
  run_result hub(std::vector<std::string> args) const;  // `hub ARGS...`
  // `hub enroll`; returns the station id.
  std::string enroll(const std::string& village, const std::string& name, const fs::path& out) const;
  std::vector<op_row> audit(const std::string& station_id) const;
  pid_t pid() const;

 private:
  temp_dir dir_{"it-hub"};
  std::vector<std::string> serve_options_;
  unsigned short port_ = 0;
  std::unique_ptr<process> server_;
};

// The parsed `station sync --json` answer.
struct sync_result {
  run_result run;
  boost::json::object json;  // empty when stdout was not JSON
  std::int64_t num(const char* key) const;
  std::string outcome() const;
};

class station_fixture {
 public:
  station_fixture(const hub_fixture& hub, const std::string& village, const std::string& name);
  run_result st(std::vector<std::string> args, const std::map<std::string, std::string>& env = {}) const;
  // `station --json sync EXTRA...`
  sync_result sync(std::vector<std::string> extra = {}) const;
  // argv of the same, for running it in the background.
  std::vector<std::string> sync_argv(std::vector<std::string> extra = {}) const;
  // `station import listings` of n generated rows (product names "<prefix>-<i>").
  void import_listings(int n, const std::string& prefix) const;
  std::vector<op_row> outbox() const;
  const std::string& id() const { return id_; }
  fs::path data() const { return dir_ / "data"; }
  fs::path db() const { return data() / "station.db"; }
  fs::path dir() const { return dir_.path(); }

 private:
  temp_dir dir_{"it-station"};
  std::string id_;
};

// A fault_proxy in front of the hub; its stderr (the per-connection byte counts) goes
// to a log file read by conns().
class proxy_fixture {
 public:
  proxy_fixture(unsigned short target, const std::vector<std::string>& options);
  ~proxy_fixture();
  unsigned short port() const { return port_; }
  std::string connect() const { return "127.0.0.1:" + std::to_string(port_); }
  struct conn {
    std::uint64_t up = 0, down = 0;
  };
  // The connections closed so far ("conn N up=.. down=..").
  std::vector<conn> conns() const;
  // Their bytes summed, and how many there were.
  struct totals {
    std::uint64_t up = 0, down = 0;
    std::size_t conns = 0;
  };
  totals sum() const;
  void stop();

 private:
  temp_dir dir_{"it-proxy"};
  unsigned short port_ = 0;
  std::unique_ptr<process> proc_;
};

// Exactly-once check (README: exactly once across cuts): after a clean final sync the hub's op log
// for this station holds exactly the station's outbox, each op_id once with the same seq;
// every outbox op is acked (applied at the hub) or rejected with a reason at both ends.
// Uses Catch assertions; returns the number of ops compared.
std::size_t require_exactly_once(const hub_fixture& hub, const station_fixture& station);
// Both databases pass PRAGMA integrity_check (and `hub check`).
void require_integrity(const hub_fixture& hub, const station_fixture& station);

}  // namespace cunzhan::test::integration
