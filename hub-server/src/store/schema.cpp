// Schema v1 of hub.db. Instants are INTEGER UTC seconds, calendar days TEXT 'YYYY-MM-DD'
// (Asia/Shanghai), so KPI queries compare them directly. county_code / township_code /
// station_id on entity rows are hub-owned: derived from the registry and the station's
// token, never from what the client sent.
#include "store/schema.hpp"

#include "store/kpi_schema.hpp"
#include "store/schema_villager.hpp"

namespace cunzhan::hub::schema {
namespace {

constexpr sql::migration k_v1 = R"sql(
CREATE TABLE division_township (
  code        TEXT PRIMARY KEY,          -- 9 digits
  name        TEXT NOT NULL,
  county_code TEXT NOT NULL              -- 6 digits
);
CREATE INDEX division_township_county ON division_township (county_code);

CREATE TABLE division_village (
  code          TEXT PRIMARY KEY,        -- 12 digits
  name          TEXT NOT NULL,
  township_code TEXT NOT NULL,
  county_code   TEXT NOT NULL
);
CREATE INDEX division_village_county ON division_village (county_code);
CREATE INDEX division_village_township ON division_village (township_code);

CREATE TABLE station (
  id            TEXT PRIMARY KEY,        -- uuid
  name          TEXT NOT NULL,
  village_code  TEXT NOT NULL,
  township_code TEXT NOT NULL,
  county_code   TEXT NOT NULL,
  kind          TEXT NOT NULL,
  officer       TEXT NOT NULL DEFAULT '',
  token_id      TEXT NOT NULL UNIQUE,
  token_hash    BLOB NOT NULL,
  enrolled_at   INTEGER NOT NULL,
  opened_on     TEXT,
  closed_on     TEXT,
  revoked_at    INTEGER
);
CREATE INDEX station_county ON station (county_code);
CREATE INDEX station_village ON station (village_code);

CREATE TABLE staff (
  id          TEXT PRIMARY KEY,
  name        TEXT NOT NULL,
  role        TEXT NOT NULL,
  counties    TEXT NOT NULL,             -- comma-separated 6-digit codes
  token_id    TEXT NOT NULL UNIQUE,
  token_hash  BLOB NOT NULL,
  created_at  INTEGER NOT NULL,
  revoked_at  INTEGER
);

CREATE TABLE op_log (
  op_id         TEXT PRIMARY KEY,
  station_id    TEXT NOT NULL,
  seq           INTEGER NOT NULL,
  entity        TEXT NOT NULL,
  entity_id     TEXT NOT NULL,
  content_hash  BLOB NOT NULL,
  status        TEXT NOT NULL,           -- applied | rejected
  error_code    TEXT,
  error_message TEXT,
  error_message_zh TEXT,
  received_at   INTEGER NOT NULL,
  batch_id      TEXT NOT NULL,
  session_id    INTEGER
);
CREATE INDEX op_log_station_seq ON op_log (station_id, seq);
CREATE INDEX op_log_received ON op_log (received_at);

CREATE TABLE listing (
  id                  TEXT PRIMARY KEY,
  station_id          TEXT NOT NULL,
  county_code         TEXT NOT NULL,
  township_code       TEXT NOT NULL,
  village_code        TEXT NOT NULL,
  product_name        TEXT NOT NULL,
  category            TEXT NOT NULL,
  quantity            REAL NOT NULL,
  unit                TEXT NOT NULL,
  price_fen           INTEGER NOT NULL,
  harvest_date        TEXT,
  farmer_phone_masked TEXT NOT NULL DEFAULT '',
  status              TEXT NOT NULL,
  sold_quantity       REAL NOT NULL DEFAULT 0,
  sold_amount_fen     INTEGER NOT NULL DEFAULT 0,
  sold_at             INTEGER,
  sales_channel       TEXT NOT NULL DEFAULT '',
  note                TEXT NOT NULL DEFAULT '',
  created_at          INTEGER,
  updated_at          INTEGER,
  data                TEXT NOT NULL,     -- the op's data object, canonical JSON
  received_at         INTEGER NOT NULL,
  last_seq            INTEGER NOT NULL
);
CREATE INDEX listing_county_sold ON listing (county_code, status, sold_at);
CREATE INDEX listing_county_created ON listing (county_code, created_at);
CREATE INDEX listing_station ON listing (station_id);

CREATE TABLE pickup (
  id             TEXT PRIMARY KEY,
  station_id     TEXT NOT NULL,
  county_code    TEXT NOT NULL,
  township_code  TEXT NOT NULL,
  village_code   TEXT NOT NULL,          -- the station's village
  brand          TEXT NOT NULL,
  direction      TEXT NOT NULL,
  parcels        INTEGER NOT NULL,
  weight_kg      REAL,
  listing_id     TEXT NOT NULL DEFAULT '',
  requested_at   INTEGER,
  due_at         INTEGER,
  picked_up_at   INTEGER,
  status         TEXT NOT NULL,
  tracking_no    TEXT NOT NULL DEFAULT '',
  failure_reason TEXT NOT NULL DEFAULT '',
  note           TEXT NOT NULL DEFAULT '',
  data           TEXT NOT NULL,
  received_at    INTEGER NOT NULL,
  last_seq       INTEGER NOT NULL
);
CREATE INDEX pickup_county_picked ON pickup (county_code, status, picked_up_at);
CREATE INDEX pickup_county_due ON pickup (county_code, due_at);
CREATE INDEX pickup_county_requested ON pickup (county_code, requested_at);
CREATE INDEX pickup_station ON pickup (station_id);

CREATE TABLE courier_point (
  id            TEXT PRIMARY KEY,
  station_id    TEXT NOT NULL,
  county_code   TEXT NOT NULL,
  township_code TEXT NOT NULL,
  name          TEXT NOT NULL,
  kind          TEXT NOT NULL,
  village_code  TEXT NOT NULL,           -- located in (village, or township code for outlets)
  days_per_week INTEGER NOT NULL,
  filing_no     TEXT NOT NULL DEFAULT '',
  opened_on     TEXT,
  closed_on     TEXT,
  note          TEXT NOT NULL DEFAULT '',
  data          TEXT NOT NULL,
  received_at   INTEGER NOT NULL,
  last_seq      INTEGER NOT NULL
);
CREATE INDEX courier_point_county ON courier_point (county_code, opened_on, closed_on);
CREATE INDEX courier_point_station ON courier_point (station_id);

CREATE TABLE courier_point_village (
  point_id     TEXT NOT NULL,
  village_code TEXT NOT NULL,
  PRIMARY KEY (point_id, village_code)
);
CREATE INDEX courier_point_village_code ON courier_point_village (village_code);

CREATE TABLE courier_point_brand (
  point_id TEXT NOT NULL,
  brand    TEXT NOT NULL,
  PRIMARY KEY (point_id, brand)
);

CREATE TABLE sync_session (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  station_id      TEXT NOT NULL,
  started_at      INTEGER NOT NULL,
  ended_at        INTEGER NOT NULL,
  bytes_in        INTEGER NOT NULL,
  bytes_out       INTEGER NOT NULL,
  applied         INTEGER NOT NULL,
  duplicate       INTEGER NOT NULL,
  rejected        INTEGER NOT NULL,
  client_offset_s INTEGER,
  ok              INTEGER NOT NULL
);
CREATE INDEX sync_session_station_ended ON sync_session (station_id, ended_at);

CREATE TABLE ref_change (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  county_code TEXT NOT NULL,             -- '' = every county (courier brands)
  kind        TEXT NOT NULL,             -- township | village | brand | target | notice
  key         TEXT NOT NULL,
  data        TEXT NOT NULL              -- JSON object
);
CREATE INDEX ref_change_county ON ref_change (county_code, id);
)sql";

// v4: the station program version each sync session announced (X-Station-Version).
constexpr sql::migration k_v4 = R"sql(
ALTER TABLE sync_session ADD COLUMN station_version TEXT;
)sql";

// v2: KPI targets, rollups, dashboard sessions; v3: the active-listings index; v4 above;
// v5: the villager services; v6: their aggregated reads' indexes; v7: the people-served
// summary; v8: covering indexes for the report's range reads.
constexpr sql::migration k_all[] = {k_v1,
                                    k_kpi_tables,
                                    k_kpi_active_index,
                                    k_v4,
                                    k_villager_services,
                                    k_villager_read_indexes,
                                    k_people_served_summary,
                                    k_report_covering_indexes};

}  // namespace

const sql::migration* migrations(std::size_t& count) {
  count = sizeof(k_all) / sizeof(k_all[0]);
  return k_all;
}

}  // namespace cunzhan::hub::schema
