// The JSON codec of the sync protocol's op envelope, push request and push response.
// Decoding names every offending field (en + zh); a bad op inside a push batch is kept
// as an item with its error so one bad op cannot block the rest of the batch.
#include "cunzhan/shared/op.hpp"

#include <boost/json/serialize.hpp>

#include "cunzhan/shared/json_util.hpp"
#include "cunzhan/shared/uuid.hpp"
#include "required_reader.hpp"

namespace cunzhan {

namespace json = boost::json;

namespace {

template <class E, std::size_t N>
std::optional<E> parse_name(std::string_view s, const std::pair<E, std::string_view> (&names)[N]) {
  for (const auto& [e, n] : names)
    if (n == s) return e;
  return std::nullopt;
}

template <class E, std::size_t N>
std::string_view name_of(E e, const std::pair<E, std::string_view> (&names)[N]) {
  for (const auto& [v, n] : names)
    if (v == e) return n;
  return "unknown";
}

constexpr std::pair<entity_type, std::string_view> entity_names[] = {
    {entity_type::listing, "listing"},
    {entity_type::pickup, "pickup"},
    {entity_type::courier_point, "courier_point"},
    {entity_type::villager, "villager"},
    {entity_type::proxy_buy, "proxy_buy"},
    {entity_type::service, "service"}};
constexpr std::pair<op_kind, std::string_view> kind_names[] = {{op_kind::upsert, "upsert"}};
constexpr std::pair<op_status, std::string_view> status_names[] = {
    {op_status::applied, "applied"}, {op_status::duplicate, "duplicate"}, {op_status::rejected, "rejected"}};

error not_an_object(errc code, std::string_view what_en, std::string_view what_zh) {
  return error(code, std::string(what_en) + " must be a JSON object",
               std::string(what_zh) + "必须是 JSON 对象");
}

}  // namespace

std::string_view to_string(entity_type e) { return name_of(e, entity_names); }
std::string_view to_string(op_kind k) { return name_of(k, kind_names); }
std::string_view to_string(op_status s) { return name_of(s, status_names); }
std::optional<entity_type> parse_entity_type(std::string_view s) { return parse_name(s, entity_names); }
std::optional<op_kind> parse_op_kind(std::string_view s) { return parse_name(s, kind_names); }
std::optional<op_status> parse_op_status(std::string_view s) { return parse_name(s, status_names); }

std::string known_entity_names() {
  std::string out;
  for (const auto& [e, n] : entity_names) out += (out.empty() ? "" : ",") + std::string(n);
  return out;
}

bool hub_accepts(entity_type e, const std::optional<std::string>& header) {
  if (!header)
    return e == entity_type::listing || e == entity_type::pickup || e == entity_type::courier_point;
  const std::string_view want = to_string(e);
  std::string_view rest(*header);
  while (!rest.empty()) {
    const auto comma = rest.find(',');
    std::string_view item = rest.substr(0, comma);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (item == want) return true;
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  return false;
}

namespace {

// Every envelope field but data, which comes last (encode_push_request_text relies on it).
json::object encode_envelope(const op& o) {
  json::object j;
  j["op_id"] = o.op_id;
  j["seq"] = o.seq;
  j["entity"] = to_string(o.entity);
  j["entity_id"] = o.entity_id;
  j["kind"] = to_string(o.kind);
  j["at"] = format_instant(o.at);
  return j;
}

}  // namespace

json::object encode(const op& o) {
  json::object j = encode_envelope(o);
  j["data"] = o.data;
  return j;
}

result<op> decode_op(const json::value& v) {
  const json::object* obj = v.if_object();
  if (obj == nullptr) return not_an_object(errc::invalid_op, "op", "操作");
  detail::required_reader r(*obj, "");
  op out;
  auto op_id = r.uuid("op_id");
  auto seq = r.integer("seq", 1);
  auto entity = r.name<entity_type>("entity", parse_entity_type);
  auto entity_id = r.uuid("entity_id");
  auto kind = r.name<op_kind>("kind", parse_op_kind);
  auto at = r.instant("at");
  const json::value* data = r.get("data");
  if (data != nullptr && !data->is_object()) r.add("data", "must be a JSON object", "必须是 JSON 对象");
  if (!r.ok()) return r.fail(errc::invalid_op, "invalid op", "操作无效");
  out.op_id = std::move(*op_id);
  out.seq = *seq;
  out.entity = *entity;
  out.entity_id = std::move(*entity_id);
  out.kind = *kind;
  out.at = *at;
  out.data = data->get_object();
  return out;
}

json::object encode(const push_request& r) {
  json::array ops;
  ops.reserve(r.ops.size());
  for (const op& o : r.ops) ops.emplace_back(encode(o));
  return {{"batch_id", r.batch_id}, {"ops", std::move(ops)}};
}

std::string encode_push_request_text(std::string_view batch_id, const std::vector<op_with_data_text>& ops) {
  std::string out = R"({"batch_id":)" + json::serialize(json::string_view(batch_id)) + R"(,"ops":[)";
  for (std::size_t i = 0; i < ops.size(); ++i) {
    if (i != 0) out += ',';
    std::string env = json::serialize(encode_envelope(*ops[i].envelope));
    env.pop_back();  // the closing brace: data goes last
    out += env;
    out += R"(,"data":)";
    out += ops[i].data_json;
    out += '}';
  }
  out += "]}";
  return out;
}

result<decoded_push> decode_push_request(const json::value& v, std::size_t max_ops) {
  const json::object* obj = v.if_object();
  if (obj == nullptr) return not_an_object(errc::bad_request, "push request", "推送请求");
  detail::required_reader r(*obj, "");
  auto batch_id = r.uuid("batch_id");
  const json::value* ops = r.get("ops");
  if (ops != nullptr && !ops->is_array()) r.add("ops", "must be an array", "必须是数组");
  if (!r.ok()) return r.fail(errc::bad_request, "invalid push request", "推送请求无效");
  const json::array& arr = ops->get_array();
  if (arr.size() > max_ops) {
    const std::string n = std::to_string(arr.size()), m = std::to_string(max_ops);
    return error(errc::batch_too_large, "batch has " + n + " ops, at most " + m + " allowed",
                 "批次包含 " + n + " 条操作，最多允许 " + m + " 条");
  }
  decoded_push out;
  out.batch_id = std::move(*batch_id);
  out.items.reserve(arr.size());
  for (const json::value& item : arr) {
    std::string id;
    if (const auto* o = item.if_object()) {
      if (const auto* idv = o->if_contains("op_id"); idv && idv->is_string()) id = idv->get_string();
    }
    out.items.push_back({std::move(id), decode_op(item)});
  }
  return out;
}

json::object encode(const push_response& r) {
  json::array results;
  results.reserve(r.results.size());
  for (const op_result& x : r.results) {
    json::object o{{"op_id", x.op_id}, {"status", to_string(x.status)}};
    if (x.status == op_status::rejected) {
      o["error"] = json::object{
          {"code", x.error_code}, {"message", x.error_message}, {"message_zh", x.error_message_zh}};
    }
    results.emplace_back(std::move(o));
  }
  return {{"results", std::move(results)},
          {"acked_through", r.acked_through},
          {"server_time", format_instant(r.server_time)}};
}

result<push_response> decode_push_response(const json::value& v) {
  const json::object* obj = v.if_object();
  if (obj == nullptr) return not_an_object(errc::bad_request, "push response", "推送应答");
  detail::required_reader r(*obj, "");
  push_response out;
  const json::value* results = r.get("results");
  auto acked = r.integer("acked_through", 0);
  auto server_time = r.instant("server_time");
  if (results != nullptr && !results->is_array()) r.add("results", "must be an array", "必须是数组");
  if (results != nullptr && results->is_array()) {
    const json::array& arr = results->get_array();
    for (std::size_t i = 0; i < arr.size(); ++i) {
      const std::string where = "results[" + std::to_string(i) + "]";
      const json::object* item = arr[i].if_object();
      if (item == nullptr) {
        r.add(where, "must be a JSON object", "必须是 JSON 对象");
        continue;
      }
      detail::required_reader ir(*item, where + ".");
      op_result x;
      auto id = ir.text("op_id");
      auto st = ir.name<op_status>("status", parse_op_status);
      if (st == op_status::rejected) {
        const json::value* e = ir.get("error");
        const json::object* eo = e ? e->if_object() : nullptr;
        if (e != nullptr && eo == nullptr) ir.add("error", "must be a JSON object", "必须是 JSON 对象");
        if (eo != nullptr) {
          detail::required_reader er(*eo, where + ".error.");
          x.error_code = er.text("code").value_or("");
          x.error_message = er.text("message").value_or("");
          // message_zh is optional: an older hub may only send English.
          if (const auto* zh = eo->if_contains("message_zh"); zh && zh->is_string()) {
            x.error_message_zh = zh->get_string();
          }
          ir.absorb(er);
        }
      }
      if (id) x.op_id = std::move(*id);
      if (st) x.status = *st;
      if (ir.ok()) out.results.push_back(std::move(x));
      r.absorb(ir);
    }
  }
  if (!r.ok()) return r.fail(errc::bad_request, "invalid push response", "推送应答无效");
  out.acked_through = *acked;
  out.server_time = *server_time;
  return out;
}

// canonical_json(encode(o)) written directly, keys in their sorted order, so that the
// op's data is not copied into a new object first; test_op checks it against that form.
std::string content_hash(const op& o) {
  static constexpr char hex[] = "0123456789abcdef";
  auto str = [](std::string_view s) { return json::serialize(json::string_view(s)); };
  std::string text = R"({"at":)" + str(format_instant(o.at)) + R"(,"data":)";
  append_canonical_json(o.data, text);
  text += R"(,"entity":)" + str(to_string(o.entity)) + R"(,"entity_id":)" + str(o.entity_id) + R"(,"kind":)" +
          str(to_string(o.kind)) + R"(,"op_id":)" + str(o.op_id) + R"(,"seq":)" +
          json::serialize(json::value(o.seq)) + '}';
  const std::string digest = sha256(text);
  std::string out;
  out.reserve(digest.size() * 2);
  for (unsigned char c : digest) {
    out += hex[c >> 4];
    out += hex[c & 0xf];
  }
  return out;
}

}  // namespace cunzhan
