// The 12-digit statistical division code (统计用区划代码): digits 1–2 province, 3–4
// prefecture, 5–6 county, 7–9 township, 10–12 village. Kinds follow the 2009 coding rules.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace cunzhan {

enum class township_kind { subdistrict, town, township, township_like, other };  // 街道 镇 乡 类似乡级
enum class village_kind {
  community,               // 001–199 居民委员会
  administrative_village,  // 200–399 村民委员会
  community_like,          // 400–499 类似居民委员会
  village_like,            // 500–599 类似村民委员会
  other
};

class division_code {
 public:
  // Accepts exactly 12 ASCII digits with a non-zero province, prefecture and county.
  // Township and village parts may be 000 (a code for the county or township itself).
  static std::optional<division_code> parse(std::string_view s);

  const std::string& str() const noexcept { return code_; }
  std::string_view province() const noexcept { return std::string_view(code_).substr(0, 2); }
  std::string_view prefecture() const noexcept { return std::string_view(code_).substr(0, 4); }
  std::string_view county() const noexcept { return std::string_view(code_).substr(0, 6); }
  std::string_view township() const noexcept { return std::string_view(code_).substr(0, 9); }
  int township_part() const noexcept;  // digits 7–9 as a number
  int village_part() const noexcept;   // digits 10–12 as a number

  bool is_village_level() const noexcept { return village_part() != 0; }
  bool is_township_level() const noexcept { return township_part() != 0 && village_part() == 0; }
  township_kind township_type() const noexcept;
  village_kind village_type() const noexcept;
  // 行政村 for coverage KPIs: village codes 200–399 and 500–599.
  bool is_administrative_village() const noexcept;

  friend bool operator==(const division_code&, const division_code&) = default;
  friend auto operator<=>(const division_code&, const division_code&) = default;

 private:
  explicit division_code(std::string c) : code_(std::move(c)) {}
  std::string code_;
};

std::string_view township_kind_name(township_kind k, bool chinese);

// Accepts a 6-digit county code (GB/T 2260) as used on the command line and in URLs.
bool is_county_code(std::string_view s);
bool is_administrative_village_code(std::string_view code12);

}  // namespace cunzhan
