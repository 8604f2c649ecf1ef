// Private helper of entity_json.cpp and villager_json.cpp: reads typed fields out of a JSON object,
// collecting a field_error for every wrong-typed value; at finish(), the keys nobody read are handed back (a
// newer version's fields, kept: PROTOCOL.md "Compatibility"), never refused.
#pragma once
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/json/object.hpp>

#include "cunzhan/shared/result.hpp"
#include "cunzhan/shared/time.hpp"

namespace cunzhan::detail {

class json_reader {
 public:
  explicit json_reader(const boost::json::object& o) : obj_(o) {}

  // Each reader marks `key` as known. A missing key leaves `out` untouched; null is
  // accepted as "absent" only for the optional targets.
  void text(std::string_view key, std::string& out);
  void integer(std::string_view key, std::int64_t& out);
  void integer(std::string_view key, int& out);
  void number(std::string_view key, double& out);
  void number(std::string_view key, std::optional<double>& out);
  void day(std::string_view key, std::optional<date>& out);
  void instant(std::string_view key, std::optional<sys_seconds>& out);
  void texts(std::string_view key, std::vector<std::string>& out);
  template <class E>
  void enumeration(std::string_view key, E& out, std::optional<E> (*parse)(std::string_view)) {
    std::string s;
    if (!read_text(key, s)) return;
    if (auto v = parse(s))
      out = *v;
    else
      bad(key, "has an unknown value", "的取值无效");
  }

  // The reading side of an entity's field list (json_writer.hpp has the writing side):
  // how a field is written does not change how it is read.
  template <class T>
  void always(std::string_view key, T& out) {
    read(key, out);
  }
  template <class T>
  void if_set(std::string_view key, T& out) {
    read(key, out);
  }
  template <class Fill>
  void if_set(std::string_view key, std::string& out, Fill) {
    text(key, out);
  }
  void station_only(std::string_view key, std::string& out) { text(key, out); }
  template <class E>
  void choice(std::string_view key, E& out, std::optional<E> (*parse)(std::string_view)) {
    enumeration(key, out, parse);
  }
  template <class E>
  void choice(std::string_view key, E& out, std::optional<E> (*parse)(std::string_view), E) {
    enumeration(key, out, parse);
  }

  // Copies the unknown keys into `unknown` (when given); returns the parsed value or
  // validation_failed with every problem.
  template <class T>
  result<T> finish(T value, boost::json::object* unknown) {
    if (unknown) collect_unknown(*unknown);
    if (errors_.empty()) return value;
    error e(errc::validation_failed);
    e.fields = std::move(errors_);
    return e;
  }

 private:
  void read(std::string_view key, std::string& out) { text(key, out); }
  void read(std::string_view key, std::int64_t& out) { integer(key, out); }
  void read(std::string_view key, int& out) { integer(key, out); }
  void read(std::string_view key, double& out) { number(key, out); }
  void read(std::string_view key, std::optional<double>& out) { number(key, out); }
  void read(std::string_view key, std::optional<date>& out) { day(key, out); }
  void read(std::string_view key, std::optional<sys_seconds>& out) { instant(key, out); }
  void read(std::string_view key, std::vector<std::string>& out) { texts(key, out); }

  const boost::json::value* take(std::string_view key);
  bool read_text(std::string_view key, std::string& out);
  void bad(std::string_view key, std::string_view en, std::string_view zh);
  void collect_unknown(boost::json::object& out) const;

  const boost::json::object& obj_;
  std::set<std::string, std::less<>> known_;
  std::vector<field_error> errors_;
};

// Parses `o` through an entity's field list (see write_fields in json_writer.hpp).
template <class T>
result<T> read_fields(const boost::json::object& o, boost::json::object* unknown,
                      void (*fields)(json_reader&, T&)) {
  json_reader r(o);
  T value;
  fields(r, value);
  return r.finish(std::move(value), unknown);
}

}  // namespace cunzhan::detail
