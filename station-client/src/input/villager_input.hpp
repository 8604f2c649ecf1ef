// Reading a 代买 order or a service from what an officer typed, for the CLI options and
// the web forms alike (the same parsers, the same messages). Fields are asked for by
// their record name; the caller maps them to "--amount" or to a form field.
#pragma once
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cunzhan/shared/result.hpp"
#include "cunzhan/shared/villager.hpp"
#include "cunzhan/station/store.hpp"

namespace cunzhan::station_client {

// The text given for a field ("villager", "category", "platform", "item_count", "amount",
// "ordered_at", "kind", "served_on", "note"), or nullopt when it was not given or is blank.
using field_source = std::function<std::optional<std::string>(std::string_view field)>;

// The villager by id or by name (unique); problems go to errs under villager_id.
void read_villager_field(store& s, const field_source& get, bool required, std::string& id,
                         std::vector<field_error>& errs);
// villager, category, platform, item_count, amount (yuan), ordered_at (default now), note.
std::vector<field_error> read_order(store& s, const field_source& get, proxy_buy_order& o);
// villager, kind, served_on (default today), note.
std::vector<field_error> read_service(store& s, const field_source& get, villager_service& v);

}  // namespace cunzhan::station_client
