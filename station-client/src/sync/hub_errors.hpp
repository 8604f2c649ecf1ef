// What went wrong between the station and the hub, said so the officer can tell the cases
// apart in either language, with the technical detail kept in brackets:
//   - the hub could not be reached (nothing was sent),
//   - the line was cut while sending or waiting for the answer (it may have arrived; it is
//     sent again and the hub answers `duplicate`),
//   - the hub is busy (429/503) or failing (5xx),
//   - the hub refused something and said why (its own message, see hub_reported).
#pragma once
#include "cunzhan/net/http_types.hpp"
#include "cunzhan/shared/result.hpp"

namespace cunzhan::station_client {

// The pinned CA or the host name did not vouch for the server (see hub_errors.cpp).
bool is_certificate_failure(const error& e);
// The officer's message for it: nothing was sent, ask for a new enrolment file.
error certificate_error(const error& e);
// A failure of the client itself (connect, TLS, send, receive) in the officer's words.
error link_error(const error& e);
// The error the hub put in its answer's body (code and both messages), or one naming the
// HTTP status when the body has none.
error hub_reported(const net::http_response& r);
// A 429/503/5xx answer: the hub busy or failing, with what it said.
error hub_busy(const net::http_response& r);

}  // namespace cunzhan::station_client
