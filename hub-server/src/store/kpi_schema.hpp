// Schema steps for the KPI tables (run by store/schema.cpp as their own migrations):
// v2 per-county targets, nightly rollups for trends and dashboard sessions; v3 an index
// the active-listings figure needs.
#pragma once
#include "cunzhan/shared/sqlite.hpp"

namespace cunzhan::hub::schema {

inline constexpr sql::migration k_kpi_tables = R"sql(
CREATE TABLE kpi_target (
  county_code TEXT NOT NULL,
  kpi         TEXT NOT NULL,
  target      REAL NOT NULL,             -- a share in [0, 1]
  updated_at  INTEGER NOT NULL,
  PRIMARY KEY (county_code, kpi)
);

CREATE TABLE kpi_rollup (
  county_code TEXT NOT NULL,
  day         TEXT NOT NULL,             -- 'YYYY-MM-DD' Asia/Shanghai
  kpi         TEXT NOT NULL,
  numerator   INTEGER NOT NULL,
  denominator INTEGER NOT NULL,
  PRIMARY KEY (county_code, day, kpi)
);

CREATE TABLE dashboard_session (
  id_hash    BLOB PRIMARY KEY,           -- sha256 of the cookie value; the value itself is never stored
  staff_id   TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE INDEX dashboard_session_expires ON dashboard_session (expires_at);
)sql";

// "Active listings" is a figure for now over every listing of the county: a covering index
// keeps it a short index range instead of a table scan (760 ms → 30 ms at 1M ops).
inline constexpr sql::migration k_kpi_active_index = R"sql(
CREATE INDEX listing_county_active ON listing (county_code, status, station_id, township_code);
)sql";

}  // namespace cunzhan::hub::schema
