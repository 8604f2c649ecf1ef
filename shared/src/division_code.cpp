// Division codes: shape checks and the township/village kinds of the 2009 coding rules.
#include "cunzhan/shared/division_code.hpp"

namespace cunzhan {
namespace {

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

int part(std::string_view s, std::size_t pos) {
  return (s[pos] - '0') * 100 + (s[pos + 1] - '0') * 10 + (s[pos + 2] - '0');
}

}  // namespace

std::optional<division_code> division_code::parse(std::string_view s) {
  if (s.size() != 12 || !all_digits(s)) return std::nullopt;
  if (!is_county_code(s.substr(0, 6))) return std::nullopt;
  // A village part without a township part names no real unit.
  if (part(s, 6) == 0 && part(s, 9) != 0) return std::nullopt;
  return division_code(std::string(s));
}

int division_code::township_part() const noexcept { return part(code_, 6); }
int division_code::village_part() const noexcept { return part(code_, 9); }

township_kind division_code::township_type() const noexcept {
  const int t = township_part();
  if (t >= 1 && t <= 99) return township_kind::subdistrict;
  if (t >= 100 && t <= 199) return township_kind::town;
  if (t >= 200 && t <= 399) return township_kind::township;
  if (t >= 400 && t <= 599) return township_kind::township_like;
  return township_kind::other;
}

village_kind division_code::village_type() const noexcept {
  const int v = village_part();
  if (v >= 1 && v <= 199) return village_kind::community;
  if (v >= 200 && v <= 399) return village_kind::administrative_village;
  if (v >= 400 && v <= 499) return village_kind::community_like;
  if (v >= 500 && v <= 599) return village_kind::village_like;
  return village_kind::other;
}

bool division_code::is_administrative_village() const noexcept {
  const village_kind k = village_type();
  return k == village_kind::administrative_village || k == village_kind::village_like;
}

std::string_view township_kind_name(township_kind k, bool chinese) {
  switch (k) {
    case township_kind::subdistrict: return chinese ? "街道" : "subdistrict";
    case township_kind::town: return chinese ? "镇" : "town";
    case township_kind::township: return chinese ? "乡" : "township";
    case township_kind::township_like: return chinese ? "类似乡级单位" : "township-like unit";
    case township_kind::other: break;
  }
  return chinese ? "其他" : "other";
}

bool is_county_code(std::string_view s) {
  if (s.size() != 6 || !all_digits(s)) return false;
  // Province, prefecture and county pairs are all non-zero in a real county code.
  return s.substr(0, 2) != "00" && s.substr(2, 2) != "00" && s.substr(4, 2) != "00";
}

bool is_administrative_village_code(std::string_view code12) {
  const auto c = division_code::parse(code12);
  return c && c->is_administrative_village();
}

}  // namespace cunzhan
