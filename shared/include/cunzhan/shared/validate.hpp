// Validation of the entities, shared by the station (CLI, import, web forms) and the hub
// (ingest). Every problem is reported at once, each with the field and a zh/en message.
#pragma once
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "cunzhan/shared/brands.hpp"
#include "cunzhan/shared/clock.hpp"
#include "cunzhan/shared/model.hpp"
#include "cunzhan/shared/result.hpp"
#include "cunzhan/shared/time.hpp"

namespace cunzhan {

struct validation_context {
  // County (6 digits) the station belongs to: village codes must lie in it.
  std::string county_code;
  // Known village codes of the county (from the registry or the last pull); when empty,
  // only the code's shape and county are checked (offline before the first pull).
  const std::vector<std::string>* known_villages = nullptr;  // sorted
  const brand_registry* brands = nullptr;                    // nullptr → builtin
  date today = real_clock().today();
  // "Not in the future" for instants (sold_at, picked_up_at) means not
  // after now + future_tolerance: two PCs' clocks never agree to the second. The hub
  // (hub_side) allows at least hub_future_tolerance whatever is set here: a station
  // whose clock runs ahead must still be able to sync (status warns about its clock),
  // and on the hub a harvest date may then be "tomorrow" by the same margin.
  sys_seconds now = real_clock().now();
  std::chrono::seconds future_tolerance{10 * 60};
  // The hub side: the farmer's name/phone are absent and only the mask is checked.
  bool hub_side = false;

  // Takes today and now from `c` (a test_clock in tests).
  validation_context& at(const clock_source& c) {
    today = c.today();
    now = c.now();
    return *this;
  }
};

inline constexpr std::chrono::seconds hub_future_tolerance{36 * 3600};

// Each returns an empty vector when the record is valid.
std::vector<field_error> validate(const listing& l, const validation_context& ctx);
std::vector<field_error> validate(const pickup& p, const validation_context& ctx);
std::vector<field_error> validate(const courier_point& c, const validation_context& ctx);

// Wraps a non-empty list into error{validation_failed, fields}.
status to_status(std::vector<field_error> errors);

// Length limits (code points), shared with forms and docs.
namespace limits {
inline constexpr std::size_t product_name = 64;
inline constexpr std::size_t person_name = 32;
inline constexpr std::size_t point_name = 64;
inline constexpr std::size_t note = 500;
inline constexpr std::size_t sales_channel = 32;
inline constexpr std::size_t tracking_no = 40;
inline constexpr std::size_t filing_no = 64;
inline constexpr std::size_t served_villages = 200;
inline constexpr std::int64_t max_price_fen = 100'000'000'00;  // ¥100 million
inline constexpr double max_quantity = 1e9;
}  // namespace limits

}  // namespace cunzhan
