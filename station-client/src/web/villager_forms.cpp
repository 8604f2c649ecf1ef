// Choices and the form source of the villager pages (villager_forms.hpp).
#include "villager_forms.hpp"

#include "cunzhan/shared/text.hpp"

namespace cunzhan::station_client::web {
namespace {

std::vector<choice> named(const ctx& c, const std::vector<named_code>& names) {
  std::vector<choice> out;
  for (const auto& n : names) out.push_back({std::string(n.code), std::string(c.t(n.zh, n.en))});
  return out;
}

}  // namespace

std::vector<choice> villager_choices(const ctx& c) {
  std::vector<choice> out;
  const auto villages = village_choices(c);
  auto all = c.db.villagers().list({});
  if (!all) return out;
  for (const auto& v : *all) {
    std::string label = v.name;
    if (!v.phone.empty()) label += " " + mask_phone(v.phone);
    label += "（" + village_label(villages, v.village_code) + "）";
    out.push_back({v.id, std::move(label)});
  }
  return out;
}

std::vector<choice> service_kind_choices(const ctx& c) {
  std::vector<choice> out;
  for (auto k :
       {service_kind::bill_payment, service_kind::information, service_kind::training,
        service_kind::proxy_buy, service_kind::proxy_sell, service_kind::parcel, service_kind::other})
    out.push_back({std::string(to_string(k)), std::string(c.zh() ? label_zh(k) : to_string(k))});
  return out;
}

std::vector<choice> order_category_choices(const ctx& c) { return named(c, proxy_buy_categories()); }
std::vector<choice> order_platform_choices(const ctx& c) { return named(c, proxy_buy_platforms()); }

field_source form_source(const ctx& c, std::vector<std::pair<std::string_view, std::string_view>> renamed) {
  return [&c, renamed = std::move(renamed)](std::string_view field) -> std::optional<std::string> {
    std::string_view name = field;
    for (const auto& [f, n] : renamed)
      if (f == field) name = n;
    const std::string v(trim(c.body.get(name)));
    if (v.empty()) return std::nullopt;
    return v;
  };
}

}  // namespace cunzhan::station_client::web
