// Parsing untrusted JSON with hard limits (size, UTF-8, depth) and writing canonical
// JSON (object keys sorted recursively) so equal content always hashes the same.
#include "cunzhan/shared/json_util.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <stdexcept>
#include <vector>

#include <boost/json/basic_parser_impl.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/serializer.hpp>
#include <boost/json/value_stack.hpp>

#include "cunzhan/shared/text.hpp"

namespace cunzhan {

namespace json = boost::json;

namespace {

// Boost.JSON reads 1e400 as infinity (and 0e400 as NaN; the exact reading below makes
// that 0); no JSON writer can write them back, so they are refused where JSON comes in.
// Depth is bounded by the parse limit, so the recursion is too.
bool all_numbers_finite(const json::value& v) {
  switch (v.kind()) {
    case json::kind::double_: return std::isfinite(v.get_double());
    case json::kind::array:
      return std::all_of(v.get_array().begin(), v.get_array().end(),
                         [](const json::value& e) { return all_numbers_finite(e); });
    case json::kind::object:
      return std::all_of(v.get_object().begin(), v.get_object().end(),
                         [](const json::key_value_pair& kv) { return all_numbers_finite(kv.value()); });
    default: return true;
  }
}

// Boost.JSON 1.81's own handler (json::parser's) with one change. Its number reader
// multiplies by powers of ten and is a unit in the last place off for about one double in
// ten ("6.666666666666667E106", or a ratio like 0.10361778799620111), so what
// json::serialize writes (the shortest exact text) did not always read back as the same
// number: canonical JSON was not a fixed point and a stored document could hash
// differently once read back (issue 17's fuzzing found it). Doubles are read again from
// their text with std::from_chars, which rounds correctly; short decimals such as
// quantities were already read exactly, so no stored hash changes.
struct exact_number_handler {
  static constexpr std::size_t max_object_size = json::object::max_size();
  static constexpr std::size_t max_array_size = json::array::max_size();
  static constexpr std::size_t max_key_size = json::string::max_size();
  static constexpr std::size_t max_string_size = json::string::max_size();

  json::value_stack st;
  std::string number;  // the text of a number split across writes (not in one write)

  bool on_document_begin(json::error_code&) { return true; }
  bool on_document_end(json::error_code&) { return true; }
  bool on_object_begin(json::error_code&) { return true; }
  bool on_object_end(std::size_t n, json::error_code&) { return st.push_object(n), true; }
  bool on_array_begin(json::error_code&) { return true; }
  bool on_array_end(std::size_t n, json::error_code&) { return st.push_array(n), true; }
  bool on_key_part(json::string_view s, std::size_t, json::error_code&) { return st.push_chars(s), true; }
  bool on_key(json::string_view s, std::size_t, json::error_code&) { return st.push_key(s), true; }
  bool on_string_part(json::string_view s, std::size_t, json::error_code&) { return st.push_chars(s), true; }
  bool on_string(json::string_view s, std::size_t, json::error_code&) { return st.push_string(s), true; }
  bool on_number_part(json::string_view s, json::error_code&) {
    return number.append(s.data(), s.size()), true;
  }
  bool on_int64(std::int64_t i, json::string_view, json::error_code&) {
    return number.clear(), st.push_int64(i), true;
  }
  bool on_uint64(std::uint64_t u, json::string_view, json::error_code&) {
    return number.clear(), st.push_uint64(u), true;
  }
  bool on_double(double d, json::string_view s, json::error_code&) {
    number.append(s.data(), s.size());
    double exact = 0;
    const char* end = number.data() + number.size();
    // Out of range (1e400, 1e-400) keeps Boost's reading: infinity is refused below.
    if (auto r = std::from_chars(number.data(), end, exact); r.ec == std::errc() && r.ptr == end) d = exact;
    number.clear();
    st.push_double(d);
    return true;
  }
  bool on_bool(bool b, json::error_code&) { return st.push_bool(b), true; }
  bool on_null(json::error_code&) { return st.push_null(), true; }
  bool on_comment_part(json::string_view, json::error_code&) { return true; }
  bool on_comment(json::string_view, json::error_code&) { return true; }
};

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
  json::basic_parser<exact_number_handler> p(opts);
  p.handler().st.reset();
  boost::system::error_code ec;
  std::size_t used = p.write_some(false, text.data(), text.size(), ec);
  if (!ec && used < text.size()) ec = json::error::extra_data;  // as json::parser::write
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
  json::value v = p.handler().st.release();
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
    std::sort(members.begin(), members.end(),
              [](const auto* a, const auto* b) { return a->key() < b->key(); });
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
