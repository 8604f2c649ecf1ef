// The courier brand registry: built-in codes plus county additions, looked up by code or name.
#include "cunzhan/shared/brands.hpp"

#include "cunzhan/shared/text.hpp"

namespace cunzhan {
namespace {

bool valid_code(std::string_view c) {
  if (c.size() < 2 || c.size() > 16) return false;
  for (char ch : c)
    if (!((ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '_')) return false;
  return true;
}

bool iequals_ascii(std::string_view a, std::string_view b) {
  return a.size() == b.size() && to_upper_ascii(a) == to_upper_ascii(b);
}

}  // namespace

brand_registry brand_registry::builtin() {
  brand_registry r;
  r.brands_ = {
      {"EMS", "邮政EMS", "China Post EMS"}, {"YZPY", "中国邮政快递包裹", "China Post Parcel"},
      {"SF", "顺丰", "SF Express"},         {"ZTO", "中通", "ZTO Express"},
      {"YTO", "圆通", "YTO Express"},       {"STO", "申通", "STO Express"},
      {"YD", "韵达", "Yunda Express"},      {"JD", "京东", "JD Logistics"},
      {"JTSD", "极兔", "J&T Express"},      {"DBL", "德邦", "Deppon Express"},
      {"HTKY", "百世", "Best Express"},
  };
  return r;
}

bool brand_registry::add(courier_brand b) {
  if (!valid_code(b.code)) return false;
  for (auto& existing : brands_) {
    if (existing.code == b.code) {
      existing = std::move(b);
      return true;
    }
  }
  brands_.push_back(std::move(b));
  return true;
}

const courier_brand* brand_registry::find(std::string_view code_or_name) const {
  const std::string_view key = trim(code_or_name);
  if (key.empty()) return nullptr;
  for (const auto& b : brands_)
    if (iequals_ascii(b.code, key)) return &b;
  for (const auto& b : brands_)
    if (b.name_zh == key || iequals_ascii(b.name_en, key)) return &b;
  return nullptr;
}

}  // namespace cunzhan
