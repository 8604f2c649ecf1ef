// The KPI engine's reads on PostgreSQL: the same set-based queries as SQLite's
// store/kpi_reads.cpp (GROUP BY station and township), in one REPEATABLE READ snapshot so
// a report never mixes two moments. Text is ordered COLLATE "C" (bytewise, like SQLite),
// whatever collation the database was created with.
#pragma once
#include "cunzhan/hub/rows.hpp"
#include "store/postgres/pg_conn.hpp"

namespace cunzhan::hub::pg {

result<kpi_rows> read_kpi_inputs(connection& c, const kpi_query& q);

}  // namespace cunzhan::hub::pg
