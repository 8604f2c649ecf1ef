#include "store/ref_feed.hpp"

#include <boost/json.hpp>

#include "cunzhan/shared/brands.hpp"

namespace cunzhan::hub::ref_feed {

std::string township(const township_row& t) {
  return boost::json::serialize(
      boost::json::object{{"code", t.code}, {"name", t.name}, {"county_code", t.county_code}});
}

std::string village(const village_row& v) {
  return boost::json::serialize(boost::json::object{{"code", v.code},
                                                    {"name", v.name},
                                                    {"township_code", v.township_code},
                                                    {"county_code", v.county_code}});
}

std::string target(const std::string& kpi, double value) {
  return boost::json::serialize(boost::json::object{{"kpi", kpi}, {"target", value}});
}

std::vector<std::pair<std::string, std::string>> builtin_brands() {
  std::vector<std::pair<std::string, std::string>> out;
  const brand_registry builtin = brand_registry::builtin();
  for (const auto& b : builtin.all()) {
    out.emplace_back(b.code, boost::json::serialize(boost::json::object{
                                 {"code", b.code}, {"name_zh", b.name_zh}, {"name_en", b.name_en}}));
  }
  return out;
}

}  // namespace cunzhan::hub::ref_feed
