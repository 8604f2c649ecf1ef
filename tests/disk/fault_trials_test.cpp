// Seeded disk-fault trials (issue 20): each trial picks, from its seed, a command
// (station listing add, import below or above the 1 MiB read chunk, sync; hub serve
// under pushes; a station on a real small tmpfs that fills up) and a fault (libfiu:
// EIO/ENOSPC on fdatasync, pwrite, pread, open, ftruncate, read), runs it, then judges
// it with the disk healthy again: exit 0 ⇒ stored; "not saved" ⇒ absent; no partial
// import; the file intact; no "corrupt" verdict on an intact file; every op the station
// holds as acknowledged is at the hub; after a clean sync, outbox == hub audit.
// CUNZHAN_DISK_TRIALS (default 40) and CUNZHAN_DISK_SEED (default 20) choose the run; a
// failure names its seed (CUNZHAN_DISK_SEED=<that seed> CUNZHAN_DISK_TRIALS=1 repeats the
// trial's command and fault; which call libfiu fails at random is libfiu's own choice).
#include <catch2/catch.hpp>

#include <cstdlib>
#include <iostream>
#include <map>
#include <set>
#include <sstream>

#include "disk_support.hpp"
#include "fixture.hpp"

namespace cunzhan::test::disk {
namespace {

using namespace integration;

struct fault {
  const char* point;
  int err;
  double probability;  // 1 = every call
};

// What the review injected, and a few more.
constexpr fault k_db_faults[] = {
    {"posix/io/sync/fdatasync", 5, 1},   {"posix/io/sync/fdatasync", 28, 1},
    {"posix/io/sync/fdatasync", 5, 0.5}, {"posix/io/rw/pwrite", 5, 0.3},
    {"posix/io/rw/pwrite", 28, 0.3},     {"posix/io/rw/pwrite", 5, 1},
    {"posix/io/rw/pread", 5, 0.3},       {"posix/io/rw/pread", 5, 1},
    {"posix/io/oc/open", 5, 0.3},        {"posix/io/rw/ftruncate", 5, 1},
    {"posix/io/sync/fsync", 5, 1},
};

std::string fiu_command(const fault& f) {
  std::ostringstream o;
  if (f.probability >= 1)
    o << "enable name=" << f.point << ",failinfo=" << f.err;
  else
    o << "enable_random name=" << f.point << ",failinfo=" << f.err << ",probability=" << f.probability;
  return o.str();
}

struct tally {
  std::map<verdict, int> n;
  std::vector<std::string> bad;  // "seed S: what"
  void add(std::uint64_t seed, const std::string& what, verdict v, const std::string& why) {
    ++n[v];
    if (std::getenv("CUNZHAN_DISK_VERBOSE"))
      std::cout << "seed " << seed << " " << what << ": " << name(v) << " " << why.substr(0, 400)
                << std::endl;
    if (v == verdict::misleading || v == verdict::data_failure)
      bad.push_back("seed " + std::to_string(seed) + " (" + what + "): " + name(v) + ": " + why);
  }
};

class trials {
 public:
  trials() : st_(hub_, k_village_a, "大成村服务站") {}

