// The villager services (shared/PROTOCOL.md "Villager services"): the villager register,
// 代买 orders (工业品进村) and services given to a villager. Plain structs like model.hpp;
// validation in validate.hpp, JSON in entity_json.hpp. A villager's name, phone and the
// notes stay at the station: the wire forms leave them out and the hub refuses them.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cunzhan/shared/model.hpp"
#include "cunzhan/shared/time.hpp"

namespace cunzhan {

// ---- villager (村民登记) ----
struct villager {
  std::string id;            // random UUID (v4), never derived from the person
  std::string village_code;  // 12 digits, village level
  int household_size = 1;    // 1–99
  std::string name;          // stays on the station
  std::string phone;         // stays on the station
  std::string note;          // stays on the station
};

// ---- proxy_buy (代买 order) ----
enum class proxy_buy_status { ordered, arrived, handed_over, returned, cancelled };

struct proxy_buy_order {
  std::string id;
  std::string villager_id;
  std::string category;         // code from proxy_buy_categories()
  std::string platform;         // code from proxy_buy_platforms()
  std::int64_t item_count = 1;  // 1–10000
  std::int64_t amount_fen = 0;  // ≥ 0
  proxy_buy_status status = proxy_buy_status::ordered;
  std::optional<sys_seconds> ordered_at;  // required
  std::optional<sys_seconds> arrived_at;
  std::optional<sys_seconds> handed_over_at;
  std::optional<sys_seconds> returned_at;
  std::optional<sys_seconds> cancelled_at;
  std::string pickup_id;  // optional: the inbound parcel the goods came with
  std::string note;       // stays on the station
};

// ---- service (为村民服务) ----
enum class service_kind { proxy_buy, proxy_sell, parcel, bill_payment, information, training, other };

struct villager_service {
  std::string id;
  std::string villager_id;
  std::optional<date> served_on;  // required
  service_kind kind = service_kind::other;
  std::string source_id;  // the proxy_buy / listing / pickup it was recorded with
  std::string note;       // stays on the station
};

std::string_view to_string(proxy_buy_status);
std::string_view to_string(service_kind);
std::optional<proxy_buy_status> parse_proxy_buy_status(std::string_view);
std::optional<service_kind> parse_service_kind(std::string_view);
std::string_view label_zh(proxy_buy_status);
std::string_view label_zh(service_kind);

// 日用品 daily, 家电数码 appliance_digital, 服装鞋帽 clothing, 食品饮料 food_drink,
// 农资 farm_input, 医药健康 health, 其他 other.
const std::vector<named_code>& proxy_buy_categories();
// 淘宝 taobao, 京东 jd, 拼多多 pinduoduo, 苏宁 suning, 抖音 douyin, 其他 other.
const std::vector<named_code>& proxy_buy_platforms();
// A code, a Chinese or an English name → the code.
std::optional<std::string> canonical_proxy_buy_category(std::string_view s);
std::optional<std::string> canonical_proxy_buy_platform(std::string_view s);

// The service a record implies (PROTOCOL.md): an order → proxy_buy, a listing with a
// villager → proxy_sell, a pickup with a villager → parcel.
villager_service implied_service(const proxy_buy_order& o, std::string id);

}  // namespace cunzhan
