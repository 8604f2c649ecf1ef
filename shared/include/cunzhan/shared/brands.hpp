// Courier brand registry: the common codes (快递鸟-style) plus any a county adds from data.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cunzhan {

struct courier_brand {
  std::string code;     // "ZTO"
  std::string name_zh;  // "中通"
  std::string name_en;  // "ZTO Express"
};

class brand_registry {
 public:
  // The built-in list: EMS YZPY SF ZTO YTO STO YD JD JTSD DBL HTKY.
  static brand_registry builtin();
  // Adds or replaces a brand; code must be 2–16 chars of A–Z, 0–9 or '_'.
  bool add(courier_brand b);
  // Case-insensitive lookup by code, or by Chinese name ("中通" → ZTO).
  const courier_brand* find(std::string_view code_or_name) const;
  bool contains(std::string_view code) const { return find(code) != nullptr; }
  const std::vector<courier_brand>& all() const noexcept { return brands_; }

 private:
  std::vector<courier_brand> brands_;
};

}  // namespace cunzhan
