// The county enrolment file: written by `hub province enroll-county` at the province, read
// by `hub province join` at the county hub (shared/PROTOCOL.md "County enrolment file").
#pragma once
#include <string>
#include <string_view>

#include "cunzhan/shared/result.hpp"

namespace cunzhan::hub::province {

inline constexpr std::string_view k_county_enrolment_format = "cunzhan-county-enrolment/1";

struct county_enrolment {
  std::string province_url;
  std::string server_name;  // may be empty: the URL's host
  std::string ca_pem;
  std::string province_code;
  std::string county_code;
  std::string token;  // ct_…
};

std::string to_json_text(const county_enrolment& e);
// Every problem at once, as errc::enrolment_invalid; unknown keys are ignored.
result<county_enrolment> parse_county_enrolment(std::string_view text);

}  // namespace cunzhan::hub::province
