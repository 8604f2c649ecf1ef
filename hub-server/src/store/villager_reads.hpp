// The villager-service KPI reads (rows.hpp kpi_villager_rows), written once for both
// backends over the `run` each lends (store/sql_run.hpp).
#pragma once
#include "cunzhan/hub/rows.hpp"
#include "store/sql_run.hpp"

namespace cunzhan::hub::villager_reads {

using sql_run::row_fn;
using sql_run::row_view;
using sql_run::run_fn;
using sql_run::value;

// What q.villager asks for. REQUIRES: q.villager set; run inside one read snapshot.
result<kpi_villager_rows> read(const run_fn& run, const kpi_query& q);

}  // namespace cunzhan::hub::villager_reads
