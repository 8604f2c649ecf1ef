// Counting and rendering the hub's Prometheus metrics.
#include "cunzhan/hub/metrics.hpp"

#include <sstream>

namespace cunzhan::hub {
namespace {

// A label value in the text format: backslash, quote and newline escaped, so no value
// can end its series early and forge another line.
std::string label_value(const std::string& v) {
  std::string out;
  out.reserve(v.size());
  for (char c : v) {
    if (c == '\\')
      out += "\\\\";
    else if (c == '"')
      out += "\\\"";
    else if (c == '\n')
      out += "\\n";
    else
      out += c;
  }
  return out;
}

}  // namespace

void metrics::count_request(const std::string& route, int status) {
  std::lock_guard lk(mu_);
  ++requests_[{route, status}];
}

void metrics::count_ops(std::size_t applied, std::size_t duplicate, std::size_t rejected) {
  std::lock_guard lk(mu_);
  applied_ += applied;
  duplicate_ += duplicate;
  rejected_ += rejected;
}

void metrics::count_storage_error(const std::string& route, const std::string& code) {
  std::lock_guard lk(mu_);
  ++storage_errors_[{route, code}];
}

void metrics::observe_batch_seconds(double s) {
  std::lock_guard lk(mu_);
  for (std::size_t i = 0; i < latency_buckets.size(); ++i) {
    if (s <= latency_buckets[i]) ++bucket_counts_[i];
  }
  ++batch_count_;
  batch_sum_ += s;
}

std::string metrics::render(const net::server_stats* server) const {
  std::lock_guard lk(mu_);
  std::ostringstream o;
  o << "# HELP cunzhan_hub_requests_total HTTP requests by route and status.\n"
    << "# TYPE cunzhan_hub_requests_total counter\n";
  for (const auto& [k, n] : requests_) {
    o << "cunzhan_hub_requests_total{route=\"" << label_value(k.first) << "\",status=\"" << k.second << "\"} "
      << n << "\n";
  }
  o << "# HELP cunzhan_hub_storage_errors_total Requests that failed on the hub's storage, by route and "
       "code.\n"
    << "# TYPE cunzhan_hub_storage_errors_total counter\n";
  for (const auto& [k, n] : storage_errors_) {
    o << "cunzhan_hub_storage_errors_total{route=\"" << label_value(k.first) << "\",code=\""
      << label_value(k.second) << "\"} " << n << "\n";
  }
  o << "# HELP cunzhan_hub_ops_total Pushed ops by outcome.\n# TYPE cunzhan_hub_ops_total counter\n"
    << "cunzhan_hub_ops_total{status=\"applied\"} " << applied_ << "\n"
    << "cunzhan_hub_ops_total{status=\"duplicate\"} " << duplicate_ << "\n"
    << "cunzhan_hub_ops_total{status=\"rejected\"} " << rejected_ << "\n";
  o << "# HELP cunzhan_hub_batch_apply_seconds Time to apply and commit one push batch.\n"
    << "# TYPE cunzhan_hub_batch_apply_seconds histogram\n";
  for (std::size_t i = 0; i < latency_buckets.size(); ++i) {
    o << "cunzhan_hub_batch_apply_seconds_bucket{le=\"" << latency_buckets[i] << "\"} " << bucket_counts_[i]
      << "\n";
  }
  o << "cunzhan_hub_batch_apply_seconds_bucket{le=\"+Inf\"} " << batch_count_ << "\n"
    << "cunzhan_hub_batch_apply_seconds_sum " << batch_sum_ << "\n"
    << "cunzhan_hub_batch_apply_seconds_count " << batch_count_ << "\n";
  if (server != nullptr) {
    o << "# HELP cunzhan_hub_open_connections Open client connections.\n"
      << "# TYPE cunzhan_hub_open_connections gauge\n"
      << "cunzhan_hub_open_connections " << server->open_connections << "\n"
      << "# HELP cunzhan_hub_tls_handshake_failures_total Failed TLS handshakes.\n"
      << "# TYPE cunzhan_hub_tls_handshake_failures_total counter\n"
      << "cunzhan_hub_tls_handshake_failures_total " << server->tls_handshake_failures << "\n"
      << "# HELP cunzhan_hub_connections_accepted_total Accepted TCP connections.\n"
      << "# TYPE cunzhan_hub_connections_accepted_total counter\n"
      << "cunzhan_hub_connections_accepted_total " << server->accepted << "\n"
      << "# HELP cunzhan_hub_connections_refused_total Connections closed at once: the client address had "
         "max-connections-per-address open (per_address), or max-connections were open (capacity).\n"
      << "# TYPE cunzhan_hub_connections_refused_total counter\n"
      << "cunzhan_hub_connections_refused_total{reason=\"per_address\"} " << server->refused_per_address
      << "\n"
      << "cunzhan_hub_connections_refused_total{reason=\"capacity\"} " << server->refused_at_capacity << "\n";
  }
  return o.str();
}

}  // namespace cunzhan::hub
