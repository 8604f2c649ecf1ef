// sync_writer on one PostgreSQL connection inside the write_sync transaction: the op log,
// the entity upserts (a stored row with a higher last_seq wins) and the sync sessions,
// with the same statements as SQLite's op_log / entity_store in PostgreSQL's dialect.
#pragma once
#include "cunzhan/hub/storage.hpp"
#include "store/postgres/pg_conn.hpp"

namespace cunzhan::hub::pg {

class pg_sync_writer final : public sync_writer {
 public:
  explicit pg_sync_writer(connection& c) : c_(c) {}

  result<std::optional<op_log_row>> find_op(const std::string& op_id) override;
  status insert_op(const op_log_row& row) override;
  result<std::int64_t> acked_through(const std::string& station_id) override;

  result<std::optional<entity_owner>> owner(entity_type t, const std::string& id) override;
  status upsert(const listing& l, const owner_fields& o) override;
  status upsert(const pickup& p, const std::string& village_code, const owner_fields& o) override;
  status upsert(const courier_point& c, const owner_fields& o) override;

  result<std::int64_t> insert_session(const sync_session_row& s) override;
  status update_session(const sync_session_row& s) override;

 private:
  connection& c_;
};

// The op_log columns in SELECT order, and one row of them read back (audit reads it too).
extern const char* const k_op_log_columns;
op_log_row read_op_log_row(const rows& r, int i);

}  // namespace cunzhan::hub::pg
