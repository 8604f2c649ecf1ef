// Collecting reads of required JSON fields for the op codec and the enrolment file.
#include "required_reader.hpp"

#include <limits>

#include "cunzhan/shared/uuid.hpp"

namespace cunzhan::detail {

namespace json = boost::json;

const json::value* required_reader::get(std::string_view key) {
  const json::value* v = obj_.if_contains(key);
  if (v == nullptr) add(key, "is missing", "缺失");
  return v;
}

std::optional<std::string> required_reader::text(std::string_view key) {
  const json::value* v = get(key);
  if (v == nullptr) return std::nullopt;
  if (!v->is_string()) {
    add(key, "must be a string", "必须是文本");
    return std::nullopt;
  }
  return std::string(v->get_string());
}

std::string required_reader::optional_text(std::string_view key) {
  const json::value* v = obj_.if_contains(key);
  if (v == nullptr || v->is_null()) return {};
  if (!v->is_string()) {
    add(key, "must be a string", "必须是文本");
    return {};
  }
  return std::string(v->get_string());
}

std::optional<std::string> required_reader::uuid(std::string_view key) {
  auto s = text(key);
  if (s && !is_uuid(*s)) {
    add(key, "must be a UUID", "必须是 UUID");
    return std::nullopt;
  }
  return s;
}

std::optional<std::int64_t> required_reader::integer(std::string_view key, std::int64_t min) {
  const json::value* v = get(key);
  if (v == nullptr) return std::nullopt;
  std::optional<std::int64_t> i;
  if (v->is_int64()) i = v->get_int64();
  if (v->is_uint64() && v->get_uint64() <= std::uint64_t(std::numeric_limits<std::int64_t>::max()))
    i = static_cast<std::int64_t>(v->get_uint64());
  if (!i) {
    add(key, "must be an integer", "必须是整数");
  } else if (*i < min) {
    const std::string m = std::to_string(min);
    add(key, "must be at least " + m, "必须不小于 " + m);
    i.reset();
  }
  return i;
}

std::optional<sys_seconds> required_reader::instant(std::string_view key) {
  auto s = text(key);
  if (!s) return std::nullopt;
  auto t = parse_instant(*s);
  if (!t)
    add(key, "must be a time like 2026-11-20T21:14:03+08:00", "必须是时间，如 2026-11-20T21:14:03+08:00");
  return t;
}

void required_reader::add(std::string_view key, const std::string& en, const std::string& zh) {
  field_error f;
  f.field = where_ + std::string(key);
  f.code = errc::invalid_field;
  f.message_en = en;
  f.message_zh = zh;
  errors_.push_back(std::move(f));
}

bool required_reader::has_error(std::string_view key) const {
  const std::string full = where_ + std::string(key);
  for (const auto& f : errors_)
    if (f.field == full) return true;
  return false;
}

void required_reader::absorb(required_reader& nested) {
  for (auto& f : nested.errors_) errors_.push_back(std::move(f));
  nested.errors_.clear();
}

error required_reader::fail(errc code, std::string_view what_en, std::string_view what_zh) {
  std::string en(what_en), zh(what_zh);
  for (std::size_t i = 0; i < errors_.size(); ++i) {
    en += (i == 0 ? ": " : "; ") + errors_[i].field + " " + errors_[i].message_en;
    zh += (i == 0 ? "：" : "；") + errors_[i].field + " " + errors_[i].message_zh;
  }
  error e(code, std::move(en), std::move(zh));
  e.fields = std::move(errors_);
  return e;
}

}  // namespace cunzhan::detail
