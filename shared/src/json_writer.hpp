// Private helpers of the entity JSON writers: optional fields are omitted when empty, so
// the wire form stays small and from_json(to_json(x)) gives back x exactly.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "cunzhan/shared/time.hpp"

namespace cunzhan::detail {

inline void put_text(boost::json::object& o, std::string_view key, const std::string& v) {
  if (!v.empty()) o[key] = v;
}
inline void put_day(boost::json::object& o, std::string_view key, const std::optional<date>& d) {
  if (d) o[key] = format_date(*d);
}
inline void put_instant(boost::json::object& o, std::string_view key, const std::optional<sys_seconds>& t) {
  if (t) o[key] = format_instant(*t);
}
inline boost::json::array to_array(const std::vector<std::string>& v) {
  boost::json::array a;
  for (const auto& s : v) a.emplace_back(s);
  return a;
}

}  // namespace cunzhan::detail
