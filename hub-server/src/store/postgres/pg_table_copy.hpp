// The table-level pieces of `hub migrate` (pg_migrate.cpp): which tables a hub.db has and
// what their columns are, one table copied from SQLite into PostgreSQL, and the digest
// both sides compute over the same canonical row encoding.
#pragma once
#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "cunzhan/shared/sqlite.hpp"
#include "store/postgres/pg_conn.hpp"

namespace cunzhan::hub::pg {

enum class col_kind { integer, real, text, blob };  // SQLite's declared type → BIGINT, DOUBLE, TEXT, BYTEA
struct column {
  std::string name;
  col_kind kind = col_kind::text;
};
struct table_shape {
  std::string name;
  std::vector<column> columns;
  bool identity_id = false;  // INTEGER PRIMARY KEY AUTOINCREMENT id: an identity in PostgreSQL
};

// An order-independent digest of a table: the sum, lane by lane, of SHA-256 over each
// row's canonical encoding (tag, length and bytes per value; REAL in its shortest
// round-trip form), so neither side needs an ORDER BY and collations cannot differ.
class table_digest {
 public:
  void add(const std::string& encoded_row);
  std::int64_t rows() const { return rows_; }
  std::string hex() const;

 private:
  std::array<std::uint64_t, 4> lanes_{};
  std::int64_t rows_ = 0;
};

// The hub.db's tables with their columns, in name order. A table the hub's schema does not
// create is an error (a hub.db edited by hand or written by a newer hub): nothing is copied.
result<std::vector<table_shape>> source_tables(sql::database& src);
// Each column of the target table exists with the type the migration writes.
status check_target_shape(connection& dst, const table_shape& t);

// Streams the source table; each row's values as statement parameters and its encoding.
status read_source(sql::database& src, const table_shape& t,
                   const std::function<status(params&&, const std::string&)>& row);
result<table_digest> digest_source(sql::database& src, const table_shape& t);
// The target table read block range by block range (no ORDER BY: the digest needs none).
result<table_digest> digest_target(connection& dst, const table_shape& t);

// Inside the caller's transaction: empties the target table, inserts the source's rows in
// multi-row INSERTs, moves an identity past the largest id. Returns the source digest.
result<table_digest> copy_table(sql::database& src, connection& dst, const table_shape& t);

}  // namespace cunzhan::hub::pg
