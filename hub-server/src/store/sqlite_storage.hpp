// The SQLite backend of `storage`: hub_store's one writer connection (group commit) and
// reader pool, with the SQL in the per-table classes it delegates to (accounts, registry,
// op_log, entity_store, kpi_tables, dashboard_sessions).
#pragma once
#include <memory>

#include "cunzhan/hub/storage.hpp"
#include "store/hub_store.hpp"
#include "store/storage_overrides.hpp"

namespace cunzhan::hub {

class sqlite_storage final : public storage {
 public:
  // Owns the store (hub serve) or borrows one the caller keeps (tests).
  explicit sqlite_storage(std::unique_ptr<hub_store> owned);
  explicit sqlite_storage(hub_store& borrowed);

  CUNZHAN_STORAGE_OVERRIDES;

 private:
  // Runs fn(sql::database&) on a pooled reader connection.
  template <class Fn>
  auto on_reader(Fn&& fn) -> decltype(fn(std::declval<sql::database&>()));

  std::unique_ptr<hub_store> owned_;
  hub_store& store_;
};

// The SQLite storage over a store the caller keeps open (tests seed it directly).
std::unique_ptr<storage> sqlite_storage_over(hub_store& store);

}  // namespace cunzhan::hub
