// Reading orders and services from typed text (villager_input.hpp).
#include "villager_input.hpp"

#include "cunzhan/shared/text.hpp"
#include "fields.hpp"

namespace cunzhan::station_client {

void read_villager_field(store& s, const field_source& get, bool required, std::string& id,
                         std::vector<field_error>& errs) {
  if (auto v = get("villager")) {
    auto found = s.villagers().find(std::string(trim(*v)));
    if (found)
      id = found->id;
    else
      errs.push_back({"villager_id", found.err().code, found.err().detail_en, found.err().detail_zh});
  } else if (required) {
    errs.push_back({"villager_id", errc::invalid_field, "a registered villager is required (id or name)",
                    "必须填写登记的村民（编号或姓名）"});
  }
}

std::vector<field_error> read_order(store& s, const field_source& get, proxy_buy_order& o) {
  std::vector<field_error> errs;
  read_villager_field(s, get, true, o.villager_id, errs);
  if (auto v = get("category")) o.category = canonical_proxy_buy_category(*v).value_or(*v);
  if (auto v = get("platform")) o.platform = canonical_proxy_buy_platform(*v).value_or(*v);
  if (auto v = get("item_count")) {
    if (auto n = parse_integer(*v))
      o.item_count = *n;
    else
      errs.push_back(as_field_error("item_count", n.err()));
  }
  if (auto v = get("amount")) {
    if (auto f = parse_yuan(*v))
      o.amount_fen = *f;
    else
      errs.push_back(as_field_error("amount_fen", f.err()));
  } else {
    // Required, not defaulted: an amount of 0 nobody typed would count in the county's figures.
    errs.push_back({"amount_fen", errc::invalid_field, "the amount is required (yuan, e.g. 86.50)",
                    "必须填写金额（元，例如 86.50）"});
  }
  o.ordered_at = s.clock().now();
  if (auto v = get("ordered_at")) {
    if (auto t = parse_time(*v))
      o.ordered_at = *t;
    else
      errs.push_back(as_field_error("ordered_at", t.err()));
  }
  if (auto v = get("note")) o.note = *v;
  return errs;
}

std::vector<field_error> read_service(store& s, const field_source& get, villager_service& v) {
  std::vector<field_error> errs;
  read_villager_field(s, get, true, v.villager_id, errs);
  if (auto k = get("kind")) {
    if (auto kind = parse_service_kind_text(*k))
      v.kind = *kind;
    else
      errs.push_back({"kind", errc::invalid_field, "unknown kind of service " + *k, "未知服务类型 " + *k});
  } else {
    errs.push_back({"kind", errc::invalid_field, "the kind of service is required", "必须填写服务类型"});
  }
  v.served_on = s.clock().today();
  if (auto d = get("served_on")) {
    if (auto day = parse_day(*d))
      v.served_on = *day;
    else
      errs.push_back(as_field_error("served_on", day.err()));
  }
  if (auto n = get("note")) v.note = *n;
  return errs;
}

}  // namespace cunzhan::station_client
