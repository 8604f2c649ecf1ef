// Tests for the op codec: exact round trips, every kind of bad op named by field, bad
// ops kept inside a good batch, envelope errors, push responses and the content hash.
#include <catch2/catch.hpp>

#include <boost/json/serialize.hpp>

#include "cunzhan/shared/json_util.hpp"
#include "cunzhan/shared/op.hpp"
#include "cunzhan/shared/uuid.hpp"

using namespace cunzhan;
namespace json = boost::json;

namespace {

op sample_op(std::int64_t seq = 41) {
  op o;
  o.op_id = "018f3a4e-7b1c-7d2e-8f00-0123456789ab";
  o.seq = seq;
  o.entity = entity_type::listing;
  o.entity_id = "6f1c2d3e-4a5b-4c6d-8e7f-0a1b2c3d4e5f";
  o.kind = op_kind::upsert;
  o.at = *parse_instant("2026-11-20T21:14:03+08:00");
  o.data = json::object{
      {"product", "脐橙"}, {"quantity", 120.5}, {"unit", "kg"}, {"tags", json::array{"有机", "助农"}}};
  return o;
}

// The JSON of a good op with one field replaced (or removed when `v` is nullptr).
json::object with(const std::string& key, const json::value* v) {
  json::object o = encode(sample_op());
  if (v == nullptr)
    o.erase(key);
  else
    o[key] = *v;
  return o;
}

bool names_field(const error& e, const std::string& field) {
  bool listed = false;
  for (const auto& f : e.fields) listed = listed || f.field == field;
  return listed && e.detail_en.find(field) != std::string::npos &&
         e.detail_zh.find(field) != std::string::npos;
}

}  // namespace

TEST_CASE("op: encode then decode round-trips exactly, through text too", "[op]") {
  for (entity_type e : {entity_type::listing, entity_type::pickup, entity_type::courier_point}) {
    op o = sample_op();
    o.entity = e;
    auto back = decode_op(json::value(encode(o)));
    REQUIRE(back.ok());
    CHECK(*back == o);
    auto reparsed = parse_json(json::serialize(encode(o)));
    REQUIRE(reparsed.ok());
    auto again = decode_op(*reparsed);
    REQUIRE(again.ok());
    CHECK(*again == o);
  }
  CHECK(encode(sample_op()).at("at").as_string() == "2026-11-20T21:14:03+08:00");
  CHECK(encode(sample_op()).at("entity").as_string() == "listing");
}

TEST_CASE("op: names round-trip and unknown names are refused", "[op]") {
  CHECK(parse_entity_type(to_string(entity_type::courier_point)) == entity_type::courier_point);
  CHECK(parse_op_kind("upsert") == op_kind::upsert);
  CHECK_FALSE(parse_op_kind("delete"));
  CHECK(parse_op_status(to_string(op_status::duplicate)) == op_status::duplicate);
  CHECK_FALSE(parse_entity_type("Listing"));
}

TEST_CASE("op: unknown entity or kind is invalid_op naming the field", "[op]") {
  const json::value farmer("farmer"), del("delete");
  auto e = decode_op(json::value(with("entity", &farmer)));
  REQUIRE_FALSE(e.ok());
  CHECK(e.err().code == errc::invalid_op);
  CHECK(names_field(e.err(), "entity"));
  auto k = decode_op(json::value(with("kind", &del)));
  REQUIRE_FALSE(k.ok());
  CHECK(names_field(k.err(), "kind"));
}

TEST_CASE("op: every missing field is reported", "[op]") {
  for (const char* key : {"op_id", "seq", "entity", "entity_id", "kind", "at", "data"}) {
    auto r = decode_op(json::value(with(key, nullptr)));
    REQUIRE_FALSE(r.ok());
    CHECK(r.err().code == errc::invalid_op);
    CHECK(r.err().fields.size() == 1);
    CHECK(names_field(r.err(), key));
  }
  auto empty = decode_op(json::value(json::object{}));
  REQUIRE_FALSE(empty.ok());
  CHECK(empty.err().fields.size() == 7);
  CHECK(decode_op(json::value(json::array{})).err().code == errc::invalid_op);
}

