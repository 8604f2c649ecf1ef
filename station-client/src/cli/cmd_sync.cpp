// `station sync`: one run of the sync engine, interactive (progress bar, one-line
// summary) or nightly (quiet, one log line per run, exit 0 / 75 / 1 for cron/systemd).
// A lock file keeps two syncs of the same station from running at once.
#include <charconv>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <optional>
#include <thread>

#include "cli_common.hpp"
#include "cunzhan/platform/console.hpp"
#include "cunzhan/platform/file_lock.hpp"
#include "cunzhan/platform/path.hpp"
#include "cunzhan/platform/stop_signal.hpp"
#include "cunzhan/station/sync.hpp"

namespace cunzhan::station_client::cli {
namespace {

constexpr std::string_view k_help =
    R"(station sync — send waiting records to the hub, then fetch reference data
同步：把待上传的记录发到区县中心，再下载村庄等参考数据

Usage: station sync [--nightly] [--deadline SECONDS] [--batch N] [--no-pull] [--json]
                    [--log FILE] [--connect HOST:PORT]
  --nightly          unattended: print nothing unless something is wrong, append one line to
                     the log (default DATA/sync.log). Exit 0 all sent, 75 try later (hub
                     unreachable, busy, time ran out, another sync running), 1 the officer
                     must act (token refused, hub certificate not trusted, records the hub
                     rejected still unfixed, store cannot be opened)
  --deadline S       stop after S seconds (the rest goes next run); default none
  --batch N          first batch size in ops (adapts to the link; default 200)
  --no-pull          skip fetching reference data
  --json             one JSON document on stdout (also with --nightly, which still logs its line)
  --log FILE         log file for --nightly
  --connect H:P      connect to H:P instead of the enrolment's address (a relay or proxy);
                     the hub's certificate is still checked against the enrolment's name
Example / 示例:
  station sync
  station sync --nightly --deadline 3000
)";

// SIGTERM (systemd stopping the nightly job) or Ctrl+C ends the run as its deadline
// would: the exchange in flight is answered and recorded, the rest goes next time (exit
// 75). The signals are blocked before any thread starts and taken here. A second signal,
// or an exchange still unanswered k_stop_grace later (a stalled link), ends the process
// at once with 75: still safe, since anything in doubt is sent again on the next run.
constexpr std::chrono::seconds k_stop_grace{10};

class stop_watch {
 public:
  stop_watch() {
    platform::block_stop_signals();
    thread_ = std::thread([this] {
      // A grace period for a real signal to end the process: real time, the steady clock.
      std::optional<std::chrono::steady_clock::time_point> asked;
      while (!done_) {
        const bool got = platform::take_stop_signal(std::chrono::milliseconds(200));
        if (asked && (got || std::chrono::steady_clock::now() - *asked > k_stop_grace))
          std::_Exit(exit_code(sync_outcome::temporary));
        if (got && !asked) {
          asked = std::chrono::steady_clock::now();
          stop_ = true;
        }
      }
    });
  }
  ~stop_watch() {
    done_ = true;
    thread_.join();
  }
  const std::atomic<bool>* flag() const { return &stop_; }

 private:
  std::atomic<bool> stop_{false}, done_{false};
  std::thread thread_;
};

void draw_progress(const sync_progress& p) {
  const double secs = std::chrono::duration<double>(p.elapsed).count();
  const double rate = secs > 0 ? static_cast<double>(p.bytes_sent) / secs : 0;
  const int width = 24;
  const int filled =
      p.ops_total > 0 ? static_cast<int>(width * p.ops_done / std::max<std::int64_t>(p.ops_total, 1)) : width;
  std::string bar(static_cast<std::size_t>(std::min(filled, width)), '#');
  bar.resize(width, '-');
  double eta = 0;
  if (p.ops_done > 0 && p.ops_total > p.ops_done)
    eta = secs * static_cast<double>(p.ops_total - p.ops_done) / static_cast<double>(p.ops_done);
  std::fprintf(stderr, "\r[%s] %lld/%lld ops  %.1f KB  %.1f KB/s  ETA %.0f s  ", bar.c_str(),
               static_cast<long long>(p.ops_done), static_cast<long long>(p.ops_total),
               static_cast<double>(p.bytes_sent) / 1024.0, rate / 1024.0, eta);
}

const char* outcome_name(sync_outcome o) {
  return o == sync_outcome::complete    ? "complete"
         : o == sync_outcome::temporary ? "temporary"
                                        : "needs_action";
}

boost::json::object error_json(const error& e) {
  return {
      {"code", code_name(e.code)}, {"message", e.describe(lang::en)}, {"message_zh", e.describe(lang::zh)}};
}

boost::json::object report_json(const sync_report& r) {
  boost::json::object o{{"outcome", outcome_name(r.outcome)},
                        {"exit_code", exit_code(r.outcome)},
                        {"applied", r.applied},
                        {"duplicate", r.duplicate},
                        {"rejected", r.rejected},
                        {"ops_sent", r.ops_sent},
                        {"attempts", r.attempts},
                        {"batches", r.batches},
                        {"batches_sent", r.batches},
                        {"batches_acked", r.batches_acked},
                        {"retries", r.retries},
                        {"reference_changes", r.reference_changes},
                        {"bytes_sent", r.bytes_sent},
                        {"bytes_received", r.bytes_received},
                        {"json_bytes", r.json_bytes},
                        {"tls_resumed", r.tls_resumed},
                        {"duration_ms", r.duration.count()}};
  if (r.clock_offset_s) o["clock_offset_s"] = *r.clock_offset_s;
  if (r.outcome != sync_outcome::complete) o["error"] = error_json(r.last_error);
  return o;
}

// One line per nightly run; a log that cannot be written must not turn a good night into
// a failed one, so errors here are ignored.
void append_log(const std::filesystem::path& p, const clock_source& clock, int code,
                const std::string& line) {
  std::ofstream log(p, std::ios::app);
  log << format_instant(clock.now()) << " exit=" << code << " " << line << "\n";
}

bool parse_number(const std::string& s, long long& out) {
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc{} && p == s.data() + s.size() && out >= 0;
}

}  // namespace

