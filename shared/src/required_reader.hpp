// Private helper of op.cpp and enrolment.cpp: reads required (and a few optional)
// fields of a JSON object, collecting a bilingual field_error for each missing or wrong
// one so a single answer lists every problem.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

#include "cunzhan/shared/result.hpp"
#include "cunzhan/shared/time.hpp"

namespace cunzhan::detail {

// `where` prefixes field names (e.g. "results[3].") so nested errors say exactly
// which value is wrong.
class required_reader {
 public:
  required_reader(const boost::json::object& o, std::string where = {}) : obj_(o), where_(std::move(where)) {}

  // The value, or nullptr after recording "is missing".
  const boost::json::value* get(std::string_view key);
  std::optional<std::string> text(std::string_view key);
  // Absent or null → empty; present but not a string → error.
  std::string optional_text(std::string_view key);
  std::optional<std::string> uuid(std::string_view key);
  // Integers only (a JSON 41.0 is a client bug here, not a rounding choice).
  std::optional<std::int64_t> integer(std::string_view key, std::int64_t min);
  std::optional<sys_seconds> instant(std::string_view key);
  template <class E>
  std::optional<E> name(std::string_view key, std::optional<E> (*parse)(std::string_view)) {
    auto s = text(key);
    if (!s) return std::nullopt;
    auto e = parse(*s);
    if (!e) add(key, "has an unknown value \"" + *s + "\"", "的取值 \"" + *s + "\" 无法识别");
    return e;
  }

  void add(std::string_view key, const std::string& en, const std::string& zh);
  bool ok() const { return errors_.empty(); }
  bool has_error(std::string_view key) const;
  // Takes over a nested reader's errors (their field names already carry its prefix).
  void absorb(required_reader& nested);
  // One error carrying every field, with the detail spelling them out in both languages.
  error fail(errc code, std::string_view what_en, std::string_view what_zh);

 private:
  const boost::json::object& obj_;
  std::string where_;
  std::vector<field_error> errors_;
};

}  // namespace cunzhan::detail
