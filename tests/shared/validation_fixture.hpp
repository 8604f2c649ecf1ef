// What the validation tests of shared/ share: a station's context in county 500153 on
// 2026-11-20 at 12:00 Shanghai time, and "is this field named, in both languages".
#pragma once
#include <chrono>
#include <string_view>
#include <vector>

#include "cunzhan/shared/validate.hpp"

namespace cunzhan::testing {

inline const sys_seconds k_validation_now =
    std::chrono::sys_days{std::chrono::year{2026} / 11 / 20} + std::chrono::hours{4};

inline validation_context ctx_station() {
  validation_context ctx;
  ctx.county_code = "500153";
  ctx.today = std::chrono::year{2026} / 11 / 20;
  ctx.now = k_validation_now;
  return ctx;
}

// Whether `field` has an error with an English and a different Chinese message.
inline bool has_field(const std::vector<field_error>& errs, std::string_view field) {
  for (const auto& e : errs)
    if (e.field == field)
      return !e.message_en.empty() && !e.message_zh.empty() && e.message_en != e.message_zh;
  return false;
}

}  // namespace cunzhan::testing
