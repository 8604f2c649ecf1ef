// Several `hub serve` processes on one PostgreSQL database (issue 14): three real hub
// processes on different loopback ports, each behind a fault proxy with latency (so a
// batch is in flight long enough for a kill to land in it), stations syncing at the same
// time, each run to a process picked at random, and every round one process killed -9 at
// a random moment and restarted. Afterwards a clean sync, and for every station: the
// outbox equals the hub's audit (each op once, same seq, applied/acked), the op log and
// the listings hold each op exactly once, and nothing the officer saved is lost.
#include <catch2/catch.hpp>

#include <csignal>
#include <cstdlib>
#include <random>
#include <thread>

#include "fixture.hpp"
#include "pg_server.hpp"
#include "store/postgres/pg_conn.hpp"

using namespace cunzhan;
using namespace cunzhan::test;
using namespace cunzhan::test::integration;

namespace {

constexpr int k_processes = 3;
constexpr int k_stations = 6;
constexpr int k_rounds = 8;
constexpr int k_ops_per_round = 24;

// Waits (bounded) for a background station run to end; kills it if it hangs.
int finish(process& p) {
  for (int i = 0; i < 2400 && p.running(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  if (p.running()) p.kill_now(9);
  return p.wait();
}

// The hub processes beyond the fixture's own: same --data (certificates), same database.
class extra_hub {
 public:
  extra_hub(const hub_fixture& h, int n) : h_(h), n_(n), port_(free_port()) { start(); }
  void start() {
    const fs::path certs = h_.dir() / "certs";
    p_ = std::make_unique<process>(
        std::vector<std::string>{hub_bin(), "serve", "--data", h_.data().string(), "--listen",
                                 "127.0.0.1:" + std::to_string(port_), "--cert",
                                 (certs / "server.pem").string(), "--key", (certs / "server.key").string(),
                                 "--threads", "2"},
        std::map<std::string, std::string>{}, (h_.dir() / ("hub-" + std::to_string(n_) + ".log")).string());
    if (!wait_for_port(port_, std::chrono::seconds(30)) || !p_->running())
      throw std::runtime_error("hub serve " + std::to_string(n_) + " did not start");
  }
  void kill9() {
    p_->kill_now(SIGKILL);
    p_->wait();
  }
  unsigned short port() const { return port_; }

 private:
  const hub_fixture& h_;
  int n_;
  unsigned short port_;
  std::unique_ptr<process> p_;
};

struct pg_query {
  std::unique_ptr<hub::pg::connection> c;
  explicit pg_query(const std::string& url) {
    hub::pg::settings s;
    s.url = url;
    auto r = hub::pg::connection::open(s);
    if (!r) throw std::runtime_error(r.err().describe(lang::en));
    c = std::move(*r);
  }
  std::int64_t scalar(const std::string& q, const hub::pg::params& p = {}) {
    auto r = c->run(q, p);
    if (!r) throw std::runtime_error(r.err().describe(lang::en));
    return r->int64(0, 0);
  }
};

}  // namespace

TEST_CASE("multi-process: three hub serve on one database, kill -9 mid-batch, every op exactly once",
          "[pg][multiprocess]") {
  cunzhan::testing::pg_test_db db;
  ::setenv("CUNZHAN_HUB_STORAGE", db.url().c_str(), 1);  // hub init, enroll, serve, audit: all on PostgreSQL
  struct env_reset {
    ~env_reset() { ::unsetenv("CUNZHAN_HUB_STORAGE"); }
  } reset;
  hub_fixture hub;                 // process 0
  REQUIRE(!fs::exists(hub.db()));  // the data really is in PostgreSQL
  std::vector<std::unique_ptr<extra_hub>> more;
  for (int i = 1; i < k_processes; ++i) more.push_back(std::make_unique<extra_hub>(hub, i));
  std::vector<std::unique_ptr<proxy_fixture>> links;
  links.push_back(
      std::make_unique<proxy_fixture>(hub.port(), std::vector<std::string>{"--latency-ms", "15"}));
  for (const auto& m : more)
    links.push_back(
        std::make_unique<proxy_fixture>(m->port(), std::vector<std::string>{"--latency-ms", "15"}));
  const auto kill = [&](int n) { n == 0 ? hub.kill9() : more[n - 1]->kill9(); };
  const auto restart = [&](int n) { n == 0 ? hub.start() : more[n - 1]->start(); };

  std::vector<std::unique_ptr<station_fixture>> stations;
  for (int i = 0; i < k_stations; ++i) {
    stations.push_back(std::make_unique<station_fixture>(hub, i % 2 ? k_village_b : k_village_a,
                                                         "多进程站" + std::to_string(i)));
  }
  std::mt19937 rng(std::random_device{}());
  std::uniform_int_distribution<int> any_process(0, k_processes - 1);
  const auto args = [&](int process_no) {
    return std::vector<std::string>{"--batch",
                                    "4",
                                    "--no-pull",
                                    "--deadline",
                                    "90",
                                    "--connect",
                                    links[static_cast<std::size_t>(process_no)]->connect()};
  };

  const auto record = [&](int r) {
    for (int i = 0; i < k_stations; ++i)
      stations[i]->import_listings(k_ops_per_round, "r" + std::to_string(r) + "s" + std::to_string(i));
  };
  const auto sync_all = [&] {
    std::vector<std::unique_ptr<process>> runs;
    for (int i = 0; i < k_stations; ++i) {
      runs.push_back(std::make_unique<process>(stations[i]->sync_argv(args(any_process(rng))),
                                               std::map<std::string, std::string>{},
                                               (stations[i]->dir() / "background-sync.log").string()));
    }
    return runs;
  };
  pg_query pg(db.url());
  // Cut short: a station has ops in flight (sent, answer not recorded), or the database
  // holds ops the station has not recorded as acknowledged.
  const auto interrupted = [&] {
    bool any = false;
    for (auto& st : stations) {
      const auto acked =
          query_int(st->db(), "SELECT count(*) FROM outbox WHERE state IN ('acked', 'rejected')");
      const auto in_flight = query_int(st->db(), "SELECT count(*) FROM outbox WHERE state = 'in_flight'");
      any |=
          in_flight > 0 || pg.scalar("SELECT count(*) FROM op_log WHERE station_id = $1", {st->id()}) > acked;
    }
    return any;
  };

  // One round without kills gives the span the random kill moments are drawn from.
  record(0);
  const auto t0 = std::chrono::steady_clock::now();
  auto first = sync_all();
  for (auto& p : first) CHECK(finish(*p) == 0);
  const long span_ms = std::max<long>(
      50,
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count());
  std::uniform_int_distribution<long> moment(0, span_ms);

  int killed_mid_run = 0, cut_short = 0, temporary = 0;
  for (int r = 1; r <= k_rounds; ++r) {
    record(r);
    auto runs = sync_all();
    std::this_thread::sleep_for(std::chrono::milliseconds(moment(rng)));
    bool any_running = false;
    for (auto& p : runs) any_running |= p->running();
    killed_mid_run += any_running;
    const int victim = any_process(rng);
    kill(victim);
    cut_short += interrupted();
    restart(victim);
    for (auto& p : runs) {
      const int code = finish(*p);
      CHECK((code == 0 || code == 75));  // done, or "try again later" with the ops kept
      temporary += code == 75;
    }
  }
  WARN("multiprocess: kills while stations were syncing "
       << killed_mid_run << "/" << k_rounds << " (cutting a batch short " << cut_short << ")"
       << ", runs that stopped for later " << temporary << ", span_ms " << span_ms);
  CHECK(killed_mid_run >= 1);
  CHECK(cut_short >= 1);

  // A clean last sync of every station, each to a process of its own choosing.
  for (auto& st : stations) {
    auto last = st->sync(args(any_process(rng)));
    INFO(last.run.out << last.run.err);
    REQUIRE(last.run.exit_code == 0);
  }
  const int per_station = (k_rounds + 1) * k_ops_per_round;
  for (auto& st : stations) {
    INFO("station " << st->id());
    const auto outbox = st->outbox();
    CHECK(outbox.size() == static_cast<std::size_t>(per_station));  // nothing the officer saved is lost
    const auto audit = hub.audit(st->id());
    REQUIRE(audit.size() == outbox.size());
    std::map<std::string, op_row> at_hub;
    for (const auto& a : audit) CHECK(at_hub.emplace(a.op_id, a).second);  // each op once
    for (const auto& o : outbox) {
      INFO("seq " << o.seq);
      CHECK(o.state == "acked");
      auto it = at_hub.find(o.op_id);
      REQUIRE(it != at_hub.end());
      CHECK(it->second.seq == o.seq);
      CHECK(it->second.state == "applied");
    }
    const hub::pg::params sid{st->id()};
    CHECK(pg.scalar("SELECT count(*) FROM op_log WHERE station_id = $1", sid) == per_station);
    CHECK(pg.scalar("SELECT count(DISTINCT seq) FROM op_log WHERE station_id = $1", sid) == per_station);
    CHECK(pg.scalar("SELECT count(*) FROM listing WHERE station_id = $1", sid) == per_station);
    CHECK(query_int(st->db(), "SELECT count(*) FROM listing") == per_station);
  }
  CHECK(pg.scalar("SELECT count(*) FROM op_log") == k_stations * per_station);
  // Stations really were served by several processes' sessions (each process ends its own).
  CHECK(pg.scalar("SELECT count(*) FROM sync_session") >= k_stations * (k_rounds + 2));
  CHECK(hub.hub({"check", "--data", hub.data().string()}).exit_code == 0);
}
