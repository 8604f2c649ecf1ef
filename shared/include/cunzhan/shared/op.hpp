// The op envelope of the v1 wire contract (shared/PROTOCOL.md) and its JSON codec.
// encode → decode round-trips exactly; decode rejects unknown entity/kind, missing
// fields and wrong types with errc::invalid_op and the field named.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "cunzhan/shared/result.hpp"
#include "cunzhan/shared/time.hpp"

namespace cunzhan {

// The v1 set, then the villager services (announced by X-Hub-Entities, PROTOCOL.md).
enum class entity_type { listing, pickup, courier_point, villager, proxy_buy, service };
enum class op_kind { upsert };

std::string_view to_string(entity_type);
std::string_view to_string(op_kind);
std::optional<entity_type> parse_entity_type(std::string_view);
std::optional<op_kind> parse_op_kind(std::string_view);
// Every entity this program knows, comma-separated: the X-Hub-Entities value of this hub.
std::string known_entity_names();
// Whether a hub whose X-Hub-Entities said `header` accepts `e`; a hub that sent no
// header (nullopt) accepts the v1 set: listing, pickup, courier_point.
bool hub_accepts(entity_type e, const std::optional<std::string>& header);

struct op {
  std::string op_id;     // uuid (v7 from the station)
  std::int64_t seq = 0;  // > 0, strictly increasing per station
  entity_type entity = entity_type::listing;
  std::string entity_id;  // uuid
  op_kind kind = op_kind::upsert;
  sys_seconds at{};          // station clock when the change was made
  boost::json::object data;  // the entity's full state after the change (wire form)

  friend bool operator==(const op&, const op&) = default;
};

boost::json::object encode(const op& o);
result<op> decode_op(const boost::json::value& v);

// The per-op answer of POST /v1/sync/push.
enum class op_status { applied, duplicate, rejected };
std::string_view to_string(op_status);
std::optional<op_status> parse_op_status(std::string_view);

struct op_result {
  std::string op_id;
  op_status status = op_status::applied;
  std::string error_code;     // when rejected
  std::string error_message;  // when rejected (English)
  std::string error_message_zh;
};

struct push_request {
  std::string batch_id;
  std::vector<op> ops;
};
struct push_response {
  std::vector<op_result> results;
  std::int64_t acked_through = 0;
  sys_seconds server_time{};
};

boost::json::object encode(const push_request& r);
// The same request as JSON text, each op's data given as JSON text (an object) that is
// placed as it is rather than parsed and written again: a station keeps its ops' data
// as text. Byte for byte what serialize(encode(r)) gives when each text is what
// serialize wrote for that data.
struct op_with_data_text {
  const op* envelope;  // its data is ignored
  std::string_view data_json;
};
std::string encode_push_request_text(std::string_view batch_id, const std::vector<op_with_data_text>& ops);
// Decodes the envelope; an op that fails decode_op does not fail the batch: it is kept
// with its error so the hub can answer `rejected` for it alone.
struct decoded_push {
  std::string batch_id;
  struct item {
    std::string op_id;  // may be empty if even the id was unreadable
    result<op> parsed;
  };
  std::vector<item> items;
};
result<decoded_push> decode_push_request(const boost::json::value& v, std::size_t max_ops);
boost::json::object encode(const push_response& r);
result<push_response> decode_push_response(const boost::json::value& v);

// SHA-256 over the op's canonical JSON (keys sorted recursively): the idempotency hash.
std::string content_hash(const op& o);

}  // namespace cunzhan
