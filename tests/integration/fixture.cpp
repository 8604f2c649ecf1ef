// The integration fixtures: real `hub`, `station` and `fault_proxy` processes on
// 127.0.0.1, and the exactly-once comparison of station outbox and hub op log.
#include "fixture.hpp"

#include <signal.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>
#include <thread>

#include <sqlite3.h>

namespace cunzhan::test::integration {
namespace {

std::string describe(const run_result& r) {
  return "exit=" + std::to_string(r.exit_code) + " signal=" + std::to_string(r.signal) +
         "\nstdout: " + r.out + "\nstderr: " + r.err;
}

void require_ok(const run_result& r, const std::string& what) {
  if (r.exit_code != 0) throw std::runtime_error(what + " failed: " + describe(r));
}

// Raw SQLite, read-only in spirit: the tests must see the files exactly as the programs
// left them (WAL recovery after kill -9 is SQLite's own, as the programs would do it).
struct db_handle {
  sqlite3* db = nullptr;
  explicit db_handle(const fs::path& p) {
    if (sqlite3_open_v2(p.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK)
      throw std::runtime_error("cannot open " + p.string());
    sqlite3_busy_timeout(db, 20000);
  }
  ~db_handle() { sqlite3_close(db); }
};

}  // namespace

std::vector<std::vector<std::string>> query(const fs::path& db_path, const std::string& sql_text) {
  db_handle h(db_path);
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(h.db, sql_text.c_str(), -1, &st, nullptr) != SQLITE_OK)
    throw std::runtime_error("prepare " + sql_text + ": " + sqlite3_errmsg(h.db));
  std::vector<std::vector<std::string>> rows;
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    std::vector<std::string> row;
    for (int i = 0; i < sqlite3_column_count(st); ++i) {
      const auto* t = sqlite3_column_text(st, i);
      row.emplace_back(t ? reinterpret_cast<const char*>(t) : "");
    }
    rows.push_back(std::move(row));
  }
  sqlite3_finalize(st);
  if (rc != SQLITE_DONE) throw std::runtime_error("step " + sql_text + ": " + sqlite3_errmsg(h.db));
  return rows;
}

std::int64_t query_int(const fs::path& db, const std::string& sql_text) {
  auto rows = query(db, sql_text);
  if (rows.empty() || rows[0].empty()) throw std::runtime_error("no value from " + sql_text);
  return std::stoll(rows[0][0]);
}

std::string integrity(const fs::path& db_path) {
  std::string out;
  for (const auto& r : query(db_path, "PRAGMA integrity_check")) out += (out.empty() ? "" : "; ") + r[0];
  return out;
}

// ---- hub ----

hub_fixture::hub_fixture(std::vector<std::string> serve_options) : serve_options_(std::move(serve_options)) {
  require_ok(hub({"cert", "--out", (dir_ / "certs").string(), "--host", "127.0.0.1", "--host", "localhost"}),
             "hub cert");
  require_ok(hub({"init", "--data", data().string()}), "hub init");
  require_ok(
      hub({"import-divisions", "--data", data().string(), (divisions_dir() / "streets-500153.csv").string(),
           (divisions_dir() / "villages-500153.csv").string()}),
      "hub import-divisions");
  port_ = free_port();
  start();
}

hub_fixture::~hub_fixture() {
  if (server_) server_->stop(SIGTERM, std::chrono::seconds(10));
}

void hub_fixture::start() {
  if (server_ && server_->running()) return;
  std::vector<std::string> argv{hub_bin(),   "serve",
                                "--data",    data().string(),
                                "--listen",  "127.0.0.1:" + std::to_string(port_),
                                "--cert",    (dir_ / "certs" / "server.pem").string(),
                                "--key",     (dir_ / "certs" / "server.key").string(),
                                "--threads", "2"};
  argv.insert(argv.end(), serve_options_.begin(), serve_options_.end());
  argv.insert(argv.begin(), launcher.begin(), launcher.end());
  server_ =
      std::make_unique<process>(argv, std::map<std::string, std::string>{}, (dir_ / "hub.log").string());
  // Bounded: a hub that never listens (port taken, bad config) fails the test here.
  if (!wait_for_port(port_, std::chrono::seconds(30)) || !server_->running())
    throw std::runtime_error("hub serve did not start; log:\n" + read_file(dir_ / "hub.log"));
}

void hub_fixture::stop() {
  if (server_) server_->stop(SIGTERM, std::chrono::seconds(20));
  server_.reset();
}

void hub_fixture::kill9() {
  if (!server_) return;
  server_->kill_now(SIGKILL);
  server_->wait();
  server_.reset();
}

