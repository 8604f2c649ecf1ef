// What the register, order and service pages share: the choices of their selects and the
// form as the field source of input/villager_input.hpp (villager_forms.cpp).
#pragma once
#include <string_view>
#include <utility>
#include <vector>

#include "../input/villager_input.hpp"
#include "cunzhan/shared/villager_validate.hpp"
#include "html.hpp"
#include "pages.hpp"

namespace cunzhan::station_client::web {

// Registered villagers, "name 138****5678（village）", by id.
std::vector<choice> villager_choices(const ctx& c);
std::vector<choice> service_kind_choices(const ctx& c);
std::vector<choice> order_category_choices(const ctx& c);
std::vector<choice> order_platform_choices(const ctx& c);
// The posted form, a field read under its own name unless renamed {field, form name}.
field_source form_source(const ctx& c, std::vector<std::pair<std::string_view, std::string_view>> renamed);

}  // namespace cunzhan::station_client::web
