// One sync run's conversation with the hub: the pinned-CA TLS client, the bearer token,
// classification of answers (ok / retry later / refused), backoff within the run's
// deadline, and the bookkeeping the report needs (bytes, clock offset, TLS resumption).
#pragma once
#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "cunzhan/net/https_client.hpp"
#include "cunzhan/station/sync.hpp"
#include "sync/backoff.hpp"

namespace cunzhan::station_client {

struct hub_answer {
  enum kind_t { ok, retry, too_large, refused } kind = ok;
  net::http_response response;  // when the hub answered
  error err;                    // what went wrong (retry/refused)
  std::optional<std::chrono::seconds> retry_after;
};

class hub_session {
 public:
  static result<std::unique_ptr<hub_session>> open(store& s, const sync_options& o);

  // Opens the connection if none is open, sending nothing: ops are marked in flight only
  // once this succeeds (a refused handshake must leave them waiting, not "sent").
  hub_answer connect();
  // Sends one request; never re-sends by itself (the caller decides what to send again).
  hub_answer send(const std::string& method, const std::string& target, const std::string& body,
                  const std::string& content_encoding);
  // Pipelined push: writes a push of `zstd_body` (if given) while reading the answer owed
  // for the oldest push (if `read`; otherwise an `ok` answer without a response). Any
  // failure closes the connection: every push still unanswered is in doubt.
  hub_answer pipeline_push(const std::string* zstd_body, bool read);

  bool out_of_time() const;  // the deadline passed, or a stop was asked for
  bool stop_asked() const;
  // Within one exchange timeout of the deadline: the engine stops pipelining so that
  // every exchange can be bounded by the time left (see fit_deadline).
  bool near_deadline() const;
  // Sleeps before the next attempt (counting it in rep.retries); false (and the report
  // says why) when the failures or the deadline are used up.
  bool wait_before_retry(const hub_answer& a, sync_report& rep);
  bool give_up_time(sync_report& rep);
  bool stop_local(sync_report& rep, error e);  // the local store failed
  bool stop_refused(sync_report& rep, const hub_answer& a, std::optional<error> e = std::nullopt);
  void note_server_time(sys_seconds server_time, sync_report& rep);
  void report_progress(sync_progress& prog, const char* phase);
  // Saves the TLS session for next run's resumption and fills the byte counters.
  void finish(sync_report& rep);
  // The entities the hub announced in its last answer (nullopt inside: the v1 set);
  // nullopt when no answer of the hub's routes came.
  const std::optional<std::optional<std::string>>& announced() const { return announced_; }

 private:
  hub_session(store& s, const sync_options& o, net::client_options co, std::string token);
  net::header_list headers(bool with_body, const std::string& content_encoding) const;
  hub_answer classify(result<net::http_response> r);
  void fit_deadline();
  void rebuild_client(std::chrono::milliseconds connect, std::chrono::milliseconds io);

  store& store_;
  const sync_options& opts_;
  net::client_options base_;  // as opened; timeouts are the configured ones
  std::unique_ptr<net::https_client> client_;
  std::chrono::milliseconds io_now_{0}, connect_now_{0};  // the current client's timeouts
  std::size_t sent_before_ = 0, received_before_ = 0;     // bytes of replaced clients
  bool resumed_ = false;
  std::string token_;
  backoff backoff_;
  int failures_ = 0;
  std::optional<std::optional<std::string>> announced_;
  std::optional<std::int64_t> date_offset_s_;  // from the Date header, a fallback
  // The run's deadline and elapsed time bound real network I/O (the socket waits in real
  // time whatever a test clock says): the steady clock, not store::clock().
  std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
  std::optional<std::chrono::steady_clock::time_point> deadline_;
};

}  // namespace cunzhan::station_client
