// The hub's tables of the villager services a station sends (villager, proxy_buy,
// service; shared/PROTOCOL.md "Villager services"). Same rules as entity_store: owner
// columns come from ingest (token and registry), a stored row with a higher last_seq wins.
// Villager and service writes mark the people-served summary for the job's refresh.
#pragma once
#include "cunzhan/shared/villager.hpp"
#include "store/entity_store.hpp"

namespace cunzhan::hub {

class villager_store {
 public:
  explicit villager_store(sql::database& db) : db_(db) {}

  // REQUIRES: inside a write transaction, owner check done by the caller.
  status upsert(const villager& v, const owner_fields& o);
  status upsert(const proxy_buy_order& p, const owner_fields& o);
  status upsert(const villager_service& s, const owner_fields& o);
  // The people-served summary after this job's villager and service writes
  // (store/served_summary.hpp).
  status refresh_people_served();

 private:
  sql::database& db_;
};

}  // namespace cunzhan::hub