bool hub_fixture::running() { return server_ && server_->running(); }

pid_t hub_fixture::pid() const { return server_ ? server_->pid() : -1; }

run_result hub_fixture::hub(std::vector<std::string> args) const {
  args.insert(args.begin(), hub_bin());
  return run(args);
}

std::string hub_fixture::enroll(const std::string& village, const std::string& name,
                                const fs::path& out) const {
  auto r = hub({"enroll", "--data", data().string(), "--village", village, "--name", name, "--hub-url", url(),
                "--ca", ca().string(), "--out", out.string()});
  require_ok(r, "hub enroll");
  auto at = r.out.find("station_id=");
  if (at == std::string::npos) throw std::runtime_error("hub enroll printed no station_id: " + r.out);
  auto end = r.out.find('\n', at);
  return r.out.substr(at + 11, end - at - 11);
}

std::vector<op_row> hub_fixture::audit(const std::string& station_id) const {
  // Every op: `hub audit` lists 100,000 by default, and the disk-fault trials' station
  // passes that (its outbox looked "acknowledged but missing at the hub" beyond op 100,000).
  auto r =
      hub({"audit", "--data", data().string(), "--station", station_id, "--json", "--limit", "100000000"});
  require_ok(r, "hub audit");
  std::vector<op_row> out;
  const boost::json::value doc = boost::json::parse(r.out);  // must outlive the loop
  for (const auto& v : doc.as_array()) {
    const auto& o = v.as_object();
    op_row row;
    row.op_id = std::string(o.at("op_id").as_string());
    row.seq = o.at("seq").to_number<std::int64_t>();
    row.state = std::string(o.at("status").as_string());
    if (const auto* e = o.if_contains("error"))
      row.error_code = std::string(e->as_object().at("code").as_string());
    out.push_back(std::move(row));
  }
  return out;
}

// ---- station ----

std::int64_t sync_result::num(const char* key) const {
  const auto* v = json.if_contains(key);
  return v ? v->to_number<std::int64_t>() : -1;
}

