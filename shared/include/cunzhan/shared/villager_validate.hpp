// Validation of the villager services (villager.hpp), the same rules at the station (forms,
// CLI, CSV) and the hub (ingest), every problem at once with its field and zh/en message.
// On the hub side (ctx.hub_side) a villager's name, phone and note, and the notes of orders
// and services, must be absent: they never leave the station (PROTOCOL.md).
#pragma once
#include <cstdint>
#include <vector>

#include "cunzhan/shared/validate.hpp"
#include "cunzhan/shared/villager.hpp"

namespace cunzhan {

std::vector<field_error> validate(const villager& v, const validation_context& ctx);
std::vector<field_error> validate(const proxy_buy_order& o, const validation_context& ctx);
std::vector<field_error> validate(const villager_service& s, const validation_context& ctx);

namespace limits {
inline constexpr int max_household_size = 99;
inline constexpr std::int64_t max_item_count = 10000;
}  // namespace limits

}  // namespace cunzhan
