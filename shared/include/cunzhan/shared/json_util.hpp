// JSON parsing with hard limits (depth, size) for untrusted input, and canonical output.
#pragma once
#include <string>
#include <string_view>

#include <boost/json/value.hpp>

#include "cunzhan/shared/result.hpp"

namespace cunzhan {

struct json_limits {
  std::size_t max_depth = 32;  // nesting of arrays/objects
  std::size_t max_bytes = 64 << 20;
};

// Parses UTF-8 JSON text. Errors: invalid_utf8, json_too_deep, invalid_json (also for a
// number too large to represent: 1e400), payload_too_large.
result<boost::json::value> parse_json(std::string_view text, const json_limits& lim = {});
// Serialises with object keys sorted recursively (stable for hashing). Throws
// std::domain_error for an infinite or NaN number instead of writing non-JSON.
std::string canonical_json(const boost::json::value& v);
// canonical_json of an object, appended to `out` (no copy of the object into a value).
void append_canonical_json(const boost::json::object& o, std::string& out);

}  // namespace cunzhan