TEST_CASE("op: wrong types and bad values are reported by field", "[op]") {
  const json::value num(5), str("x"), neg(-1), zero(0), frac(4.5), arr(json::array{}), badtime("yesterday");
  const std::pair<std::string, const json::value*> cases[] = {
      {"op_id", &num},  {"op_id", &str},  {"seq", &str},       {"seq", &frac}, {"seq", &neg},
      {"seq", &zero},   {"entity", &num}, {"entity_id", &str}, {"kind", &arr}, {"at", &num},
      {"at", &badtime}, {"data", &arr},   {"data", &str}};
  for (const auto& [key, v] : cases) {
    INFO(key << " = " << json::serialize(*v));
    auto r = decode_op(json::value(with(key, v)));
    REQUIRE_FALSE(r.ok());
    CHECK(r.err().code == errc::invalid_op);
    CHECK(names_field(r.err(), key));
  }
}

TEST_CASE("op: a bad op inside a good batch is kept as an item with its error", "[op]") {
  push_request req;
  req.batch_id = "018f3a4e-0000-7000-8000-000000000001";
  req.ops = {sample_op(1), sample_op(2), sample_op(3)};
  req.ops[1].op_id = "018f3a4e-0000-7000-8000-0000000000b2";
  req.ops[2].op_id = "018f3a4e-0000-7000-8000-0000000000b3";
  json::object body = encode(req);
  json::array& ops = body["ops"].as_array();
  ops[1].as_object()["entity"] = "spaceship";
  ops.emplace_back(42);  // not even an object

  auto d = decode_push_request(json::value(body), 100);
  REQUIRE(d.ok());
  CHECK(d->batch_id == req.batch_id);
  REQUIRE(d->items.size() == 4);
  REQUIRE(d->items[0].parsed.ok());
  CHECK(*d->items[0].parsed == req.ops[0]);
  REQUIRE_FALSE(d->items[1].parsed.ok());
  CHECK(d->items[1].op_id == req.ops[1].op_id);  // the hub can still answer for it
  CHECK(names_field(d->items[1].parsed.err(), "entity"));
  REQUIRE(d->items[2].parsed.ok());
  CHECK(*d->items[2].parsed == req.ops[2]);
  CHECK(d->items[3].op_id.empty());
  CHECK(d->items[3].parsed.err().code == errc::invalid_op);
}

TEST_CASE("op: a wrong envelope fails the whole request", "[op]") {
  push_request req;
  req.batch_id = "018f3a4e-0000-7000-8000-000000000001";
  req.ops = {sample_op(1)};
  const json::object good = encode(req);
  CHECK(decode_push_request(json::value(json::array{}), 10).err().code == errc::bad_request);

  json::object no_batch = good;
  no_batch.erase("batch_id");
  auto a = decode_push_request(json::value(no_batch), 10);
  REQUIRE_FALSE(a.ok());
  CHECK(a.err().code == errc::bad_request);
  CHECK(names_field(a.err(), "batch_id"));

  json::object bad_batch = good;
  bad_batch["batch_id"] = "not-a-uuid";
  CHECK(names_field(decode_push_request(json::value(bad_batch), 10).err(), "batch_id"));

  json::object ops_not_array = good;
  ops_not_array["ops"] = json::object{};
  CHECK(names_field(decode_push_request(json::value(ops_not_array), 10).err(), "ops"));
}

TEST_CASE("op: more than max_ops is batch_too_large", "[op]") {
  push_request req;
  req.batch_id = "018f3a4e-0000-7000-8000-000000000001";
  for (int i = 1; i <= 6; ++i) req.ops.push_back(sample_op(i));
  const json::value body(encode(req));
  auto r = decode_push_request(body, 5);
  REQUIRE_FALSE(r.ok());
  CHECK(r.err().code == errc::batch_too_large);
  auto fits = decode_push_request(body, 6);
  REQUIRE(fits.ok());
  CHECK(fits->items.size() == 6);
}

