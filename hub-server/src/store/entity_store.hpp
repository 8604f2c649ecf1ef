// The station-owned entity tables (listing, pickup, courier_point and its village/brand
// children) as the hub keeps them. The owner columns (station, county, township) are
// passed in by ingest from the registry, never read from the client's data.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "cunzhan/hub/rows.hpp"
#include "cunzhan/shared/model.hpp"
#include "cunzhan/shared/op.hpp"
#include "cunzhan/shared/result.hpp"
#include "cunzhan/shared/sqlite.hpp"

namespace cunzhan::hub {

class entity_store {
 public:
  explicit entity_store(sql::database& db) : db_(db) {}

  // Who first wrote this entity, if anyone.
  result<std::optional<entity_owner>> owner(entity_type t, const std::string& id);

  // Insert or replace the row; a stored row with a higher last_seq wins (an older op
  // arriving late must not roll the entity back). REQUIRES: inside a write transaction
  // and the owner check done by the caller.
  status upsert(const listing& l, const owner_fields& o);
  status upsert(const pickup& p, const std::string& village_code, const owner_fields& o);
  status upsert(const courier_point& c, const owner_fields& o);

 private:
  sql::database& db_;
};

}  // namespace cunzhan::hub