  void run_one(std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    const fault& f = k_db_faults[rng() % std::size(k_db_faults)];
    const std::string tag = "T" + std::to_string(seed) + "X";
    switch (rng() % 10) {
      case 0:
      case 1:
      case 2: add(seed, tag, f); break;
      case 3:
      case 4: import(seed, tag, f, 200 + static_cast<int>(rng() % 400), false); break;
      case 5: import(seed, tag, f, 24000, rng() % 2 == 0); break;
      case 6:
      case 7: sync_faulted(seed, tag, f); break;
      case 8: hub_faulted(seed, tag, rng); break;
      default: full_fs(seed, tag, static_cast<int>(rng() % 3000) + 200, rng); break;
    }
  }
  // After one last clean sync: the ops on both sides and how they compare.
  std::string end_counts() {
    clean_sync(0, "the end");
    std::map<std::string, int> at_hub;
    const auto audit = hub_.audit(st_.id());
    for (const auto& o : audit) ++at_hub[o.op_id];
    const auto outbox = st_.outbox();
    std::size_t lost = 0, duplicated = 0, conflicting = 0;
    for (const auto& o : outbox) lost += at_hub.count(o.op_id) == 0;
    for (const auto& [id, n] : at_hub) duplicated += n > 1 ? n - 1 : 0;
    for (const auto& o : audit) conflicting += o.error_code == "op_conflict";
    std::ostringstream out;
    out << "at the end: station outbox " << outbox.size() << " ops, hub " << audit.size() << " ops; lost "
        << lost << ", duplicated " << duplicated << ", conflicting " << conflicting;
    return out.str();
  }
  tally result;
  bool tmpfs_skipped = false;
  std::string tmpfs_why;

 private:
  std::int64_t stored(const fs::path& db, const std::string& tag) {
    return query_int(db, "SELECT count(*) FROM listing WHERE product_name LIKE '" + tag + "%'");
  }

  // The file intact and never called damaged; the verdict of the command otherwise.
  verdict after(const fs::path& data, const run_result& r, verdict v, std::string& why) {
    if (says_corrupt(r)) {
      why = "called an intact file damaged: " + r.err;
      v = verdict::misleading;
    }
    const auto check = run({station_bin(), "--data", data.string(), "check"});
    if (check.exit_code != 0) {
      why += " | station check failed: " + check.err;
      return verdict::data_failure;
    }
    return v;
  }

  void add(std::uint64_t seed, const std::string& tag, const fault& f) {
    auto r = run(with_fiu({fiu_command(f)},
                          {station_bin(), "--data", st_.data().string(), "listing", "add", "--product", tag,
                           "--category", "vegetable", "--quantity", "5", "--unit", "斤", "--price", "2.50"}));
    std::string why;
    verdict v = judge_write(r, 1, stored(st_.db(), tag), why);
    v = after(st_.data(), r, v, why);
    result.add(seed, "listing add, " + fiu_command(f), v, why + " | " + r.err);
  }

  void import(std::uint64_t seed, const std::string& tag, const fault& f, int rows, bool csv_fault) {
    const fs::path file = st_.dir() / (tag + ".csv");
    write_file(file, csv_rows(rows, tag));
    const std::string cmd =
        csv_fault ? "enable_random name=posix/io/rw/read,failinfo=5,probability=0.3" : fiu_command(f);
    auto r = run(
        with_fiu({cmd}, {station_bin(), "--data", st_.data().string(), "import", "listings", file.string()}));
    std::string why;
    verdict v = judge_write(r, rows, stored(st_.db(), tag), why);
    if (csv_fault && r.exit_code != 0 && r.exit_code != 74 &&
        r.err.find("cannot read") == std::string::npos && r.err.find("Disk") == std::string::npos &&
        r.err.find("disk") == std::string::npos) {
      why += " | a read error not reported as one";
      v = verdict::misleading;
    }
    if (r.err.find("empty (no header") != std::string::npos) {
      why += " | a read error called an empty file";
      v = verdict::misleading;
    }
    v = after(st_.data(), r, v, why);
    fs::remove(file);
    result.add(seed, "import " + std::to_string(rows) + " rows, " + cmd, v, why + " | " + r.err);
  }

  // Every op the station holds as acknowledged is at the hub.
  bool acked_at_hub(std::string& why) {
    std::set<std::string> at_hub;
    for (const auto& o : hub_.audit(st_.id())) at_hub.insert(o.op_id);
    for (const auto& o : st_.outbox()) {
      if (o.state == "acked" && !at_hub.count(o.op_id)) {
        why = "op " + o.op_id + " acknowledged at the station but not at the hub";
        return false;
      }
    }
    return true;
  }

