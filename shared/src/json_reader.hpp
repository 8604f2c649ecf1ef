// Private helper of entity_json.cpp: reads typed fields out of a JSON object, collecting a
// field_error for every wrong-typed value; at finish(), the keys nobody read are handed
// back (a newer version's fields, kept: PROTOCOL.md "Compatibility"), never refused.
#pragma once
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
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
  const boost::json::value* take(std::string_view key);
  bool read_text(std::string_view key, std::string& out);
  void bad(std::string_view key, std::string_view en, std::string_view zh);
  void collect_unknown(boost::json::object& out) const;

  const boost::json::object& obj_;
  std::set<std::string, std::less<>> known_;
  std::vector<field_error> errors_;
};

}  // namespace cunzhan::detail
