// result<T>: a value or an error, returned at every store and service boundary.
// An error carries its code, an optional detail in both languages, and for validation
// failures every offending field (so the officer sees all problems at once).
#pragma once
#include <cassert>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "cunzhan/shared/errc.hpp"

namespace cunzhan {

struct field_error {
  std::string field;  // e.g. "farmer_phone"
  errc code = errc::invalid_field;
  std::string message_en;
  std::string message_zh;
};

struct error {
  errc code = errc::server_error;
  std::string detail_en;  // extra context; may be empty
  std::string detail_zh;
  std::vector<field_error> fields;

  error() = default;
  error(errc c) : code(c) {}  // NOLINT: implicit on purpose, `return errc::x;`
  error(errc c, std::string en, std::string zh = {})
      : code(c), detail_en(std::move(en)), detail_zh(std::move(zh)) {}

  // One line for the user: the code's message, then the detail, then the fields.
  std::string describe(lang l) const;
};

template <class T>
class [[nodiscard]] result {
 public:
  result(T v) : v_(std::in_place_index<0>, std::move(v)) {}      // NOLINT
  result(error e) : v_(std::in_place_index<1>, std::move(e)) {}  // NOLINT
  result(errc c) : v_(std::in_place_index<1>, error(c)) {}       // NOLINT

  bool ok() const noexcept { return v_.index() == 0; }
  explicit operator bool() const noexcept { return ok(); }
  T& value() & {
    assert(ok());
    return std::get<0>(v_);
  }
  const T& value() const& {
    assert(ok());
    return std::get<0>(v_);
  }
  T&& value() && {
    assert(ok());
    return std::get<0>(std::move(v_));
  }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  const error& err() const& {
    assert(!ok());
    return std::get<1>(v_);
  }
  error&& err() && {
    assert(!ok());
    return std::get<1>(std::move(v_));
  }

 private:
  std::variant<T, error> v_;
};

struct ok_t {};
using status = result<ok_t>;
inline status ok_status() { return ok_t{}; }

}  // namespace cunzhan
