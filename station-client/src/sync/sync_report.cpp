// The one-line summary of a sync run, for the officer's screen and the nightly log.
#include <sstream>

#include "cunzhan/station/sync.hpp"

namespace cunzhan::station_client {

std::string sync_report::summary(lang l) const {
  std::ostringstream out;
  const double secs = static_cast<double>(duration.count()) / 1000.0;
  if (l == lang::zh) {
    out << (outcome == sync_outcome::complete    ? "同步完成"
            : outcome == sync_outcome::temporary ? "同步未完成（稍后重试）"
                                                 : "同步停止（需要处理）")
        << "：新增 " << applied << "，重复 " << duplicate << "，被拒 " << rejected << "，尝试 " << attempts
        << " 次，发出批次 " << batches << "，确认批次 " << batches_acked << "，重试 " << retries << "，发送 "
        << bytes_sent << " 字节，用时 " << secs << " 秒";
  } else {
    out << (outcome == sync_outcome::complete    ? "sync complete"
            : outcome == sync_outcome::temporary ? "sync incomplete (will retry)"
                                                 : "sync stopped (action needed)")
        << ": applied " << applied << ", duplicate " << duplicate << ", rejected " << rejected
        << ", attempts " << attempts << ", batches sent " << batches << ", acknowledged " << batches_acked
        << ", retries " << retries << ", sent " << bytes_sent << " bytes in " << secs << " s";
  }
  if (outcome != sync_outcome::complete) out << " — " << last_error.describe(l);
  return out.str();
}

}  // namespace cunzhan::station_client
