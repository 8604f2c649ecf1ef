// The pull half of a sync: reference data (the county's townships and villages, courier
// brands, targets, notices) fetched page by page from GET /v1/sync/pull and applied
// with its cursor in one transaction per page, so an interrupted pull resumes.
#pragma once
#include "cunzhan/station/sync.hpp"
#include "sync/hub_session.hpp"

namespace cunzhan::station_client {

bool pull_reference(store& s, hub_session& hub, sync_report& rep, sync_progress& prog);

}  // namespace cunzhan::station_client
