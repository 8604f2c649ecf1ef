// The sync run: push the outbox in seq-ordered batches, then pull reference data.
// Ops move pending → in_flight once a connection to the hub is up, just before their batch
// is sent, and → acked/rejected only from the hub's answer; an in_flight op whose answer
// was lost is simply sent again next time (the hub answers `duplicate`), which is what
// makes a cut connection harmless.
#include "cunzhan/station/sync.hpp"

#include <algorithm>
#include <deque>
#include <optional>
#include <thread>

#include <boost/json.hpp>

#include "cunzhan/net/https_client.hpp"
#include "cunzhan/shared/compress.hpp"
#include "cunzhan/shared/json_util.hpp"
#include "cunzhan/shared/uuid.hpp"
#include "sync/backoff.hpp"
#include "sync/hub_session.hpp"
#include "sync/pull.hpp"
#include "sync/push_check.hpp"

namespace cunzhan::station_client {
namespace {

using clock = std::chrono::steady_clock;

// Adapts the batch size to the link: halve after a failure or a slow exchange, double
// while exchanges are quick, so a 2G link sends small batches that can finish and a
// fast link is not held back by per-request round trips.
class batch_sizer {
 public:
  explicit batch_sizer(const sync_options& o)
      : min_(std::max<std::size_t>(o.min_batch_ops, 1)),
        max_(std::max(o.max_batch_ops, min_)),
        now_(std::clamp(o.initial_batch_ops, min_, max_)) {}
  std::size_t ops() const { return now_; }
  bool at_minimum() const { return now_ == min_; }
  void shrink() { now_ = std::max(min_, now_ / 2); }
  // The hub refused this size (413): never try it again this run, so growth on a fast
  // link settles just under the hub's limit instead of bouncing off it.
  void refused() {
    max_ = std::max(min_, now_ - 1);
    shrink();
  }
  void observe(clock::duration took) {
    if (took < std::chrono::seconds(2))
      now_ = std::min(max_, now_ * 2);
    else if (took > std::chrono::seconds(20))
      shrink();
  }

