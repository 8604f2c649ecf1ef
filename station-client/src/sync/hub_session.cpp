// How the sync engine talks to the hub and decides between retrying, stopping for the
// officer, and giving up for now. 401/403 stop at once: retrying a revoked token only
// hammers the hub and hides the real problem from the officer.
#include "sync/hub_session.hpp"

#include <thread>

#include "cunzhan/shared/json_util.hpp"
#include "cunzhan/shared/time.hpp"

namespace cunzhan::station_client {
namespace {

constexpr const char* k_session_key = "tls_session";

error error_from_body(const net::http_response& r) {
  auto v = parse_json(r.body);
  if (v && v->is_object()) {
    const auto* e = v->as_object().if_contains("error");
    if (e && e->is_object()) {
      const auto& o = e->as_object();
      auto text = [&](const char* k) {
        const auto* x = o.if_contains(k);
        return x && x->is_string() ? std::string(x->as_string()) : std::string();
      };
      error out(code_from_name(text("code")), text("message"), text("message_zh"));
      return out;
    }
  }
  return error(errc::server_error, "HTTP " + std::to_string(r.status), "服务器返回 HTTP " + std::to_string(r.status));
}

}  // namespace

result<std::unique_ptr<hub_session>> hub_session::open(store& s, const sync_options& o) {
  auto enr = s.enrolment_info();
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
  if (auto blob = s.sync_value(k_session_key); blob) co.session_blob = *blob;
  return std::unique_ptr<hub_session>(new hub_session(s, o, std::move(co), enr->token));
}

hub_session::hub_session(store& s, const sync_options& o, net::client_options co, std::string token)
    : store_(s), opts_(o), client_(std::move(co)), token_(std::move(token)),
      backoff_(o.backoff_base, o.backoff_cap) {
  if (o.deadline.count() > 0) deadline_ = started_ + o.deadline;
}

net::header_list hub_session::headers(bool with_body, const std::string& content_encoding) const {
  net::header_list h = {{"authorization", "Bearer " + token_},
                        {"accept", "application/json"},
                        {"x-station-time", format_instant(now_seconds())}};
  if (with_body) {
    h.emplace_back("content-type", "application/json");
    if (!content_encoding.empty()) h.emplace_back("content-encoding", content_encoding);
  }
  return h;
}

hub_answer hub_session::send(const std::string& method, const std::string& target, const std::string& body,
                             const std::string& content_encoding) {
  return classify(client_.request(method, target, headers(!body.empty(), content_encoding), body));
}

hub_answer hub_session::pipeline_push(const std::string* zstd_body, bool read) {
  net::outgoing_request req;
  if (zstd_body) req = {"POST", "/v1/sync/push", headers(true, "zstd"), *zstd_body};
  auto r = client_.pipeline(zstd_body ? &req : nullptr, read);
  if (!r) return classify(std::move(r).err());
  if (!*r) return hub_answer{};
  return classify(std::move(**r));
}

hub_answer hub_session::classify(result<net::http_response> r) {
  hub_answer a;
  if (!r) {
    // The connection is in an unknown state after a failure mid-exchange: start afresh.
    client_.close();
    a.kind = hub_answer::retry;
    a.err = std::move(r).err();
    return a;
  }
  a.response = std::move(*r);
  const int st = a.response.status;
  if (st >= 200 && st < 300) {
    failures_ = 0;
    return a;
  }
  // Pipelined pushes behind a refused one are dropped with the connection (in doubt).
  client_.close();
  a.err = error_from_body(a.response);
  if (st == 429 || st == 503 || st >= 500) {
    a.kind = hub_answer::retry;
    if (const auto* ra = a.response.header("retry-after")) a.retry_after = parse_retry_after(*ra);
  } else if (st == 413) {
    a.kind = hub_answer::too_large;
  } else {
    a.kind = hub_answer::refused;
  }
  return a;
}

bool hub_session::out_of_time() const { return deadline_ && std::chrono::steady_clock::now() >= *deadline_; }

bool hub_session::give_up_time(sync_report& rep) {
  rep.outcome = sync_outcome::temporary;
  rep.last_error = error(errc::timeout, "the sync window ran out; the rest goes next time",
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
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(*deadline_ - std::chrono::steady_clock::now());
    if (left <= delay) {
      rep.outcome = sync_outcome::temporary;
      rep.last_error = a.err;
      return false;
    }
  }
  std::this_thread::sleep_for(delay);
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
    rep.last_error = error(errc::unauthorized,
                           "the hub refused this station's token (wrong or revoked): ask the district for a new enrolment file",
                           "中心拒绝了本站的令牌（错误或已吊销）：请向区县索取新的注册文件");
  else if (a.response.status == 403)
    rep.last_error = error(errc::forbidden, "the hub does not allow this station to sync",
                           "中心不允许本站同步");
  return false;
}

void hub_session::note_server_time(sys_seconds server_time, sync_report& rep) {
  if (server_time.time_since_epoch().count() == 0) return;
  rep.clock_offset_s = (server_time - now_seconds()).count();
}

void hub_session::report_progress(sync_progress& prog, const char* phase) {
  if (!opts_.on_progress) return;
  prog.phase = phase;
  prog.bytes_sent = client_.bytes_sent();
  prog.bytes_received = client_.bytes_received();
  prog.elapsed = std::chrono::steady_clock::now() - started_;
  opts_.on_progress(prog);
}

void hub_session::finish(sync_report& rep) {
  rep.bytes_sent = client_.bytes_sent();
  rep.bytes_received = client_.bytes_received();
  rep.tls_resumed = client_.session_reused();
  if (auto blob = client_.session_blob(); !blob.empty()) (void)store_.set_sync_value(k_session_key, blob);
}

}  // namespace cunzhan::station_client