std::string sync_result::outcome() const {
  const auto* v = json.if_contains("outcome");
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

station_fixture::station_fixture(const hub_fixture& hub, const std::string& village,
                                 const std::string& name) {
  const fs::path enrol = dir_ / "enrol.json";
  id_ = hub.enroll(village, name, enrol);
  require_ok(st({"init", enrol.string()}), "station init");
}

run_result station_fixture::st(std::vector<std::string> args,
                               const std::map<std::string, std::string>& env) const {
  args.insert(args.begin(), {station_bin(), "--data", data().string()});
  return run(args, "", env);
}

std::vector<std::string> station_fixture::sync_argv(std::vector<std::string> extra) const {
  std::vector<std::string> a{station_bin(), "--data", data().string(), "--json", "sync"};
  a.insert(a.end(), extra.begin(), extra.end());
  return a;
}

sync_result station_fixture::sync(std::vector<std::string> extra) const {
  sync_result s;
  s.run = run(sync_argv(std::move(extra)));
  try {
    auto v = boost::json::parse(s.run.out);
    if (v.is_object()) s.json = v.as_object();
  } catch (const std::exception&) {
    // not JSON: the caller's checks on json fail and print run
  }
  return s;
}

void station_fixture::import_listings(int n, const std::string& prefix) const {
  std::ostringstream csv;
  csv << "product_name,category,quantity,unit,price_yuan,farmer_name,farmer_phone,status,note\n";
  for (int i = 0; i < n; ++i) {
    csv << prefix << "-" << i << ",fruit," << (10 + i % 90) << ",斤," << (1 + i % 9) << "." << (i % 10)
        << "0,"
        << "农户" << i % 50 << ",138" << (10000000 + i) << ",listed,批量导入第" << i << "行\n";
  }
  const fs::path file = dir_ / ("import-" + prefix + ".csv");
  write_file(file, csv.str());
  require_ok(st({"import", "listings", file.string()}), "station import listings");
}

std::vector<op_row> station_fixture::outbox() const {
  std::vector<op_row> out;
  for (auto& r : query(db(), "SELECT op_id, seq, state, COALESCE(error_code, '') FROM outbox ORDER BY seq"))
    out.push_back({r[0], std::stoll(r[1]), r[2], r[3]});
  return out;
}

// ---- proxy ----

proxy_fixture::proxy_fixture(unsigned short target, const std::vector<std::string>& options) {
  const fs::path port_file = dir_ / "port";
  std::vector<std::string> argv{proxy_bin(),
                                "--listen",
                                "127.0.0.1:0",
                                "--port-file",
                                port_file.string(),
                                "--target",
                                "127.0.0.1:" + std::to_string(target)};
  argv.insert(argv.end(), options.begin(), options.end());
  proc_ =
      std::make_unique<process>(argv, std::map<std::string, std::string>{}, (dir_ / "proxy.log").string());
  for (int i = 0; i < 600 && port_ == 0; ++i) {  // up to 30 s
    std::string s = read_file(port_file);
    if (!s.empty())
      port_ = static_cast<unsigned short>(std::stoi(s));
    else
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  if (port_ == 0) throw std::runtime_error("fault_proxy did not start: " + read_file(dir_ / "proxy.log"));
}

proxy_fixture::~proxy_fixture() { stop(); }

void proxy_fixture::stop() {
  // The proxy logs a connection when both directions have closed, a moment after the
  // station exits: let the log settle (unchanged for 300 ms, at most 5 s) before stopping.
  std::string last = read_file(dir_ / "proxy.log");
  for (int stable = 0, i = 0; proc_ && stable < 3 && i < 50; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    std::string now = read_file(dir_ / "proxy.log");
    stable = now == last ? stable + 1 : 0;
    last = std::move(now);
  }
  if (proc_) proc_->stop(SIGTERM, std::chrono::seconds(5));
  proc_.reset();
}

std::vector<proxy_fixture::conn> proxy_fixture::conns() const {
  std::vector<conn> out;
  std::istringstream in(read_file(dir_ / "proxy.log"));
  std::string line;
  while (std::getline(in, line)) {
    unsigned long long id = 0, up = 0, down = 0;
    if (std::sscanf(line.c_str(), "conn %llu up=%llu down=%llu", &id, &up, &down) == 3)
      out.push_back({up, down});
  }
  return out;
}

proxy_fixture::totals proxy_fixture::sum() const {
  totals t;
  for (auto c : conns()) {
    t.up += c.up;
    t.down += c.down;
    ++t.conns;
  }
  return t;
}

// ---- the invariant ----

std::size_t require_exactly_once(const hub_fixture& hub, const station_fixture& station) {
  const auto outbox = station.outbox();
  const auto audit = hub.audit(station.id());
  std::map<std::string, op_row> at_hub;
  std::size_t repeated = 0;
  for (const auto& r : audit) {
    if (!at_hub.emplace(r.op_id, r).second) ++repeated;
  }
  CHECK(repeated == 0);
  // The op log itself, not only the audit view: one row per op_id for this station.
  const std::string sid = "'" + station.id() + "'";
  CHECK(query_int(hub.db(), "SELECT count(*) FROM op_log WHERE station_id = " + sid) ==
        static_cast<std::int64_t>(outbox.size()));
  CHECK(query_int(hub.db(), "SELECT count(*) - count(DISTINCT seq) FROM op_log WHERE station_id = " + sid) ==
        0);

  std::size_t missing = 0, wrong_state = 0, wrong_seq = 0;
  std::set<std::string> station_ids;
  for (const auto& o : outbox) {
    station_ids.insert(o.op_id);
    auto it = at_hub.find(o.op_id);
    if (it == at_hub.end()) {
      if (++missing <= 5) UNSCOPED_INFO("missing at hub: seq " << o.seq << " " << o.op_id << " " << o.state);
      continue;
    }
    if (it->second.seq != o.seq) ++wrong_seq;
    const bool acked_ok = o.state == "acked" && it->second.state == "applied";
    const bool rejected_ok = o.state == "rejected" && it->second.state == "rejected" &&
                             !o.error_code.empty() && o.error_code == it->second.error_code;
    if (!acked_ok && !rejected_ok) {
      if (++wrong_state <= 5)
        UNSCOPED_INFO("seq " << o.seq << " station=" << o.state << " hub=" << it->second.state);
    }
  }
  std::size_t extra = 0;
  for (const auto& [id, r] : at_hub) extra += station_ids.count(id) ? 0 : 1;
  CHECK(missing == 0);
  CHECK(extra == 0);
  CHECK(wrong_seq == 0);
  CHECK(wrong_state == 0);
  CHECK(audit.size() == outbox.size());
  return outbox.size();
}

void require_integrity(const hub_fixture& hub, const station_fixture& station) {
  CHECK(integrity(station.db()) == "ok");
  CHECK(integrity(hub.db()) == "ok");
  auto r = hub.hub({"check", "--data", hub.data().string()});
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("ok") != std::string::npos);
}

}  // namespace cunzhan::test::integration
