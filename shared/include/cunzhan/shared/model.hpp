// The station-owned entities (shared/PROTOCOL.md, Endpoints): listing, pickup, courier_point, station.
// Plain structs; validation lives in validate.hpp and JSON in entity_json.hpp.
// Money is integer fen; dates are Shanghai calendar days; instants are UTC seconds.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cunzhan/shared/time.hpp"

namespace cunzhan {

// ---- listing (农产品) ----
enum class listing_status { draft, listed, reserved, sold, withdrawn };
// Who sells (PROTOCOL.md "Villager services"): a household, or a cooperative or
// enterprise named by seller_name (an organisation's name, not personal data).
enum class seller_kind { household, cooperative, enterprise };

struct listing {
  std::string id;                    // uuid
  std::string product_name;          // 1–64 chars
  std::string category;              // code from listing_categories()
  double quantity = 0;               // > 0
  std::string unit;                  // canonical unit from listing_units()
  std::int64_t price_fen = 0;        // price per unit, ≥ 0
  std::optional<date> harvest_date;  // not in the future
  std::string village_code;          // 12 digits, village level
  std::string farmer_name;           // stays on the station
  std::string farmer_phone;          // stays on the station; the hub gets farmer_phone_masked
  std::string farmer_phone_masked;   // derived: "138****5678"
  listing_status status = listing_status::listed;
  double sold_quantity = 0;          // sold: > 0 and ≤ quantity
  std::int64_t sold_amount_fen = 0;  // sold: ≥ 0
  std::optional<sys_seconds> sold_at;
  std::string sales_channel;  // free text, e.g. "拼多多", "抖音", "本地"
  std::string note;
  std::optional<sys_seconds> created_at;
  std::optional<sys_seconds> updated_at;
  seller_kind seller = seller_kind::household;
  std::string seller_name;  // cooperative / enterprise: 1–64 chars; household: empty
  std::string villager_id;  // optional uuid: the household seller is a registered villager
};

// ---- pickup (快递揽收 / 代收) ----
enum class pickup_direction { outbound, inbound };
enum class pickup_status { requested, picked_up, cancelled, failed };

struct pickup {
  std::string id;
  std::string brand;  // courier brand code
  pickup_direction direction = pickup_direction::outbound;
  std::int64_t parcels = 1;         // 1–10000
  std::optional<double> weight_kg;  // ≥ 0
  std::string listing_id;           // optional uuid
  std::optional<sys_seconds> requested_at;
  std::optional<sys_seconds> due_at;        // ≥ requested_at
  std::optional<sys_seconds> picked_up_at;  // set when picked_up
  pickup_status status = pickup_status::requested;
  std::string tracking_no;  // ASCII letters/digits, ≤ 40
  std::string failure_reason;
  std::string note;
  std::string villager_id;  // optional uuid: sent or received for a registered villager
};

// ---- courier_point (快递服务点) ----
enum class point_kind { village_fixed, served_village, township_outlet };

struct courier_point {
  std::string id;
  std::string name;
  std::vector<std::string> brands;  // ≥ 1 known codes, no duplicates
  point_kind kind = point_kind::village_fixed;
  std::string village_code;                  // located in (village, or township code for outlets)
  std::vector<std::string> served_villages;  // village codes in the same county
  int days_per_week = 0;                     // 1–7
  std::string filing_no;                     // 快递末端网点备案 receipt, ≤ 64
  std::optional<date> opened_on;
  std::optional<date> closed_on;  // > opened_on
  std::string note;
};

// ---- station (issued by the hub at enrolment) ----
enum class station_kind { village, township, county };

struct station {
  std::string id;
  std::string name;
  std::string village_code;
  station_kind kind = station_kind::village;
  std::string officer;
  std::optional<date> opened_on;
  std::optional<date> closed_on;
};

// Enum names as they appear on the wire, in CSV and on the command line.
std::string_view to_string(listing_status);
std::string_view to_string(pickup_direction);
std::string_view to_string(pickup_status);
std::string_view to_string(point_kind);
std::string_view to_string(station_kind);
std::string_view to_string(seller_kind);
std::optional<seller_kind> parse_seller_kind(std::string_view);
std::string_view label_zh(seller_kind);
std::optional<listing_status> parse_listing_status(std::string_view);
std::optional<pickup_direction> parse_pickup_direction(std::string_view);
std::optional<pickup_status> parse_pickup_status(std::string_view);
std::optional<point_kind> parse_point_kind(std::string_view);
std::optional<station_kind> parse_station_kind(std::string_view);
// Chinese labels for the officer (e.g. listed → "在售").
std::string_view label_zh(listing_status);
std::string_view label_zh(pickup_status);
std::string_view label_zh(point_kind);

struct named_code {
  std::string_view code;
  std::string_view zh;
  std::string_view en;
};
// Listing categories: grain 粮油, vegetable 蔬菜, fruit 水果, livestock 畜禽, aquatic 水产,
// tea 茶叶, mushroom 食用菌, nut 干果坚果, herb 中药材, processed 加工食品, handicraft 手工艺品, other 其他.
const std::vector<named_code>& listing_categories();
// Units: kg 斤 吨 头 只 个 箱 袋 盒 捆 筐 把 瓶 (code is the canonical form stored).
const std::vector<named_code>& listing_units();
// Accepts a code, a Chinese or an English name ("蔬菜", "Vegetables"); returns the code.
std::optional<std::string> canonical_category(std::string_view s);
std::optional<std::string> canonical_unit(std::string_view s);

}  // namespace cunzhan
