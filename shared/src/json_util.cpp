// Parsing untrusted JSON with hard limits (size, UTF-8, depth) and writing canonical
// JSON (object keys sorted recursively) so equal content always hashes the same.
#include "cunzhan/shared/json_util.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <vector>

#include <boost/json/parser.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/serializer.hpp>

#include "cunzhan/shared/text.hpp"

namespace cunzhan {

namespace json = boost::json;

namespace {

// Boost.JSON reads 1e400 as infinity and -0e400-style overflows as NaN; no JSON writer
// can write them back, so they are refused where JSON comes in. Depth is bounded by the
// parse limit, so the recursion is too.
bool all_numbers_finite(const json::value& v) {
  switch (v.kind()) {
    case json::kind::double_: return std::isfinite(v.get_double());
    case json::kind::array:
      return std::all_of(v.get_array().begin(), v.get_array().end(), [](const json::value& e) { return all_numbers_finite(e); });
    case json::kind::object:
      return std::all_of(v.get_object().begin(), v.get_object().end(),
                         [](const json::key_value_pair& kv) { return all_numbers_finite(kv.value()); });
    default: return true;
  }
}

}  // namespace

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
  json::value v = p.release();
  if (!all_numbers_finite(v)) {
    return error(errc::invalid_json, "a number is too large to represent (infinite or not a number)",
                 "数值过大，无法表示（无穷大或非数值）");
  }
  return v;
}

namespace {

// One serializer for every key and scalar of a document: json::serialize per scalar built
// a serializer and a string each time, which was most of the hub's hashing cost. The
// bytes are json::serialize's either way (the stored hashes depend on them).
class canonical_writer {
 public:
  explicit canonical_writer(std::string& out) : out_(out) {}

  void value(const json::value& v) {
    switch (v.kind()) {
      case json::kind::object: object(v.get_object()); return;
      case json::kind::array: {
        out_ += '[';
        bool first = true;
        for (const auto& e : v.get_array()) {
          if (!first) out_ += ',';
          first = false;
          value(e);
        }
        out_ += ']';
        return;
      }
      case json::kind::double_:
        // json::serialize would write Infinity or NaN, which no JSON reader accepts, and
        // a hash over them would be one of text no one can send: a bug, so fail loudly.
        if (!std::isfinite(v.get_double())) throw std::domain_error("canonical_json: a non-finite number");
        [[fallthrough]];
      default:
        sr_.reset(&v);
        drain();
        return;
    }
  }

  void object(const json::object& o) {
    std::vector<const json::key_value_pair*> members;
    members.reserve(o.size());
    for (const auto& kv : o) members.push_back(&kv);
    std::sort(members.begin(), members.end(), [](const auto* a, const auto* b) { return a->key() < b->key(); });
    out_ += '{';
    bool first = true;
    for (const auto* kv : members) {
      if (!first) out_ += ',';
      first = false;
      sr_.reset(kv->key());
      drain();
      out_ += ':';
      value(kv->value());
    }
    out_ += '}';
  }

 private:
  void drain() {
    char buf[512];
    while (!sr_.done()) out_ += sr_.read(buf, sizeof buf);
  }

  std::string& out_;
  json::serializer sr_;
};

}  // namespace

std::string canonical_json(const json::value& v) {
  std::string out;
  canonical_writer(out).value(v);
  return out;
}

void append_canonical_json(const json::object& o, std::string& out) { canonical_writer(out).object(o); }

}  // namespace cunzhan
