// How the sync engine talks to the hub and decides between retrying, stopping for the
// officer, and giving up for now. 401/403 stop at once: retrying a revoked token only
// hammers the hub and hides the real problem from the officer.
#include "sync/hub_session.hpp"

#include <thread>

#include "cunzhan/shared/time.hpp"
#include "cunzhan/shared/version.hpp"
#include "sync/hub_errors.hpp"

namespace cunzhan::station_client {
namespace {

constexpr const char* k_session_key = "tls_session";
// How far past the deadline one exchange may run: the client's timeouts are re-fitted to
// the time left whenever they exceed it by more than this (each re-fit costs a resumed
// TLS handshake, so not on every request).
constexpr std::chrono::milliseconds k_deadline_slack{1000};

using steady = std::chrono::steady_clock;

std::chrono::milliseconds ms_until(steady::time_point t) {
  return std::max(std::chrono::milliseconds(1),
                  std::chrono::duration_cast<std::chrono::milliseconds>(t - steady::now()));
}

}  // namespace

result<std::unique_ptr<hub_session>> hub_session::open(store& s, const sync_options& o) {
  auto enr = s.meta().enrolment_info();
  if (!enr) return std::move(enr).err();
  net::client_options co;
  if (!net::parse_https_url(enr->hub_url, co.host, co.port))
    return error(errc::enrolment_invalid, "hub URL is not https://host:port: " + enr->hub_url,
                 "中心地址不是 https://主机:端口 格式：" + enr->hub_url);
  co.server_name = enr->server_name.empty() ? co.host : enr->server_name;
  if (!o.connect_host.empty()) co.host = o.connect_host;
  if (o.connect_port != 0) co.port = o.connect_port;
  co.ca_pem = enr->ca_pem;
  co.connect_timeout = o.connect_timeout;
  co.io_timeout = o.io_timeout;
  if (auto blob = s.meta().sync_value(k_session_key); blob) co.session_blob = *blob;
  return std::unique_ptr<hub_session>(new hub_session(s, o, std::move(co), enr->token));
}

hub_session::hub_session(store& s, const sync_options& o, net::client_options co, std::string token)
    : store_(s),
      opts_(o),
      base_(std::move(co)),
      token_(std::move(token)),
      backoff_(o.backoff_base, o.backoff_cap) {
  if (o.deadline.count() > 0) deadline_ = started_ + o.deadline;
  rebuild_client(base_.connect_timeout, base_.io_timeout);
  fit_deadline();
}

void hub_session::rebuild_client(std::chrono::milliseconds connect, std::chrono::milliseconds io) {
  net::client_options co = base_;
  if (client_) {
    // Carry the TLS session over, so the new connection resumes instead of a full handshake.
    if (auto blob = client_->session_blob(); !blob.empty()) co.session_blob = std::move(blob);
    sent_before_ += client_->bytes_sent();
    received_before_ += client_->bytes_received();
    resumed_ = resumed_ || client_->session_reused();
  }
  co.connect_timeout = std::min(connect, base_.connect_timeout);
  co.io_timeout = std::min(io, base_.io_timeout);
  io_now_ = co.io_timeout;
  connect_now_ = co.connect_timeout;
  client_ = std::make_unique<net::https_client>(std::move(co));
}

// The client's timeouts are fixed when it is made, so near the deadline a client whose
// exchange timeout would outlast the time left is replaced by one capped to it. Only
// between exchanges: with answers owed the connection cannot be swapped (the engine stops
// pipelining near the deadline for this reason).
void hub_session::fit_deadline() {
  if (!deadline_ || client_->unanswered() > 0) return;
  const auto left = ms_until(*deadline_);
  if (io_now_ > left + k_deadline_slack || connect_now_ > left + k_deadline_slack) rebuild_client(left, left);
}

bool hub_session::near_deadline() const {
  return deadline_ && ms_until(*deadline_) <= base_.io_timeout + base_.connect_timeout + k_deadline_slack;
}

net::header_list hub_session::headers(bool with_body, const std::string& content_encoding) const {
  net::header_list h = {{"authorization", "Bearer " + token_},
                        {"accept", "application/json"},
                        {"x-station-time", format_instant(store_.clock().now())},
                        {std::string(k_station_version_header), std::string(program_version())}};
  if (with_body) {
    h.emplace_back("content-type", "application/json");
    if (!content_encoding.empty()) h.emplace_back("content-encoding", content_encoding);
  }
  return h;
}

hub_answer hub_session::send(const std::string& method, const std::string& target, const std::string& body,
                             const std::string& content_encoding) {
  fit_deadline();
  return classify(client_->request(method, target, headers(!body.empty(), content_encoding), body));
}

hub_answer hub_session::connect() {
  fit_deadline();
  if (auto st = client_->connect(); !st) return classify(std::move(st).err());
  return hub_answer{};
}

hub_answer hub_session::pipeline_push(const std::string* zstd_body, bool read) {
  net::outgoing_request req;
  if (zstd_body) req = {"POST", "/v1/sync/push", headers(true, "zstd"), *zstd_body};
  fit_deadline();
  auto r = client_->pipeline(zstd_body ? &req : nullptr, read);
  if (!r) return classify(std::move(r).err());
  if (!*r) return hub_answer{};
  return classify(std::move(**r));
}

hub_answer hub_session::classify(result<net::http_response> r) {
  hub_answer a;
  if (!r) {
    // The connection is in an unknown state after a failure mid-exchange: start afresh.
    client_->close();
    a.err = std::move(r).err();
    if (is_certificate_failure(a.err)) {
      a.kind = hub_answer::refused;
      a.err = certificate_error(a.err);
      return a;
    }
    a.kind = hub_answer::retry;
    a.err = link_error(a.err);
    return a;
  }
  a.response = std::move(*r);
  // Only the hub's routes announce (they send X-Hub-Version); no X-Hub-Entities with it
  // means a hub of the v1 set.
  if (a.response.header(k_hub_version_header)) {
    const auto* e = a.response.header(k_hub_entities_header);
    announced_ = e ? std::optional<std::string>(*e) : std::nullopt;
  }
  if (const auto* d = a.response.header("date"))
    if (auto t = parse_http_date(*d)) date_offset_s_ = (*t - store_.clock().now()).count();
  const int st = a.response.status;
  if (st >= 200 && st < 300) {
    failures_ = 0;
    return a;
  }
  // Pipelined pushes behind a refused one are dropped with the connection (in doubt).
  client_->close();
  a.err = hub_reported(a.response);
  if (st == 429 || st == 503 || st >= 500) {
    a.kind = hub_answer::retry;
    a.err = hub_busy(a.response);
    if (const auto* ra = a.response.header("retry-after"))
      a.retry_after = parse_retry_after(*ra, store_.clock().now());
  } else if (st == 413) {
    a.kind = hub_answer::too_large;
  } else {
    a.kind = hub_answer::refused;
  }
  return a;
}

bool hub_session::stop_asked() const { return opts_.stop != nullptr && opts_.stop->load(); }

bool hub_session::out_of_time() const {
  return stop_asked() || (deadline_ && std::chrono::steady_clock::now() >= *deadline_);
}

bool hub_session::give_up_time(sync_report& rep) {
  rep.outcome = sync_outcome::temporary;
  rep.last_error = stop_asked() ? error(errc::timeout, "stopped on request; the rest goes next time",
                                        "已按要求停止同步，剩余数据下次再传")
                                : error(errc::timeout, "the sync window ran out; the rest goes next time",
                                        "同步时间已用完，剩余数据下次再传");
  return false;
}

bool hub_session::wait_before_retry(const hub_answer& a, sync_report& rep) {
  ++failures_;
  if (failures_ >= opts_.max_consecutive_failures) {
    rep.outcome = sync_outcome::temporary;
    rep.last_error = a.err;
    return false;
  }
  std::chrono::milliseconds delay = backoff_.next(failures_);
  if (a.retry_after) delay = std::max<std::chrono::milliseconds>(delay, *a.retry_after);
  if (deadline_) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(*deadline_ - std::chrono::steady_clock::now());
    if (left <= delay) {
      rep.outcome = sync_outcome::temporary;
      rep.last_error = a.err;
      return false;
    }
  }
  std::this_thread::sleep_for(delay);
  ++rep.retries;  // counted only when it happens: a run that gives up did not retry
  return true;
}

