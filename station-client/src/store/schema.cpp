// The station database schema, one SQL script per version. Never edit a shipped step:
// add a new one, so every station in the field upgrades the same way.
#include "cunzhan/station/schema.hpp"

#include <array>

namespace cunzhan::station_client {
namespace {

// v1. Entity tables keep the fields the list commands filter on as columns and the
// whole local record (including the farmer's name and phone) as JSON in `doc`, so a
// model field added later needs no migration. Times are UTC seconds.
constexpr sql::migration k_v1 = R"sql(
CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
CREATE TABLE listing (
  id           TEXT PRIMARY KEY,
  product_name TEXT NOT NULL,
  category     TEXT NOT NULL,
  village_code TEXT NOT NULL,
  status       TEXT NOT NULL,
  created_at   INTEGER NOT NULL,
  updated_at   INTEGER NOT NULL,
  doc          TEXT NOT NULL
);
CREATE INDEX listing_status ON listing(status);
CREATE TABLE pickup (
  id           TEXT PRIMARY KEY,
  brand        TEXT NOT NULL,
  direction    TEXT NOT NULL,
  status       TEXT NOT NULL,
  requested_at INTEGER,
  created_at   INTEGER NOT NULL,
  doc          TEXT NOT NULL
);
CREATE TABLE courier_point (
  id              TEXT PRIMARY KEY,
  name            TEXT NOT NULL,
  kind            TEXT NOT NULL,
  village_code    TEXT NOT NULL,
  brands          TEXT NOT NULL,   -- JSON array of brand codes
  served_villages TEXT NOT NULL,   -- JSON array of village codes
  closed_on       TEXT,
  created_at      INTEGER NOT NULL,
  doc             TEXT NOT NULL
);
CREATE TABLE outbox (
  seq              INTEGER PRIMARY KEY AUTOINCREMENT,
  op_id            TEXT UNIQUE NOT NULL,
  entity           TEXT NOT NULL,
  entity_id        TEXT NOT NULL,
  kind             TEXT NOT NULL,
  at               INTEGER NOT NULL,
  data             TEXT NOT NULL,
  state            TEXT NOT NULL CHECK (state IN ('pending','in_flight','acked','rejected')),
  error_code       TEXT,
  error_message    TEXT,
  error_message_zh TEXT,
  updated_at       INTEGER NOT NULL
);
CREATE TABLE reference_village (
  code          TEXT PRIMARY KEY,
  name          TEXT NOT NULL,
  township_code TEXT NOT NULL,
  township_name TEXT NOT NULL
);
)sql";

// v2. A rejected op stays rejected forever (the hub's verdict on that content), but once
// the officer saves the record again the new op supersedes it; `rejected` and `status`
// then stop nagging about it. The indexes serve next_batch and that lookup.
constexpr sql::migration k_v2 = R"sql(
ALTER TABLE outbox ADD COLUMN superseded_by INTEGER;
CREATE INDEX outbox_state_seq ON outbox(state, seq);
CREATE INDEX outbox_entity ON outbox(entity_id, state);
)sql";

constexpr std::array<sql::migration, 2> k_steps = {k_v1, k_v2};

}  // namespace

std::span<const sql::migration> migrations() { return k_steps; }

}  // namespace cunzhan::station_client