TEST_CASE("op: push response round-trips with rejected errors", "[op]") {
  push_response resp;
  resp.acked_through = 41;
  resp.server_time = *parse_instant("2026-11-21T08:00:00+08:00");
  resp.results.push_back({"018f3a4e-0000-7000-8000-000000000001", op_status::applied, "", "", ""});
  resp.results.push_back({"018f3a4e-0000-7000-8000-000000000002", op_status::duplicate, "", "", ""});
  resp.results.push_back({"018f3a4e-0000-7000-8000-000000000003", op_status::rejected, "op_conflict",
                          "same op_id, different content", "操作编号相同但内容不同"});
  const json::object enc = encode(resp);
  CHECK_FALSE(enc.at("results").as_array()[0].as_object().contains("error"));
  auto back = decode_push_response(json::value(enc));
  REQUIRE(back.ok());
  CHECK(back->acked_through == 41);
  CHECK(back->server_time == resp.server_time);
  REQUIRE(back->results.size() == 3);
  CHECK(back->results[1].status == op_status::duplicate);
  CHECK(back->results[2].error_code == "op_conflict");
  CHECK(back->results[2].error_message_zh == "操作编号相同但内容不同");

  json::object broken = enc;
  broken["results"].as_array()[2].as_object().erase("error");
  broken["results"].as_array()[0].as_object()["status"] = "maybe";
  auto b = decode_push_response(json::value(broken));
  REQUIRE_FALSE(b.ok());
  CHECK(names_field(b.err(), "results[0].status"));
  CHECK(names_field(b.err(), "results[2].error"));
}

TEST_CASE("op: content_hash is stable under key order and changes with content", "[op]") {
  const op o = sample_op();
  const std::string h = content_hash(o);
  CHECK(h.size() == 64);
  // The same op arriving with keys in another order (data included) hashes the same.
  auto shuffled = parse_json(
      R"({"data":{"unit":"kg","tags":["有机","助农"],"quantity":120.5,"product":"脐橙"},)"
      R"("at":"2026-11-20T13:14:03Z","kind":"upsert","entity_id":"6f1c2d3e-4a5b-4c6d-8e7f-0a1b2c3d4e5f",)"
      R"("entity":"listing","seq":41,"op_id":"018f3a4e-7b1c-7d2e-8f00-0123456789ab"})");
  REQUIRE(shuffled.ok());
  auto d = decode_op(*shuffled);
  REQUIRE(d.ok());
  CHECK(content_hash(*d) == h);

  op changed = o;
  changed.data["quantity"] = 121.5;
  CHECK(content_hash(changed) != h);
  op later = o;
  later.at += std::chrono::seconds(1);
  CHECK(content_hash(later) != h);
  op reordered_tags = o;
  reordered_tags.data["tags"] = json::array{"助农", "有机"};
  CHECK(content_hash(reordered_tags) != h);
}

TEST_CASE("op: a push request written with data as text is the encoded request's bytes", "[op]") {
  push_request req;
  req.batch_id = "9b2e4c1a-3d5f-4e6a-8b7c-0d1e2f3a4b5c";
  req.ops = {sample_op(41), sample_op(42)};
  req.ops[1].data["note"] = "带\"引号\"\n和换行";
  std::vector<std::string> texts;
  for (const op& o : req.ops) texts.push_back(json::serialize(o.data));
  std::vector<op_with_data_text> ops;
  for (std::size_t i = 0; i < req.ops.size(); ++i) ops.push_back({&req.ops[i], texts[i]});
  CHECK(encode_push_request_text(req.batch_id, ops) == json::serialize(encode(req)));
  CHECK(encode_push_request_text(req.batch_id, {}) ==
        json::serialize(encode(push_request{req.batch_id, {}})));
}

TEST_CASE("op: content_hash is SHA-256 over canonical_json of the encoded op", "[op]") {
  // The hashes stored in op_log are over exactly this text: any faster way of computing
  // it must give the same bytes.
  op o = sample_op();
  o.data["nested"] = json::object{{"z", 1}, {"a", json::array{json::object{{"y", nullptr}, {"b", true}}}}};
  o.data["转义"] = "带\"引号\"\n";
  static constexpr char hex[] = "0123456789abcdef";
  std::string expected;
  for (unsigned char c : sha256(canonical_json(json::value(encode(o))))) {
    expected += hex[c >> 4];
    expected += hex[c & 0xf];
  }
  CHECK(content_hash(o) == expected);
}
