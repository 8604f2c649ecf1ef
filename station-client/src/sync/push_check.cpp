// The consistency check of a push answer against its batch (see push_check.hpp).
#include "sync/push_check.hpp"

#include <unordered_map>

namespace cunzhan::station_client {
namespace {

error mismatch(const std::string& what) {
  return error(
      errc::server_error,
      "the hub's answer does not match the batch sent (" + what +
          "); nothing was marked as sent, the batch goes again next time. If this repeats, tell the district",
      "中心的应答与所发批次不符（" + what + "），未将任何记录标为已发送，下次会重发。如反复出现，请告知区县");
}

}  // namespace

status check_push_answer(const std::vector<sent_op>& batch, const push_response& answer) {
  if (answer.results.size() != batch.size())
    return mismatch(std::to_string(batch.size()) + " ops sent, " + std::to_string(answer.results.size()) +
                    " answered");
  std::unordered_map<std::string_view, std::int64_t> seq_of;  // unanswered ops of the batch
  seq_of.reserve(batch.size());
  for (const auto& o : batch) seq_of.emplace(o.op_id, o.seq);
  for (const auto& r : answer.results) {
    auto it = seq_of.find(r.op_id);
    if (it == seq_of.end()) return mismatch("op " + r.op_id + " was not sent or is answered twice");
    if (r.status != op_status::rejected && it->second > answer.acked_through)
      return mismatch("op " + r.op_id + " answered " + std::string(to_string(r.status)) +
                      " beyond acked_through " + std::to_string(answer.acked_through));
    seq_of.erase(it);
  }
  return ok_status();
}

}  // namespace cunzhan::station_client