bool hub_session::stop_local(sync_report& rep, error e) {
  rep.outcome = sync_outcome::needs_action;
  rep.last_error = std::move(e);
  return false;
}

bool hub_session::stop_refused(sync_report& rep, const hub_answer& a, std::optional<error> e) {
  rep.outcome = sync_outcome::needs_action;
  rep.last_error = e ? std::move(*e) : a.err;
  if (a.response.status == 401)
    rep.last_error = error(
        errc::unauthorized,
        "the hub refused this station's token (wrong or revoked): ask the district for a new enrolment file",
        "中心拒绝了本站的令牌（错误或已吊销）：请向区县索取新的注册文件");
  else if (a.response.status == 403)
    rep.last_error =
        error(errc::forbidden, "the hub does not allow this station to sync", "中心不允许本站同步");
  return false;
}

void hub_session::note_server_time(sys_seconds server_time, sync_report& rep) {
  if (server_time.time_since_epoch().count() == 0) return;
  rep.clock_offset_s = (server_time - store_.clock().now()).count();
}

void hub_session::report_progress(sync_progress& prog, const char* phase) {
  if (!opts_.on_progress) return;
  prog.phase = phase;
  prog.bytes_sent = sent_before_ + client_->bytes_sent();
  prog.bytes_received = received_before_ + client_->bytes_received();
  prog.elapsed = std::chrono::steady_clock::now() - started_;
  opts_.on_progress(prog);
}

void hub_session::finish(sync_report& rep) {
  rep.bytes_sent = sent_before_ + client_->bytes_sent();
  rep.bytes_received = received_before_ + client_->bytes_received();
  rep.tls_resumed = resumed_ || client_->session_reused();
  if (!rep.clock_offset_s) rep.clock_offset_s = date_offset_s_;
  if (auto blob = client_->session_blob(); !blob.empty())
    (void)store_.meta().set_sync_value(k_session_key, blob);
}

}  // namespace cunzhan::station_client
