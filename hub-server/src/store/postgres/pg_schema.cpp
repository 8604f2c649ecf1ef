// Schema v1 mirrors hub.db as of SQLite's v4 (store/schema.cpp and the KPI steps): the same
// tables, columns, keys and indexes, so every query means the same on both. Types:
// INTEGER → BIGINT (instants are UTC seconds), REAL → DOUBLE PRECISION, BLOB → BYTEA,
// calendar days stay TEXT 'YYYY-MM-DD' so they compare like on SQLite; AUTOINCREMENT ids
// are identities BY DEFAULT so `hub migrate` can carry a district's ids over.
#include "store/postgres/pg_schema.hpp"

namespace cunzhan::hub::pg {
namespace {

constexpr const char* kV1 = R"sql(
CREATE TABLE division_township (
  code        TEXT PRIMARY KEY,
  name        TEXT NOT NULL,
  county_code TEXT NOT NULL
);
CREATE INDEX division_township_county ON division_township (county_code);

CREATE TABLE division_village (
  code          TEXT PRIMARY KEY,
  name          TEXT NOT NULL,
  township_code TEXT NOT NULL,
  county_code   TEXT NOT NULL
);
CREATE INDEX division_village_county ON division_village (county_code);
CREATE INDEX division_village_township ON division_village (township_code);

CREATE TABLE station (
  id            TEXT PRIMARY KEY,
  name          TEXT NOT NULL,
  village_code  TEXT NOT NULL,
  township_code TEXT NOT NULL,
  county_code   TEXT NOT NULL,
  kind          TEXT NOT NULL,
  officer       TEXT NOT NULL DEFAULT '',
  token_id      TEXT NOT NULL UNIQUE,
  token_hash    BYTEA NOT NULL,
  enrolled_at   BIGINT NOT NULL,
  opened_on     TEXT,
  closed_on     TEXT,
  revoked_at    BIGINT
);
CREATE INDEX station_county ON station (county_code);
CREATE INDEX station_village ON station (village_code);

CREATE TABLE staff (
  id          TEXT PRIMARY KEY,
  name        TEXT NOT NULL,
  role        TEXT NOT NULL,
  counties    TEXT NOT NULL,
  token_id    TEXT NOT NULL UNIQUE,
  token_hash  BYTEA NOT NULL,
  created_at  BIGINT NOT NULL,
  revoked_at  BIGINT
);

CREATE TABLE op_log (
  op_id            TEXT PRIMARY KEY,
  station_id       TEXT NOT NULL,
  seq              BIGINT NOT NULL,
  entity           TEXT NOT NULL,
  entity_id        TEXT NOT NULL,
  content_hash     BYTEA NOT NULL,
  status           TEXT NOT NULL,
  error_code       TEXT,
  error_message    TEXT,
  error_message_zh TEXT,
  received_at      BIGINT NOT NULL,
  batch_id         TEXT NOT NULL,
  session_id       BIGINT
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
  quantity            DOUBLE PRECISION NOT NULL,
  unit                TEXT NOT NULL,
  price_fen           BIGINT NOT NULL,
  harvest_date        TEXT,
  farmer_phone_masked TEXT NOT NULL DEFAULT '',
  status              TEXT NOT NULL,
  sold_quantity       DOUBLE PRECISION NOT NULL DEFAULT 0,
  sold_amount_fen     BIGINT NOT NULL DEFAULT 0,
  sold_at             BIGINT,
  sales_channel       TEXT NOT NULL DEFAULT '',
  note                TEXT NOT NULL DEFAULT '',
  created_at          BIGINT,
  updated_at          BIGINT,
  data                TEXT NOT NULL,
  received_at         BIGINT NOT NULL,
  last_seq            BIGINT NOT NULL
);
CREATE INDEX listing_county_sold ON listing (county_code, status, sold_at);
CREATE INDEX listing_county_created ON listing (county_code, created_at);
CREATE INDEX listing_station ON listing (station_id);
CREATE INDEX listing_county_active ON listing (county_code, status, station_id, township_code);

CREATE TABLE pickup (
  id             TEXT PRIMARY KEY,
  station_id     TEXT NOT NULL,
  county_code    TEXT NOT NULL,
  township_code  TEXT NOT NULL,
  village_code   TEXT NOT NULL,
  brand          TEXT NOT NULL,
  direction      TEXT NOT NULL,
  parcels        BIGINT NOT NULL,
  weight_kg      DOUBLE PRECISION,
  listing_id     TEXT NOT NULL DEFAULT '',
  requested_at   BIGINT,
  due_at         BIGINT,
  picked_up_at   BIGINT,
  status         TEXT NOT NULL,
  tracking_no    TEXT NOT NULL DEFAULT '',
  failure_reason TEXT NOT NULL DEFAULT '',
  note           TEXT NOT NULL DEFAULT '',
  data           TEXT NOT NULL,
  received_at    BIGINT NOT NULL,
  last_seq       BIGINT NOT NULL
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
  village_code  TEXT NOT NULL,
  days_per_week BIGINT NOT NULL,
  filing_no     TEXT NOT NULL DEFAULT '',
  opened_on     TEXT,
  closed_on     TEXT,
  note          TEXT NOT NULL DEFAULT '',
  data          TEXT NOT NULL,
  received_at   BIGINT NOT NULL,
  last_seq      BIGINT NOT NULL
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
  id              BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  station_id      TEXT NOT NULL,
  started_at      BIGINT NOT NULL,
  ended_at        BIGINT NOT NULL,
  bytes_in        BIGINT NOT NULL,
  bytes_out       BIGINT NOT NULL,
  applied         BIGINT NOT NULL,
  duplicate       BIGINT NOT NULL,
  rejected        BIGINT NOT NULL,
  client_offset_s BIGINT,
  ok              BIGINT NOT NULL,
  station_version TEXT
);
CREATE INDEX sync_session_station_ended ON sync_session (station_id, ended_at);

-- Pull cursors are ref_change ids: writers lock the table (EXCLUSIVE) around their insert
-- so ids become visible in id order and a station's cursor never skips a late commit.
CREATE TABLE ref_change (
  id          BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  county_code TEXT NOT NULL,
  kind        TEXT NOT NULL,
  key         TEXT NOT NULL,
  data        TEXT NOT NULL
);
CREATE INDEX ref_change_county ON ref_change (county_code, id);

CREATE TABLE kpi_target (
  county_code TEXT NOT NULL,
  kpi         TEXT NOT NULL,
  target      DOUBLE PRECISION NOT NULL,
  updated_at  BIGINT NOT NULL,
  PRIMARY KEY (county_code, kpi)
);

CREATE TABLE kpi_rollup (
  county_code TEXT NOT NULL,
  day         TEXT NOT NULL,
  kpi         TEXT NOT NULL,
  numerator   BIGINT NOT NULL,
  denominator BIGINT NOT NULL,
  PRIMARY KEY (county_code, day, kpi)
);

CREATE TABLE dashboard_session (
  id_hash    BYTEA PRIMARY KEY,
  staff_id   TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL
);
CREATE INDEX dashboard_session_expires ON dashboard_session (expires_at);
)sql";

// Step i takes the schema from version i to i + 1.
constexpr const char* kSteps[] = {kV1};
constexpr int kVersion = sizeof(kSteps) / sizeof(kSteps[0]);

}  // namespace

