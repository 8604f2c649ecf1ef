// A push body (POST /v1/sync/push) through the hub's router, validation and ingest over
// the in-memory fake storage. Invariants: the answer is UTF-8 JSON; resending the same
// batch changes nothing (applied → duplicate, a rejection stays the same rejection, no
// op or entity owner added); an op the station's own validator accepts is not refused
// by the hub's validator.
#include <algorithm>

#include <boost/json.hpp>

#include "cunzhan/hub/router.hpp"
#include "cunzhan/shared/entity_json.hpp"
#include "cunzhan/shared/json_util.hpp"
#include "cunzhan/shared/op.hpp"
#include "cunzhan/shared/validate.hpp"
#include "cunzhan/shared/villager_json.hpp"
#include "cunzhan/shared/villager_validate.hpp"
#include "fake_storage.hpp"
#include "fuzz_support.hpp"

using namespace cunzhan;
using namespace cunzhan::hub;
using namespace cunzhan::hub::testing;
using fuzz::require;

namespace {

std::map<std::string, std::string> owners_of(const fake_data& d) {
  std::map<std::string, std::string> out;
  for (const auto& [id, o] : d.owners) out[id] = o.station_id + "/" + std::to_string(o.last_seq);
  return out;
}

// What the station's validator says of an op's data (as the station saw the entity).
bool station_accepts(const op& o, const std::vector<std::string>& villages) {
  // No station version writes a key the hub refuses by name (hub-owned, or a farmer's or
  // villager's identity: entity_json.hpp); a body carrying one is not a station's.
  for (const auto& kv : o.data) {
    if (is_hub_owned_key(kv.key()) || is_personal_data_key(kv.key())) return false;
  }
  validation_context ctx;
  ctx.county_code = "510824";
  ctx.known_villages = &villages;
  switch (o.entity) {
    case entity_type::listing: {
      auto l = listing_from_json(o.data);
      return l && validate(*l, ctx).empty();
    }
    case entity_type::pickup: {
      auto p = pickup_from_json(o.data);
      return p && validate(*p, ctx).empty();
    }
    case entity_type::courier_point: {
      auto c = courier_point_from_json(o.data);
      return c && validate(*c, ctx).empty();
    }
    // The villager services' wire forms lack what stays at the station (a villager's name,
    // phone, notes), so the station's rules for what it sends are the hub-side ones.
    case entity_type::villager: {
      ctx.hub_side = true;
      auto v = villager_from_json(o.data);
      return v && validate(*v, ctx).empty();
    }
    case entity_type::proxy_buy: {
      ctx.hub_side = true;
      auto b = proxy_buy_from_json(o.data);
      return b && validate(*b, ctx).empty();
    }
    case entity_type::service: {
      ctx.hub_side = true;
      auto v = service_from_json(o.data);
      return v && validate(*v, ctx).empty();
    }
  }
  return false;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::vector<std::string> villages = [] {
    std::vector<std::string> v{village_a, village_b};
    std::sort(v.begin(), v.end());
    return v;
  }();
  fake_hub h;
  router rt(h.store, {}, nullptr);
  const std::string body(fuzz::as_text(data, size));
  auto first = rt.handle(make("POST", "/v1/sync/push", h.station_token, body));
  require(fuzz::body_well_formed(first), "push answer is UTF-8 JSON", first.body);
  if (first.status != 200) {
    require(first.status >= 400 && first.status < 600, "a refused push has an error status");
    require(h.store.data.ops.empty(), "a refused push stores nothing");
    return 0;
  }
  auto r1 = decode_push_response(*parse_json(first.body));
  require(r1.ok(), "a 200 answer is a push response", first.body);

  // The station validator accepts ⇒ the hub's does too.
  auto v = parse_json(body);
  require(v.ok(), "an answered push was JSON");
  auto decoded = decode_push_request(*v, 100000);
  require(decoded.ok(), "an answered push decodes");
  // Matched by position (one result per op, in request order), not by op_id: a batch may
  // repeat an op_id, and then the later sighting is answered from the log (duplicate, the
  // same rejection, or op_conflict for other content) while the first keeps its verdict.
  require(r1->results.size() == decoded->items.size(), "one result per op", first.body);
  for (std::size_t i = 0; i < decoded->items.size(); ++i) {
    const auto& item = decoded->items[i];
    const auto& res = r1->results[i];
    require(res.op_id == item.op_id, "results in request order", first.body);
    if (!item.parsed || !station_accepts(*item.parsed, villages) || res.status != op_status::rejected)
      continue;
    require(res.error_code != "validation_failed" && res.error_code != "invalid_field",
            "an op the station's validator accepts passes the hub's", first.body);
  }

  // Resending the batch changes nothing.
  const auto ops_before = h.store.data.ops.size();
  const auto owners_before = owners_of(h.store.data);
  auto second = rt.handle(make("POST", "/v1/sync/push", h.station_token, body));
  require(second.status == 200, "a resent batch is answered again", second.body);
  auto r2 = decode_push_response(*parse_json(second.body));
  require(r2.ok() && r2->results.size() == r1->results.size(), "the resent batch has as many results",
          second.body);
  for (std::size_t i = 0; i < r1->results.size(); ++i) {
    const auto& a = r1->results[i];
    const auto& b = r2->results[i];
    require(a.op_id == b.op_id, "results in the same order");
    if (a.status == op_status::rejected) {
      require(b.status == op_status::rejected && b.error_code == a.error_code, "a rejection stays the same",
              first.body + "\n" + second.body);
    } else {
      require(b.status == op_status::duplicate, "an applied op is a duplicate when resent",
              first.body + "\n" + second.body);
    }
  }
  require(h.store.data.ops.size() == ops_before, "resending stores no op");
  require(owners_of(h.store.data) == owners_before, "resending changes no owner");
  require(r2->acked_through == r1->acked_through, "acked_through is the same after a resend");
  return 0;
}
