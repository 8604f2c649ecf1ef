// Enum names, labels and code tables of the villager services.
#include "cunzhan/shared/villager.hpp"

#include <array>

#include "name_tables.hpp"

namespace cunzhan {
namespace {

using detail::enum_name;

constexpr std::array<enum_name<proxy_buy_status>, 5> k_proxy_buy_status{{
    {proxy_buy_status::ordered, "ordered", "已下单"},
    {proxy_buy_status::arrived, "arrived", "已到站"},
    {proxy_buy_status::handed_over, "handed_over", "已交付"},
    {proxy_buy_status::returned, "returned", "已退货"},
    {proxy_buy_status::cancelled, "cancelled", "已取消"},
}};
constexpr std::array<enum_name<service_kind>, 7> k_service_kind{{
    {service_kind::proxy_buy, "proxy_buy", "代买"},
    {service_kind::proxy_sell, "proxy_sell", "代卖"},
    {service_kind::parcel, "parcel", "代收代发"},
    {service_kind::bill_payment, "bill_payment", "缴费"},
    {service_kind::information, "information", "信息咨询"},
    {service_kind::training, "training", "培训"},
    {service_kind::other, "other", "其他"},
}};

}  // namespace

std::string_view to_string(proxy_buy_status v) { return detail::name_of(k_proxy_buy_status, v); }
std::string_view to_string(service_kind v) { return detail::name_of(k_service_kind, v); }
std::optional<proxy_buy_status> parse_proxy_buy_status(std::string_view s) {
  return detail::find_name(k_proxy_buy_status, s);
}
std::optional<service_kind> parse_service_kind(std::string_view s) {
  return detail::find_name(k_service_kind, s);
}
std::string_view label_zh(proxy_buy_status v) { return detail::label_of(k_proxy_buy_status, v); }
std::string_view label_zh(service_kind v) { return detail::label_of(k_service_kind, v); }

const std::vector<named_code>& proxy_buy_categories() {
  static const std::vector<named_code> t{
      {"daily", "日用品", "Daily necessities"},
      {"appliance_digital", "家电数码", "Appliances and electronics"},
      {"clothing", "服装鞋帽", "Clothing and shoes"},
      {"food_drink", "食品饮料", "Food and drink"},
      {"farm_input", "农资", "Farm inputs"},
      {"health", "医药健康", "Medicine and health"},
      {"other", "其他", "Other"},
  };
  return t;
}

const std::vector<named_code>& proxy_buy_platforms() {
  static const std::vector<named_code> t{
      {"taobao", "淘宝", "Taobao"}, {"jd", "京东", "JD.com"},     {"pinduoduo", "拼多多", "Pinduoduo"},
      {"suning", "苏宁", "Suning"}, {"douyin", "抖音", "Douyin"}, {"other", "其他", "Other"},
  };
  return t;
}

std::optional<std::string> canonical_proxy_buy_category(std::string_view s) {
  return detail::canonical(proxy_buy_categories(), s,
                           {{"种子", "farm_input"},
                            {"化肥", "farm_input"},
                            {"饲料", "farm_input"},
                            {"家电", "appliance_digital"},
                            {"数码", "appliance_digital"},
                            {"其它", "other"}});
}

std::optional<std::string> canonical_proxy_buy_platform(std::string_view s) {
  return detail::canonical(proxy_buy_platforms(), s, {{"苏宁易购", "suning"}, {"其它", "other"}});
}

villager_service implied_service(const proxy_buy_order& o, std::string id) {
  villager_service s;
  s.id = std::move(id);
  s.villager_id = o.villager_id;
  if (o.ordered_at) s.served_on = shanghai_day(*o.ordered_at);
  s.kind = service_kind::proxy_buy;
  s.source_id = o.id;
  return s;
}

}  // namespace cunzhan
