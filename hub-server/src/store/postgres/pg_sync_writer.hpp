// sync_writer on one PostgreSQL connection inside the write_sync transaction: the op log,
// the entity upserts (a stored row with a higher last_seq wins) and the sync sessions,
// with the same statements as SQLite's op_log / entity_store in PostgreSQL's dialect.
//
// Fewer round trips per op (each statement is one): `expect` reads a batch's op-log rows
// and entity owners in one statement per table, and the op-log rows are written as
// multi-row INSERTs by flush() (before acked_through reads the log, and after the job).
// The caches stay true because the writer holds the push turn: no one else writes the
// op log or the entity tables meanwhile, and this writer's own writes update them.
#pragma once
#include <map>
#include <unordered_map>
#include <utility>

#include "cunzhan/hub/storage.hpp"
#include "store/postgres/pg_conn.hpp"

namespace cunzhan::hub::pg {

class pg_sync_writer final : public sync_writer {
 public:
  explicit pg_sync_writer(connection& c) : c_(c) {}

  result<std::optional<op_log_row>> find_op(const std::string& op_id) override;
  status insert_op(const op_log_row& row) override;
  result<std::int64_t> acked_through(const std::string& station_id) override;
  status expect(const std::vector<std::string>& op_ids,
                const std::vector<std::pair<entity_type, std::string>>& entities) override;
  // Writes the op-log rows still held; REQUIRES: called before the job's transaction ends.
  status flush();

  result<std::optional<entity_owner>> owner(entity_type t, const std::string& id) override;
  status upsert(const listing& l, const owner_fields& o) override;
  status upsert(const pickup& p, const std::string& village_code, const owner_fields& o) override;
  status upsert(const courier_point& c, const owner_fields& o) override;
  status upsert(const villager& v, const owner_fields& o) override;
  status upsert(const proxy_buy_order& p, const owner_fields& o) override;
  status upsert(const villager_service& s, const owner_fields& o) override;
  status refresh_people_served() override;

  result<std::int64_t> insert_session(const sync_session_row& s) override;
  status update_session(const sync_session_row& s) override;

 private:
  void forget(entity_type t, const std::string& id) { owners_.erase({t, id}); }

  connection& c_;
  std::unordered_map<std::string, std::optional<op_log_row>> ops_;  // known op_ids (read or written)
  std::map<std::pair<entity_type, std::string>, std::optional<entity_owner>> owners_;
  std::vector<op_log_row> unwritten_;  // insert_op rows not yet sent
};

// The op_log columns in SELECT order, and one row of them read back (audit reads it too).
extern const char* const k_op_log_columns;
op_log_row read_op_log_row(const rows& r, int i);

}  // namespace cunzhan::hub::pg
