// Does a push answer fit the batch it answers? Checked before any op is marked, because
// a wrong answer (a hub bug, a proxy mixing up pipelined responses) acknowledged as-is
// would lose ops for good: they would never be sent again.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "cunzhan/shared/op.hpp"
#include "cunzhan/shared/result.hpp"

namespace cunzhan::station_client {

struct sent_op {
  std::string op_id;
  std::int64_t seq = 0;
};

// OK when every op sent is answered exactly once, nothing else is answered, and every op
// answered applied or duplicate lies at or below acked_through (the hub's highest logged
// seq for this station: it logs each op of a batch before answering). Otherwise an error
// saying what did not match; the caller then marks nothing (the batch stays in doubt and
// is sent again).
status check_push_answer(const std::vector<sent_op>& batch, const push_response& answer);

}  // namespace cunzhan::station_client