  verdict judge_sync(const run_result& r, std::string& why) {
    verdict v = r.exit_code == 0 ? verdict::ok : verdict::clean_error;
    if (r.signal != 0) {
      why = "killed by a signal";
      return verdict::data_failure;
    }
    if (r.err.find("another sync") != std::string::npos || r.out.find("another sync") != std::string::npos) {
      why = "said another sync was running";
      v = verdict::misleading;
    }
    if (r.exit_code == 0 &&
        query_int(st_.db(), "SELECT count(*) FROM outbox WHERE state IN ('pending','in_flight')") != 0) {
      why = "exit 0 with ops still waiting";
      v = verdict::misleading;
    }
    if (!acked_at_hub(why)) v = verdict::data_failure;
    return v;
  }

  // With the disk healthy again. A sync is idempotent, so a run that still meets a
  // fault just switched off (libfiu's control fifo is asynchronous) is simply repeated.
  void clean_sync(std::uint64_t seed, const std::string& what) {
    sync_result ok;
    for (int attempt = 0; attempt < 3; ++attempt) {
      ok = st_.sync({"--no-pull"});
      if (ok.run.exit_code == 0) break;
    }
    if (ok.run.exit_code != 0) {
      result.add(
          seed, what + ", then a clean sync", verdict::data_failure,
          "clean sync failed (exit " + std::to_string(ok.run.exit_code) + "): " + ok.run.err + ok.run.out);
      return;
    }
    require_exactly_once(hub_, st_);
  }

  void sync_faulted(std::uint64_t seed, const std::string& tag, const fault& f) {
    st_.import_listings(50, tag);
    auto r = run(with_fiu({fiu_command(f)}, st_.sync_argv({"--no-pull"})));
    std::string why;
    verdict v = after(st_.data(), r, judge_sync(r, why), why);
    result.add(seed, "sync, " + fiu_command(f), v, why + " | " + r.err);
    clean_sync(seed, "sync");
  }

  // `hub serve` while the station pushes: the fault is switched on in the running hub
  // (fiu-ctrl), then off again; the hub must carry on by itself, without a restart.
  void hub_faulted(std::uint64_t seed, const std::string& tag, std::mt19937_64& rng) {
    static constexpr fault k_hub[] = {{"posix/io/sync/fdatasync", 5, 0.3},
                                      {"posix/io/sync/fdatasync", 28, 0.3},
                                      {"posix/io/rw/pwrite", 5, 0.2},
                                      {"posix/io/rw/pwrite", 28, 0.2},
                                      {"posix/io/rw/pread", 5, 0.05}};
    const fault& f = k_hub[rng() % std::size(k_hub)];
    st_.import_listings(300, tag);
    const std::string ctl = (hub_.dir() / "fiu").string();
    if (hub_.launcher.empty()) {  // once: the hub runs under libfiu with remote control
      hub_.stop();
      hub_.launcher = {"/usr/bin/fiu-run", "-x", "-f", ctl};
      hub_.start();
    }
    const std::string pid = std::to_string(hub_.pid());
    run({"/usr/bin/fiu-ctrl", "-f", ctl, "-c", fiu_command(f), pid});
    run_result r = st_.sync({"--no-pull", "--batch", "20", "--deadline", "20"}).run;
    const std::string disable = std::string("disable name=") + f.point;
    if (run({"/usr/bin/fiu-ctrl", "-f", ctl, "-c", disable, pid}).exit_code != 0)
      result.add(seed, "fiu-ctrl " + disable, verdict::data_failure, "could not switch the fault off");
    std::string why;
    verdict v = judge_sync(r, why);
    std::istringstream log(read_file(hub_.dir() / "hub.log"));
    for (std::string line; std::getline(log, line);) {
      const bool verdict_word =
          line.find("corrupt") != std::string::npos || line.find("malformed") != std::string::npos;
      if (verdict_word && line.find("unconfirmed") == std::string::npos) {
        why += " | the hub called its file damaged: " + line;
        v = verdict::misleading;
      }
    }
    if (!hub_.running()) {
      why += " | the hub stopped";
      v = verdict::data_failure;
      hub_.start();
    }
    result.add(seed, "hub serve with " + fiu_command(f), v, why + " | " + r.err);
    clean_sync(seed, "hub fault");
    if (hub_.hub({"check", "--data", hub_.data().string()}).exit_code != 0)
      result.add(seed, "hub check after the fault", verdict::data_failure, "hub check failed");
  }