int schema_version() { return kVersion; }

status migrate(connection& c) {
  transaction t(c);
  if (!t.begun()) return t.begun().err();
  // One migrator at a time across every process on this database (the key is arbitrary
  // but fixed: "cunzhan hub schema").
  if (auto r = c.run("SELECT pg_advisory_xact_lock(7433110551)"); !r) return std::move(r).err();
  if (auto s = c.exec("CREATE TABLE IF NOT EXISTS cunzhan_schema (version INTEGER NOT NULL)"); !s) return s;
  auto v = c.run("SELECT version FROM cunzhan_schema");
  if (!v) return std::move(v).err();
  const int have = v->empty() ? 0 : static_cast<int>(v->int64(0, 0));
  if (have > kVersion) {
    return error(errc::db_schema_too_new,
                 "the database schema is version " + std::to_string(have) + ", this hub knows up to " +
                     std::to_string(kVersion),
                 "数据库结构版本为 " + std::to_string(have) + "，本程序只认识到 " + std::to_string(kVersion));
  }
  if (have == kVersion) return t.commit();
  for (int i = have; i < kVersion; ++i) {
    if (auto s = c.exec(kSteps[i]); !s) return s;
  }
  auto w = v->empty() ? c.run("INSERT INTO cunzhan_schema (version) VALUES ($1)", {kVersion})
                      : c.run("UPDATE cunzhan_schema SET version = $1", {kVersion});
  if (!w) return std::move(w).err();
  return t.commit();
}

}  // namespace cunzhan::hub::pg
