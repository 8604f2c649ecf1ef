// Schema step of the villager services (shared/PROTOCOL.md "Villager services",
// hub-server/KPIS.md "Villager services"): the entities stations send, the listing's seller
// and the pickup's villager, and the hub-side population, roster and training tables.
#pragma once
#include "cunzhan/shared/sqlite.hpp"

namespace cunzhan::hub::schema {

// Plain SQL both backends run (pg_schema.cpp translates the types only). Listings a pre-v5
// hub stored keep a newer station's seller fields in `data` only (PROTOCOL.md
// "Compatibility"); the columns start at their defaults (no portable JSON backfill).
inline constexpr sql::migration k_villager_services = R"sql(
ALTER TABLE listing ADD COLUMN seller_kind TEXT NOT NULL DEFAULT 'household';
ALTER TABLE listing ADD COLUMN seller_name TEXT NOT NULL DEFAULT '';
ALTER TABLE listing ADD COLUMN villager_id TEXT NOT NULL DEFAULT '';
ALTER TABLE pickup ADD COLUMN villager_id TEXT NOT NULL DEFAULT '';

CREATE TABLE villager (
  id             TEXT PRIMARY KEY,       -- the station's random id; no name, phone or note
  station_id     TEXT NOT NULL,
  county_code    TEXT NOT NULL,
  township_code  TEXT NOT NULL,          -- of the villager's village
  village_code   TEXT NOT NULL,
  household_size INTEGER NOT NULL,
  data           TEXT NOT NULL,
  received_at    INTEGER NOT NULL,
  last_seq       INTEGER NOT NULL
);
CREATE INDEX villager_village ON villager (village_code);

CREATE TABLE proxy_buy (
  id             TEXT PRIMARY KEY,
  station_id     TEXT NOT NULL,
  county_code    TEXT NOT NULL,
  township_code  TEXT NOT NULL,          -- the station's
  villager_id    TEXT NOT NULL,
  category       TEXT NOT NULL,
  platform       TEXT NOT NULL,
  item_count     INTEGER NOT NULL,
  amount_fen     INTEGER NOT NULL,
  status         TEXT NOT NULL,
  ordered_at     INTEGER NOT NULL,
  arrived_at     INTEGER,
  handed_over_at INTEGER,
  returned_at    INTEGER,
  cancelled_at   INTEGER,
  pickup_id      TEXT NOT NULL DEFAULT '',
  data           TEXT NOT NULL,
  received_at    INTEGER NOT NULL,
  last_seq       INTEGER NOT NULL
);
CREATE INDEX proxy_buy_county_ordered ON proxy_buy (county_code, ordered_at);
CREATE INDEX proxy_buy_county_arrived ON proxy_buy (county_code, arrived_at);

CREATE TABLE service (
  id            TEXT PRIMARY KEY,
  station_id    TEXT NOT NULL,
  county_code   TEXT NOT NULL,
  township_code TEXT NOT NULL,           -- the station's
  villager_id   TEXT NOT NULL,
  served_on     TEXT NOT NULL,
  kind          TEXT NOT NULL,
  source_id     TEXT NOT NULL DEFAULT '',
  data          TEXT NOT NULL,
  received_at   INTEGER NOT NULL,
  last_seq      INTEGER NOT NULL
);
CREATE INDEX service_county_served ON service (county_code, served_on);

CREATE TABLE village_population (
  village_code TEXT PRIMARY KEY,
  population   INTEGER NOT NULL,
  households   INTEGER NOT NULL,
  imported_at  INTEGER NOT NULL
);

CREATE TABLE officer (
  id                  TEXT PRIMARY KEY,  -- uuid
  county_code         TEXT NOT NULL,
  name                TEXT NOT NULL,
  phone               TEXT NOT NULL DEFAULT '',  -- shown masked everywhere
  leader_designated_on TEXT,             -- 农村电商带头人 since
  created_at          INTEGER NOT NULL
);
CREATE INDEX officer_county ON officer (county_code);

CREATE TABLE officer_station (
  officer_id TEXT NOT NULL,
  station_id TEXT NOT NULL,
  from_on    TEXT NOT NULL,
  to_on      TEXT,                         -- last day served, inclusive
  PRIMARY KEY (officer_id, station_id, from_on)
);
CREATE INDEX officer_station_station ON officer_station (station_id);

CREATE TABLE training_session (
  id          TEXT PRIMARY KEY,
  county_code TEXT NOT NULL,
  held_on     TEXT NOT NULL,
  topic       TEXT NOT NULL,
  hours       REAL NOT NULL,
  level       TEXT NOT NULL,               -- county | township | station
  trainer     TEXT NOT NULL DEFAULT '',
  created_at  INTEGER NOT NULL
);
CREATE INDEX training_session_county ON training_session (county_code, held_on);

CREATE TABLE training_attendee (
  session_id TEXT NOT NULL,
  officer_id TEXT NOT NULL,
  PRIMARY KEY (session_id, officer_id)
);
)sql";