  // A station whose disk really fills: a tmpfs just larger than its file.
  void full_fs(std::uint64_t seed, const std::string& tag, int rows, std::mt19937_64& rng) {
    temp_dir mnt{"disk-trial"};
    small_fs small(mnt / "fs", 3u << 20);
    if (!small.mounted()) {
      tmpfs_skipped = true;
      tmpfs_why = small.why_not();
      return;
    }
    const fs::path data = mnt / "fs" / "data";
    fs::copy(template_data(), data, fs::copy_options::recursive);
    small.fill(rng() % (256u << 10));
    const fs::path file = mnt / (tag + ".csv");
    write_file(file, csv_rows(rows, tag));
    const bool one = rng() % 2 == 0;
    auto r = one ? run({station_bin(), "--data", data.string(), "listing", "add", "--product", tag,
                        "--category", "vegetable", "--quantity", "5", "--unit", "斤", "--price", "2.50"})
                 : run({station_bin(), "--data", data.string(), "import", "listings", file.string()});
    small.free_space();
    std::string why;
    verdict v = judge_write(r, one ? 1 : rows, stored(data / "station.db", tag), why);
    if (r.exit_code != 0 && r.err.find("Disk full") == std::string::npos) {
      why += " | a full disk not called full";
      v = verdict::misleading;
    }
    v = after(data, r, v, why);
    result.add(seed, std::string("full tmpfs, ") + (one ? "listing add" : "import " + std::to_string(rows)),
               v, why + " | " + r.err);
  }

  // A small enrolled station to copy onto each tmpfs.
  fs::path template_data() {
    if (!template_) {
      template_ = std::make_unique<station_fixture>(hub_, k_village_b, "方家坝村服务站");
      template_->import_listings(100, "TEMPLATE");
    }
    return template_->data();
  }

  hub_fixture hub_;
  station_fixture st_;
  std::unique_ptr<station_fixture> template_;
};

}  // namespace

// The 160-trial runs of seeds 1001 and 2002 gave no misleading answer and no data
// failure; their findings (a SIGSEGV when a failed commit's reopen failed too, an intact
// file called corrupt by sync) have tests of their own (failed_reopen_test.cpp,
// sync_verdict_test.cpp).
TEST_CASE("seeded fault trials judged with the disk healthy again (issue 20)") {
  const int n = trial_count(40);
  const std::uint64_t seed0 = base_seed();
  trials t;
  // A seed of 100000 and more is one trial's own seed (as a failure names it): run it n times.
  const std::uint64_t first = seed0 >= 100000 ? seed0 : seed0 * 100000;
  for (int i = 0; i < n; ++i) t.run_one(seed0 >= 100000 ? seed0 : first + static_cast<std::uint64_t>(i));
  std::ostringstream o;
  o << n << " disk-fault trials (seeds " << first << ".." << (seed0 >= 100000 ? first : first + n - 1)
    << "):";
  for (verdict v : {verdict::ok, verdict::clean_error, verdict::misleading, verdict::data_failure})
    o << " " << name(v) << " " << t.result.n[v] << ";";
  if (t.tmpfs_skipped) o << " full-tmpfs trials skipped (" << t.tmpfs_why << ")";
  o << " " << t.end_counts();
  std::cout << o.str() << std::endl;
  for (const auto& b : t.result.bad) std::cout << "  " << b << std::endl;
  INFO(o.str());
  CHECK(t.result.n[verdict::misleading] == 0);
  CHECK(t.result.n[verdict::data_failure] == 0);
}

}  // namespace cunzhan::test::disk
