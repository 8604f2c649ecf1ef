// Parsing untrusted JSON with hard limits (size, UTF-8, depth) and writing canonical
// JSON (object keys sorted recursively) so equal content always hashes the same.
#include "cunzhan/shared/json_util.hpp"

#include <algorithm>
#include <vector>

#include <boost/json/parser.hpp>
#include <boost/json/serialize.hpp>

#include "cunzhan/shared/text.hpp"

namespace cunzhan {

namespace json = boost::json;

result<json::value> parse_json(std::string_view text, const json_limits& lim) {
  if (text.size() > lim.max_bytes) {
    const std::string n = std::to_string(lim.max_bytes);
    return error(errc::payload_too_large, "JSON text larger than " + n + " bytes",
                 "JSON 文本超过 " + n + " 字节");
  }
  // Checked on the raw bytes first so the answer is invalid_utf8, not a parse error.
  if (!is_valid_utf8(text)) {
    return error(errc::invalid_utf8, "JSON text is not valid UTF-8", "JSON 文本不是有效的 UTF-8");
  }
  json::parse_options opts;
  // The parser keeps its own stack and stops at max_depth, so deep nesting is refused
  // before any deep tree exists (and without recursion).
  opts.max_depth = lim.max_depth;
  json::parser p(json::storage_ptr(), opts);
  boost::system::error_code ec;
  const std::size_t used = p.write(text.data(), text.size(), ec);
  if (ec) {
    const std::string at = std::to_string(used);
    if (ec == json::error::too_deep) {
      const std::string d = std::to_string(lim.max_depth);
      return error(errc::json_too_deep, "JSON nested deeper than " + d + " levels (at byte " + at + ")",
                   "JSON 嵌套超过 " + d + " 层（第 " + at + " 字节）");
    }
    return error(errc::invalid_json, "malformed JSON at byte " + at + ": " + ec.message(),
                 "JSON 格式错误，位于第 " + at + " 字节：" + ec.message());
  }
  return p.release();
}

namespace {

void write_canonical(const json::value& v, std::string& out) {
  switch (v.kind()) {
    case json::kind::object: {
      const json::object& o = v.get_object();
      std::vector<const json::key_value_pair*> members;
      members.reserve(o.size());
      for (const auto& kv : o) members.push_back(&kv);
      std::sort(members.begin(), members.end(),
                [](const auto* a, const auto* b) { return a->key() < b->key(); });
      out += '{';
      bool first = true;
      for (const auto* kv : members) {
        if (!first) out += ',';
        first = false;
        out += json::serialize(json::string_view(kv->key()));
        out += ':';
        write_canonical(kv->value(), out);
      }
      out += '}';
      return;
    }
    case json::kind::array: {
      out += '[';
      bool first = true;
      for (const auto& e : v.get_array()) {
        if (!first) out += ',';
        first = false;
        write_canonical(e, out);
      }
      out += ']';
      return;
    }
    default:
      out += json::serialize(v);
      return;
  }
}

}  // namespace

std::string canonical_json(const json::value& v) {
  std::string out;
  write_canonical(v, out);
  return out;
}

}  // namespace cunzhan
