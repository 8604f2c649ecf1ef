// Private helpers of model.cpp and villager.cpp: one table per enum drives to_string,
// parse_* and label_zh alike; code tables resolve a code, Chinese or English name.
#pragma once
#include <array>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cunzhan/shared/model.hpp"
#include "cunzhan/shared/text.hpp"

namespace cunzhan::detail {

template <class E>
struct enum_name {
  E value;
  std::string_view name;
  std::string_view zh;
};

template <class E, std::size_t N>
const enum_name<E>* find_value(const std::array<enum_name<E>, N>& t, E v) {
  for (const auto& row : t)
    if (row.value == v) return &row;
  return nullptr;
}

template <class E, std::size_t N>
std::optional<E> find_name(const std::array<enum_name<E>, N>& t, std::string_view s) {
  for (const auto& row : t)
    if (row.name == s) return row.value;
  return std::nullopt;
}

template <class E, std::size_t N>
std::string_view name_of(const std::array<enum_name<E>, N>& t, E v) {
  const auto* row = find_value(t, v);
  return row ? row->name : std::string_view("unknown");
}

template <class E, std::size_t N>
std::string_view label_of(const std::array<enum_name<E>, N>& t, E v) {
  const auto* row = find_value(t, v);
  return row ? row->zh : std::string_view("未知");
}

inline bool iequals_ascii(std::string_view a, std::string_view b) {
  return a.size() == b.size() && to_upper_ascii(a) == to_upper_ascii(b);
}

using aliases = std::initializer_list<std::pair<std::string_view, std::string_view>>;

inline std::optional<std::string> canonical(const std::vector<named_code>& table, std::string_view s,
                                            aliases extra) {
  s = trim(s);
  if (s.empty()) return std::nullopt;
  for (const auto& c : table)
    if (iequals_ascii(c.code, s) || c.zh == s || iequals_ascii(c.en, s)) return std::string(c.code);
  for (const auto& [alias, code] : extra)
    if (iequals_ascii(alias, s)) return std::string(code);
  return std::nullopt;
}

}  // namespace cunzhan::detail