// v6: the indexes of the aggregated villager reads (store/villager_reads.cpp): handovers of
// a period, orders still open at an instant (the expression the waiting read filters on),
// services by villager and station, villagers by village (covering). They replace the
// row-by-row reads' ones.
inline constexpr sql::migration k_villager_read_indexes = R"sql(
DROP INDEX proxy_buy_county_arrived;
DROP INDEX service_county_served;
CREATE INDEX proxy_buy_county_handed ON proxy_buy (county_code, handed_over_at);
CREATE INDEX proxy_buy_county_open ON proxy_buy
  (county_code, (COALESCE(handed_over_at, returned_at, cancelled_at, 9223372036854775807)));
CREATE INDEX service_county_villager ON service (county_code, villager_id, station_id, served_on);
CREATE INDEX villager_county_village ON villager (county_code, village_code, id);
)sql";

// v7: the people-served summary (store/served_summary.hpp), kept by ingest so a report
// reads a few rows per village instead of probing every villager. served_window counts the
// distinct villagers of a village served in the 12 whole months ending with end_month
// (station_id '' for any station, else by that station); served_state is what each
// villager contributes now, so a change can take back exactly that; served_dirty lists the
// villagers a write touched until the job refreshes them. Every villager known here is
// marked, so the first open after the upgrade fills the summary.
inline constexpr sql::migration k_people_served_summary = R"sql(
CREATE TABLE served_window (
  county_code  TEXT NOT NULL,
  village_code TEXT NOT NULL,
  station_id   TEXT NOT NULL,            -- '' for the village total
  end_month    TEXT NOT NULL,            -- 'YYYY-MM'
  villagers    INTEGER NOT NULL,
  -- a report seeks (county, month, '') for the villages and (county, month, station, its
  -- village) per station: exact without ANALYZE, which the hub never runs
  PRIMARY KEY (county_code, end_month, station_id, village_code)
);
CREATE TABLE served_state (
  villager_id  TEXT PRIMARY KEY,
  county_code  TEXT NOT NULL,
  village_code TEXT NOT NULL,
  months       TEXT NOT NULL             -- station=YYYY-MM,YYYY-MM;station=…
);
CREATE TABLE served_dirty (
  villager_id TEXT PRIMARY KEY
);
INSERT INTO served_dirty (villager_id) SELECT id FROM villager UNION SELECT villager_id FROM service;
)sql";

// v8: covering indexes for the report's range reads of sold listings (county sales and
// online sellers), 代买 orders ordered or handed over in a period and orders open at an
// instant: the rows come from the index alone, not one table lookup each (kpi_bench at 1M
// ops; README "Villager services").
inline constexpr sql::migration k_report_covering_indexes = R"sql(
DROP INDEX listing_county_sold;
CREATE INDEX listing_county_sold ON listing (county_code, status, sold_at, station_id, township_code, category,
  sold_amount_fen, seller_kind, seller_name, villager_id);
DROP INDEX proxy_buy_county_ordered;
CREATE INDEX proxy_buy_county_ordered ON proxy_buy (county_code, ordered_at, station_id, township_code, category,
  platform, status, amount_fen);
DROP INDEX proxy_buy_county_handed;
CREATE INDEX proxy_buy_county_handed ON proxy_buy (county_code, handed_over_at, station_id, township_code, status,
  arrived_at, returned_at, cancelled_at);
DROP INDEX proxy_buy_county_open;
CREATE INDEX proxy_buy_county_open ON proxy_buy
  (county_code, (COALESCE(handed_over_at, returned_at, cancelled_at, 9223372036854775807)), arrived_at, station_id,
  township_code, status, handed_over_at, returned_at, cancelled_at);
)sql";

}  // namespace cunzhan::hub::schema
