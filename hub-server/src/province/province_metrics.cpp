// Counting and rendering the province's metrics.
#include "province/province_metrics.hpp"

#include <boost/json.hpp>
#include <sstream>

namespace cunzhan::hub::province {

void province_metrics::count_submission(const net::http_response& res) {
  std::string answer;
  if (res.status == 200) {
    boost::system::error_code ec;
    auto v = boost::json::parse(res.body, ec);
    const auto* st = !ec && v.is_object() ? v.as_object().if_contains("status") : nullptr;
    if (st != nullptr && st->is_string()) answer = std::string(st->as_string());
  }
  // Only the three answers of PROTOCOL.md become labels: nothing the client sent does.
  std::lock_guard lk(mu_);
  if (answer == "accepted" || answer == "duplicate" || answer == "unchanged")
    ++answers_[answer];
  else
    ++refused_[res.status];
}

void province_metrics::count_request(int status) {
  std::lock_guard lk(mu_);
  ++requests_[status];
}

std::string province_metrics::render() const {
  std::lock_guard lk(mu_);
  std::ostringstream o;
  o << "# HELP cunzhan_province_submissions_total Monthly reports received, by answer.\n"
    << "# TYPE cunzhan_province_submissions_total counter\n";
  for (const char* a : {"accepted", "duplicate", "unchanged"}) {
    const auto it = answers_.find(a);
    o << "cunzhan_province_submissions_total{answer=\"" << a << "\"} "
      << (it == answers_.end() ? 0 : it->second) << "\n";
  }
  std::uint64_t refused = 0;
  for (const auto& [s, n] : refused_) refused += n;
  o << "cunzhan_province_submissions_total{answer=\"refused\"} " << refused << "\n"
    << "# HELP cunzhan_province_submissions_refused_total Refused reports, by HTTP status.\n"
    << "# TYPE cunzhan_province_submissions_refused_total counter\n";
  for (const auto& [s, n] : refused_)
    o << "cunzhan_province_submissions_refused_total{status=\"" << s << "\"} " << n << "\n";
  o << "# HELP cunzhan_province_requests_total HTTP requests by status.\n"
    << "# TYPE cunzhan_province_requests_total counter\n";
  for (const auto& [s, n] : requests_)
    o << "cunzhan_province_requests_total{status=\"" << s << "\"} " << n << "\n";
  return o.str();
}

}  // namespace cunzhan::hub::province
