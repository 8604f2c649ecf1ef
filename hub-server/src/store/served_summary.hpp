// The people-served summary (KPIS.md "people_served_rate"): per village and per station
// serving it, the distinct villagers served in the 12 whole months ending with each month.
// A report over whole months reads it (a few rows per village) instead of probing every
// villager's services; other windows still count from the services themselves.
//
// Kept exact by the sync writes, in the job's own transaction, on both backends: a write to
// a villager or a service marks the villagers it touches, and refresh() recomputes each
// one's contribution from its rows, takes back what it counted before (served_state) and
// adds what it counts now. A service that moves to another villager or day, a villager who
// moves village, a service that arrives before its villager: each is one mark.
#pragma once
#include <string>

#include "store/sql_run.hpp"

namespace cunzhan::hub::served_summary {

// REQUIRES (all three): inside the write transaction, holding the sync writer's turn.
// Before a service upsert: the villager it belongs to now (it may move to another).
status mark_service(const sql_run::run_fn& run, const std::string& service_id);
// After a villager or service upsert: the villager it names.
status mark_villager(const sql_run::run_fn& run, const std::string& villager_id);
// Brings every marked villager up to date and clears the marks.
status refresh(const sql_run::run_fn& run);

}  // namespace cunzhan::hub::served_summary
