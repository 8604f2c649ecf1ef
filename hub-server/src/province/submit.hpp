// The county hub's sending side: every month from the link's first month to the last
// complete one that the province has not acknowledged with its current content is sent,
// oldest first, stopping at the first one not acknowledged (so months arrive in order).
// Each content gets a submission_id committed to upstream.db before its first send; a
// resend after a lost answer reuses it and the province answers `duplicate`.
#pragma once
#include <cstddef>
#include <optional>
#include <ostream>
#include <string>

#include "cunzhan/shared/clock.hpp"

namespace cunzhan::hub::province {

struct submit_options {
  std::string data_dir;
  std::string storage;  // the hub's --storage ("" = SQLite in data_dir); upstream is kept beside it
  std::optional<std::string> period;  // only this month (it must have ended)
  std::optional<std::string> county;  // only this link
  // Connect to 127.0.0.1:PORT instead of the URL's address (a proxy, in tests); the name
  // checked in the certificate is still the enrolment's.
  std::optional<unsigned short> connect_port;
  const clock_source* clock = &real_clock();  // "today" and the stamps (tests set a test_clock)
};

struct submit_summary {
  int sent = 0;          // requests made
  int acknowledged = 0;  // months the province confirmed (accepted, duplicate or unchanged)
  int up_to_date = 0;    // months already acknowledged with the same content: not sent
  std::size_t bytes_raw = 0, bytes_sent = 0;  // report JSON before / after zstd
  // 0 everything acknowledged; 75 try again later (province unreachable or busy);
  // 1 someone must act (token refused, report refused).
  int exit_code = 0;
};

// Prints one line per month (both languages) to `out`.
submit_summary submit_due(const submit_options& o, std::ostream& out);

}  // namespace cunzhan::hub::province
