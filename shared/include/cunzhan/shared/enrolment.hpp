// The enrolment file: written by `hub enroll`, read by `station init`. JSON, UTF-8:
// {"format": "cunzhan-enrolment/1", "hub_url": "https://127.0.0.1:8443",
//  "server_name": "hub.example", "ca_pem": "-----BEGIN CERTIFICATE-----\n...",
//  "station_id": "uuid", "station_name": "...", "village_code": "500153102200",
//  "kind": "village", "token": "<station token>"}
// server_name is optional (defaults to the URL's host). The token is a secret: the file
// is written 0600 and should be deleted after `station init`.
#pragma once
#include <string>

#include "cunzhan/shared/result.hpp"

namespace cunzhan {

inline constexpr const char* enrolment_format = "cunzhan-enrolment/1";

struct enrolment {
  std::string hub_url;
  std::string server_name;  // may be empty
  std::string ca_pem;
  std::string station_id;
  std::string station_name;
  std::string village_code;
  std::string kind = "village";
  std::string token;
};

std::string to_json_text(const enrolment& e);  // pretty-printed
// Checks every field (URL is https://, CA looks like PEM, uuid, 12-digit village code,
// non-empty token); reports all problems at once as errc::enrolment_invalid + fields.
result<enrolment> parse_enrolment(std::string_view json_text);

}  // namespace cunzhan
