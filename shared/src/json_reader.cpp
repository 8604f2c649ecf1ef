// Typed, error-collecting reads of JSON object fields for entity_json.cpp.
#include "json_reader.hpp"

#include <cmath>
#include <limits>

#include "field_checks.hpp"

namespace cunzhan::detail {
namespace {

// Integers may arrive as 12 or 12.0 (some clients only have doubles); never as 12.5.
std::optional<std::int64_t> as_int64(const boost::json::value& v) {
  if (v.is_int64()) return v.get_int64();
  if (v.is_uint64()) {
    if (v.get_uint64() > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
      return std::nullopt;
    return static_cast<std::int64_t>(v.get_uint64());
  }
  if (v.is_double()) {
    const double d = v.get_double();
    if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 9.0e15) return static_cast<std::int64_t>(d);
  }
  return std::nullopt;
}

}  // namespace

const boost::json::value* json_reader::take(std::string_view key) {
  known_.emplace(key);
  return obj_.if_contains(key);
}

void json_reader::bad(std::string_view key, std::string_view en, std::string_view zh) {
  add_error(errors_, key, errc::invalid_field, en, zh);
}

bool json_reader::read_text(std::string_view key, std::string& out) {
  const auto* v = take(key);
  if (!v) return false;
  if (!v->is_string()) {
    bad(key, "must be a string", "必须是文本");
    return false;
  }
  out = std::string(v->get_string());
  return true;
}

void json_reader::text(std::string_view key, std::string& out) { read_text(key, out); }

void json_reader::integer(std::string_view key, std::int64_t& out) {
  const auto* v = take(key);
  if (!v) return;
  if (auto i = as_int64(*v))
    out = *i;
  else
    bad(key, "must be an integer", "必须是整数");
}

void json_reader::integer(std::string_view key, int& out) {
  std::int64_t wide = out;
  const std::size_t before = errors_.size();
  integer(key, wide);
  if (errors_.size() != before) return;
  if (wide < std::numeric_limits<int>::min() || wide > std::numeric_limits<int>::max())
    bad(key, "is out of range", "超出范围");
  else
    out = static_cast<int>(wide);
}

void json_reader::number(std::string_view key, double& out) {
  const auto* v = take(key);
  if (!v) return;
  if (v->is_number())
    out = v->to_number<double>();
  else
    bad(key, "must be a number", "必须是数字");
}

void json_reader::number(std::string_view key, std::optional<double>& out) {
  const auto* v = take(key);
  if (!v || v->is_null()) return;
  if (v->is_number())
    out = v->to_number<double>();
  else
    bad(key, "must be a number", "必须是数字");
}

void json_reader::day(std::string_view key, std::optional<date>& out) {
  const auto* v = take(key);
  if (!v || v->is_null()) return;
  std::optional<date> d;
  if (v->is_string()) d = parse_date(v->get_string());
  if (d)
    out = d;
  else
    add_error(errors_, key, errc::invalid_date, "must be a date like 2026-11-20",
              "必须是日期，如 2026-11-20");
}

void json_reader::instant(std::string_view key, std::optional<sys_seconds>& out) {
  const auto* v = take(key);
  if (!v || v->is_null()) return;
  std::optional<sys_seconds> t;
  if (v->is_string()) t = parse_instant(v->get_string());
  if (t)
    out = t;
  else
    add_error(errors_, key, errc::invalid_date, "must be a time like 2026-11-20T21:14:03+08:00",
              "必须是时间，如 2026-11-20T21:14:03+08:00");
}

void json_reader::texts(std::string_view key, std::vector<std::string>& out) {
  const auto* v = take(key);
  if (!v || v->is_null()) return;
  const auto* arr = v->if_array();
  bool ok = arr != nullptr;
  std::vector<std::string> items;
  if (arr) {
    for (const auto& item : *arr) {
      if (!item.is_string()) {
        ok = false;
        break;
      }
      items.emplace_back(item.get_string());
    }
  }
  if (ok)
    out = std::move(items);
  else
    bad(key, "must be an array of strings", "必须是文本数组");
}

void json_reader::collect_unknown(boost::json::object& out) const {
  out.clear();
  for (const auto& kv : obj_)
    if (known_.find(kv.key()) == known_.end()) out.emplace(kv.key(), kv.value());
}

}  // namespace cunzhan::detail