int cmd_sync(const context& c, const std::vector<std::string>& tokens) {
  auto a = parse_args(tokens, {"--deadline", "--batch", "--log", "--connect"}, {"--nightly", "--no-pull"});
  if (!a) return report(c, a.err());
  if (a->has("--help")) return print_help(c, k_help);
  if (!a->positional.empty()) return usage_error(c, "sync takes no arguments", "sync 不需要参数");

  sync_options o;
  long long n = 0;
  if (const auto* d = a->get("--deadline")) {
    if (!parse_number(*d, n))
      return usage_error(c, "--deadline must be whole seconds", "--deadline 必须是整数秒");
    o.deadline = std::chrono::seconds(n);
  }
  if (const auto* b = a->get("--batch")) {
    if (!parse_number(*b, n) || n < 1)
      return usage_error(c, "--batch must be a positive number", "--batch 必须是正整数");
    o.initial_batch_ops = static_cast<std::size_t>(n);
  }
  if (const auto* hp = a->get("--connect")) {
    auto colon = hp->rfind(':');
    if (colon == std::string::npos || !parse_number(hp->substr(colon + 1), n) || n == 0 || n > 65535)
      return usage_error(c, "--connect must be HOST:PORT", "--connect 必须是 主机:端口");
    o.connect_host = hp->substr(0, colon);
    o.connect_port = static_cast<unsigned short>(n);
  }
  o.pull = !a->has("--no-pull");
  const bool nightly = a->has("--nightly");
  if (!nightly && !c.json && platform::stderr_is_terminal()) o.on_progress = draw_progress;
  const auto log_path =
      a->get("--log") ? platform::path_from_utf8(*a->get("--log")) : c.data_dir / "sync.log";

  // A nightly run that cannot even start still leaves its line in the log: the log is
  // where the officer (or the district) looks to see whether last night happened.
  auto refuse = [&](const error& given, sync_outcome outcome) {
    // The JSON document and the log line say what report() says: a damaged-file verdict
    // only once a fresh open confirms it.
    const error e = given.code == errc::db_corrupt ? confirm_damage(c.data_dir, given) : given;
    const int code = exit_code(outcome);
    // A script reading --json gets its one document even when the run could not start.
    if (c.json)
      print_json(c, boost::json::object{
                        {"outcome", outcome_name(outcome)}, {"exit_code", code}, {"error", error_json(e)}});
    if (!nightly) {
      const int reported = report(c, e);
      return outcome == sync_outcome::temporary ? code : reported;
    }
    append_log(log_path, *c.clock, code, e.describe(lang::en));
    *c.err << e.describe(c.language) << "\n";
    return code;
  };
  auto st = open_store(c);
  // A store busy with another writer is worth retrying; anything else needs the officer.
  if (!st)
    return refuse(st.err(),
                  st.err().code == errc::db_busy ? sync_outcome::temporary : sync_outcome::needs_action);
  // DATA/sync.lock, exclusive and never waited for; the OS drops it with the process,
  // even one killed mid-sync, so a crash never blocks the next run.
  auto lock = platform::file_lock::try_lock(c.data_dir / "sync.lock");
  if (!lock) {  // cannot even open it (read-only or failing disk): the officer must act
    (void)refuse(lock.err(), sync_outcome::needs_action);
    return exit_code(sync_outcome::needs_action);
  }
  if (!lock->held())
    return refuse(error(errc::db_busy, "another sync of this station is running", "本站已有一个同步正在进行"),
                  sync_outcome::temporary);

  stop_watch stop;
  o.stop = stop.flag();
  const sync_report r = run_sync(**st, o);
  int code = exit_code(r.outcome);
  std::int64_t unresolved = 0;
  if (auto counts = (*st)->outbox().counts(); counts) unresolved = counts->rejected_unresolved;
  if (o.on_progress) std::fputc('\n', stderr);
  if (nightly) {
    // Records the hub refused wait for the officer: the night's run is not "all done".
    const std::string rejected_en = "records rejected by the hub need fixing: see `station rejected` (" +
                                    std::to_string(unresolved) + ")";
    const std::string rejected_zh =
        "有被中心退回的记录需要修改：请运行 `station rejected` 查看（" + std::to_string(unresolved) + " 条）";
    if (code == 0 && unresolved > 0) code = exit_code(sync_outcome::needs_action);
    append_log(log_path, *c.clock, code, r.summary(lang::en) + (unresolved > 0 ? " — " + rejected_en : ""));
    if (code != 0) {
      if (r.outcome != sync_outcome::complete)
        *c.err << r.summary(c.language) << "\n";
      else
        *c.err << (c.language == lang::zh ? rejected_zh : rejected_en) << "\n";
    }
  }
  if (c.json) {  // with --nightly too: the log line as always, and the document on stdout
    auto j = report_json(r);
    j["rejected_unresolved"] = unresolved;
    j["exit_code"] = code;
    print_json(c, j);
  } else if (!nightly) {
    *c.out << r.summary(c.language) << "\n";
    if (unresolved > 0)
      *c.out << c.t("有被中心退回的记录需要修改：请运行 `station rejected` 查看",
                    "records rejected by the hub need fixing: see `station rejected`")
             << " (" << unresolved << ")\n";
  }
  return code;
}

}  // namespace cunzhan::station_client::cli
