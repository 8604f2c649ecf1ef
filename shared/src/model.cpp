// Enum names and labels of the entities, and the category and unit tables.
#include "cunzhan/shared/model.hpp"

#include <array>

#include "name_tables.hpp"

namespace cunzhan {
namespace {

using detail::enum_name;
using detail::find_name;
using detail::label_of;
using detail::name_of;

constexpr std::array<enum_name<listing_status>, 5> k_listing_status{{
    {listing_status::draft, "draft", "草稿"},
    {listing_status::listed, "listed", "在售"},
    {listing_status::reserved, "reserved", "已预订"},
    {listing_status::sold, "sold", "已售"},
    {listing_status::withdrawn, "withdrawn", "已下架"},
}};
constexpr std::array<enum_name<pickup_direction>, 2> k_pickup_direction{{
    {pickup_direction::outbound, "outbound", "寄出"},
    {pickup_direction::inbound, "inbound", "代收"},
}};
constexpr std::array<enum_name<pickup_status>, 4> k_pickup_status{{
    {pickup_status::requested, "requested", "待揽收"},
    {pickup_status::picked_up, "picked_up", "已揽收"},
    {pickup_status::cancelled, "cancelled", "已取消"},
    {pickup_status::failed, "failed", "揽收失败"},
}};
constexpr std::array<enum_name<point_kind>, 3> k_point_kind{{
    {point_kind::village_fixed, "village_fixed", "驻村设点"},
    {point_kind::served_village, "served_village", "服务到村"},
    {point_kind::township_outlet, "township_outlet", "乡镇快递网点"},
}};
constexpr std::array<enum_name<seller_kind>, 3> k_seller_kind{{
    {seller_kind::household, "household", "农户"},
    {seller_kind::cooperative, "cooperative", "合作社"},
    {seller_kind::enterprise, "enterprise", "企业"},
}};
constexpr std::array<enum_name<station_kind>, 3> k_station_kind{{
    {station_kind::village, "village", "村级服务站"},
    {station_kind::township, "township", "乡镇服务中心"},
    {station_kind::county, "county", "县级服务中心"},
}};

}  // namespace

std::string_view to_string(listing_status v) { return name_of(k_listing_status, v); }
std::string_view to_string(pickup_direction v) { return name_of(k_pickup_direction, v); }
std::string_view to_string(pickup_status v) { return name_of(k_pickup_status, v); }
std::string_view to_string(point_kind v) { return name_of(k_point_kind, v); }
std::string_view to_string(station_kind v) { return name_of(k_station_kind, v); }
std::string_view to_string(seller_kind v) { return name_of(k_seller_kind, v); }
std::optional<seller_kind> parse_seller_kind(std::string_view s) { return find_name(k_seller_kind, s); }
std::string_view label_zh(seller_kind v) { return label_of(k_seller_kind, v); }

std::optional<listing_status> parse_listing_status(std::string_view s) {
  return find_name(k_listing_status, s);
}
std::optional<pickup_direction> parse_pickup_direction(std::string_view s) {
  return find_name(k_pickup_direction, s);
}
std::optional<pickup_status> parse_pickup_status(std::string_view s) { return find_name(k_pickup_status, s); }
std::optional<point_kind> parse_point_kind(std::string_view s) { return find_name(k_point_kind, s); }
std::optional<station_kind> parse_station_kind(std::string_view s) { return find_name(k_station_kind, s); }

std::string_view label_zh(listing_status v) { return label_of(k_listing_status, v); }
std::string_view label_zh(pickup_status v) { return label_of(k_pickup_status, v); }
std::string_view label_zh(point_kind v) { return label_of(k_point_kind, v); }

const std::vector<named_code>& listing_categories() {
  static const std::vector<named_code> t{
      {"grain", "粮油", "Grain and oil"},
      {"vegetable", "蔬菜", "Vegetables"},
      {"fruit", "水果", "Fruit"},
      {"livestock", "畜禽", "Livestock and poultry"},
      {"aquatic", "水产", "Aquatic products"},
      {"tea", "茶叶", "Tea"},
      {"mushroom", "食用菌", "Edible fungi"},
      {"nut", "干果坚果", "Dried fruit and nuts"},
      {"herb", "中药材", "Medicinal herbs"},
      {"processed", "加工食品", "Processed food"},
      {"handicraft", "手工艺品", "Handicrafts"},
      {"other", "其他", "Other"},
  };
  return t;
}

const std::vector<named_code>& listing_units() {
  // Codes are the stored form; Chinese units are stored as themselves (there is no
  // English code officers would recognise for 斤 or 筐).
  static const std::vector<named_code> t{
      {"kg", "公斤", "kilogram"}, {"斤", "斤", "jin"},    {"吨", "吨", "tonne"},  {"头", "头", "head"},
      {"只", "只", "piece"},      {"个", "个", "item"},   {"箱", "箱", "box"},    {"袋", "袋", "bag"},
      {"盒", "盒", "carton"},     {"捆", "捆", "bundle"}, {"筐", "筐", "basket"}, {"把", "把", "bunch"},
      {"瓶", "瓶", "bottle"},
  };
  return t;
}

std::optional<std::string> canonical_category(std::string_view s) {
  return detail::canonical(listing_categories(), s,
                           {{"vegetables", "vegetable"},
                            {"fruits", "fruit"},
                            {"nuts", "nut"},
                            {"herbs", "herb"},
                            {"粮食", "grain"},
                            {"其它", "other"}});
}

std::optional<std::string> canonical_unit(std::string_view s) {
  return detail::canonical(listing_units(), s,
                           {{"千克", "kg"},
                            {"kgs", "kg"},
                            {"kilograms", "kg"},
                            {"tonnes", "吨"},
                            {"t", "吨"},
                            {"boxes", "箱"},
                            {"bags", "袋"},
                            {"bottles", "瓶"}});
}

}  // namespace cunzhan
