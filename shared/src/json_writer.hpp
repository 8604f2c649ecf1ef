// Private helper of entity_json.cpp and villager_json.cpp: the writing side of an entity's
// field list (json_fields.hpp). Optional fields are omitted when empty, so the wire form
// stays small and from_json(to_json(x)) gives back x exactly.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "cunzhan/shared/time.hpp"

namespace cunzhan::detail {

class json_writer {
 public:
  explicit json_writer(bool wire) : wire_(wire) {}

  // Always present.
  template <class T>
  void always(std::string_view key, const T& v) {
    obj_[key] = v;
  }
  void always(std::string_view key, const std::vector<std::string>& v) { obj_[key] = to_array(v); }
  // Omitted when empty, zero or unset.
  void if_set(std::string_view key, const std::string& v) {
    if (!v.empty()) obj_[key] = v;
  }
  void if_set(std::string_view key, const std::optional<date>& d) {
    if (d) obj_[key] = format_date(*d);
  }
  void if_set(std::string_view key, const std::optional<sys_seconds>& t) {
    if (t) obj_[key] = format_instant(*t);
  }
  void if_set(std::string_view key, const std::optional<double>& v) {
    if (v) obj_[key] = *v;
  }
  void if_set(std::string_view key, double v) {
    if (v != 0) obj_[key] = v;
  }
  void if_set(std::string_view key, std::int64_t v) {
    if (v != 0) obj_[key] = v;
  }
  void if_set(std::string_view key, const std::vector<std::string>& v) {
    if (!v.empty()) obj_[key] = to_array(v);
  }
  // Like if_set, but an empty value is written as fill() (a value derived from another).
  template <class Fill>
  void if_set(std::string_view key, const std::string& v, Fill fill) {
    if_set(key, v.empty() ? fill() : v);
  }
  // Stays on the station: left out of the wire form, and omitted when empty.
  void station_only(std::string_view key, const std::string& v) {
    if (!wire_) if_set(key, v);
  }
  template <class E, class Parse>
  void choice(std::string_view key, const E& e, Parse) {
    obj_[key] = to_string(e);
  }
  // Omitted when it is the default, which an older version's object reads as.
  template <class E, class Parse>
  void choice(std::string_view key, const E& e, Parse, E dflt) {
    if (e != dflt) obj_[key] = to_string(e);
  }

  boost::json::object take() { return std::move(obj_); }

 private:
  static boost::json::array to_array(const std::vector<std::string>& v) {
    boost::json::array a;
    for (const auto& s : v) a.emplace_back(s);
    return a;
  }

  bool wire_;
  boost::json::object obj_;
};

// One field list, `fields(visitor, entity)`, serves both directions: write it here, read
// it with json_reader (read_fields).
template <class T>
boost::json::object write_fields(const T& value, bool wire, void (*fields)(json_writer&, const T&)) {
  json_writer w(wire);
  fields(w, value);
  return w.take();
}

}  // namespace cunzhan::detail