 private:
  std::size_t min_, max_, now_;
};

struct push_counts {
  std::int64_t applied = 0, duplicate = 0, rejected = 0;
};

push_counts count(const push_response& r) {
  push_counts c;
  for (const auto& x : r.results) {
    if (x.status == op_status::applied)
      ++c.applied;
    else if (x.status == op_status::duplicate)
      ++c.duplicate;
    else
      ++c.rejected;
  }
  return c;
}

// The stored data text goes into the body as it is: parsing every op's data only to
// write the same bytes again was most of the station's encoding work.
std::string encode_batch(const std::vector<outbox_op>& batch) {
  std::vector<op_with_data_text> ops;
  ops.reserve(batch.size());
  for (const auto& o : batch) ops.push_back({&o.envelope, o.data_text});
  return encode_push_request_text(uuid_v4(), ops);
}

// A push written to the hub whose answer is not read yet.
struct owed_push {
  std::vector<sent_op> ops;
  clock::time_point sent_at;
};

// Pipelining: up to two pushes are on the connection at once, so the station reads,
// encodes and compresses batch k+1 (and records the answer to k-1) while the hub applies
// batch k; the hub reads k+1 from its socket the moment it has answered k. The hub takes
// requests in order on a connection, so answers come back in order. Exactly-once is
// untouched: ops are in_flight from before they are sent until their own answer marks
// them, and after any failure everything unanswered is simply sent again from the
// outbox (the hub answers `duplicate` for what did arrive). Near the deadline the depth
// drops to one (send, then read its answer in the same exchange), so that each exchange
// can be bounded by the time left.
constexpr std::size_t k_pipeline_depth = 2;

// One pass over the outbox. Returns false when the run must stop (report says why).
bool push_outbox(store& s, hub_session& hub, const sync_options& o, sync_report& rep, sync_progress& prog) {
  batch_sizer sizer(o);
  std::deque<owed_push> owed;
  std::int64_t sent_through = 0;  // highest seq written on this connection
  bool outbox_done = false;
  while (true) {
    if (hub.out_of_time()) return hub.give_up_time(rep);
    std::optional<std::string> body;
    std::vector<sent_op> ops;
    std::optional<hub_answer> refused_connect;
    const std::size_t depth = hub.near_deadline() ? 1 : k_pipeline_depth;
    if (!outbox_done && owed.size() < depth) {
      auto batch = s.outbox().next_batch(sizer.ops(), o.max_batch_bytes, sent_through);
      if (!batch) return hub.stop_local(rep, std::move(batch).err());
      outbox_done = batch->empty();
      if (!outbox_done) {
        ++rep.attempts;
        // In flight only once the batch can actually go out: a hub that cannot be reached
        // (or whose certificate is refused) leaves the ops waiting, not "sent".
        if (auto up = hub.connect(); up.kind != hub_answer::ok) refused_connect = std::move(up);
      }
      if (!outbox_done && !refused_connect) {  // a batch, and a connection to send it on
        std::vector<std::int64_t> seqs;
        for (const auto& op : *batch) {
          seqs.push_back(op.envelope.seq);
          ops.push_back({op.envelope.op_id, op.envelope.seq});
        }
        if (auto st = s.outbox().mark_in_flight(seqs); !st) return hub.stop_local(rep, std::move(st).err());
        sent_through = std::max(sent_through, *std::max_element(seqs.begin(), seqs.end()));
        const std::string json = encode_batch(*batch);
        rep.json_bytes += json.size();
        rep.ops_sent += static_cast<std::int64_t>(batch->size());
        ++rep.batches;
        body = zstd_compress(json);
      }
    }
    if (!body && owed.empty() && !refused_connect) return true;

    const bool read = !owed.empty() || depth == 1;
    auto answer =
        refused_connect ? std::move(*refused_connect) : hub.pipeline_push(body ? &*body : nullptr, read);
    if (answer.kind == hub_answer::ok && body) owed.push_back({std::move(ops), clock::now()});
    if (answer.kind != hub_answer::ok) {
      // The connection is gone with whatever was owed on it: start again from the
      // outbox, where those ops are still in_flight.
      owed.clear();
      sent_through = 0;
      outbox_done = false;
    }
    if (answer.kind == hub_answer::retry) {
      sizer.shrink();
      if (!hub.wait_before_retry(answer, rep)) return false;
      continue;
    }
    if (answer.kind == hub_answer::too_large && !sizer.at_minimum()) {
      sizer.refused();  // the hub's batch limit is lower than ours; not the link's fault
      continue;
    }
    if (answer.kind != hub_answer::ok) return hub.stop_refused(rep, answer);
    if (!read) continue;

    const auto took = clock::now() - owed.front().sent_at;
    const owed_push answered = std::move(owed.front());
    owed.pop_front();
    auto parsed = parse_json(answer.response.body);
    auto decoded = parsed ? decode_push_response(*parsed) : result<push_response>(parsed.err());
    if (!decoded) return hub.stop_refused(rep, answer, std::move(decoded).err());
    hub.note_server_time(decoded->server_time, rep);
    // An answer that does not fit its batch marks nothing: those ops stay in_flight.
    if (auto fits = check_push_answer(answered.ops, *decoded); !fits)
      return hub.stop_refused(rep, answer, std::move(fits).err());
    if (auto st = s.outbox().apply_results(*decoded); !st) return hub.stop_local(rep, std::move(st).err());

    ++rep.batches_acked;
    const auto c = count(*decoded);
    rep.applied += c.applied;
    rep.duplicate += c.duplicate;
    rep.rejected += c.rejected;
    prog.ops_done += static_cast<std::int64_t>(decoded->results.size());
    sizer.observe(took);
    hub.report_progress(prog, "push");
  }
}

}  // namespace

sync_report run_sync(store& s, const sync_options& o) {
  const auto started = clock::now();
  sync_report rep;
  sync_progress prog;
  auto finish = [&](bool ok) {
    // SQLite can take a page the disk failed to read for a damaged one: its CORRUPT
    // verdict is given (and logged, and kept for `station status`) only when a fresh
    // open with a full check finds the damage too.
    rep.last_error = confirm_damage_in_use(s, std::move(rep.last_error));
    rep.duration = std::chrono::duration_cast<std::chrono::milliseconds>(clock::now() - started);
    std::optional<sys_seconds> hub_time;
    const sys_seconds now = s.clock().now();
    if (rep.clock_offset_s) hub_time = now + std::chrono::seconds(*rep.clock_offset_s);
    (void)s.meta().record_sync(now, ok, rep.summary(lang::en), rep.summary(lang::zh), hub_time);
    return rep;
  };

  auto hub = hub_session::open(s, o);
  if (!hub) {
    rep.outcome = sync_outcome::needs_action;
    rep.last_error = std::move(hub).err();
    return finish(false);
  }
  if (auto c = s.outbox().counts(); c) prog.ops_total = c->pending + c->in_flight;

  bool ok = push_outbox(s, **hub, o, rep, prog);
  if (ok && o.pull) ok = pull_reference(s, **hub, rep, prog);
  // Records of an entity the hub has just announced were kept unsent: queue and send them now.
  if (ok && (*hub)->announced()) {
    auto queued = s.note_hub_entities(*(*hub)->announced());
    if (!queued)
      ok = (*hub)->stop_local(rep, std::move(queued).err());
    else if (*queued > 0)
      ok = push_outbox(s, **hub, o, rep, prog);
  }
  (*hub)->finish(rep);
  if (ok) rep.outcome = sync_outcome::complete;
  return finish(ok);
}

int exit_code(sync_outcome o) {
  switch (o) {
    case sync_outcome::complete: return 0;
    case sync_outcome::temporary: return 75;  // EX_TEMPFAIL: cron/systemd try again
    case sync_outcome::needs_action: return 1;
  }
  return 1;
}

}  // namespace cunzhan::station_client
