// Copying a side store (store/side_db.hpp) from one backend to another: `hub migrate` of a
// province's province.db into PostgreSQL. Each table's rows are read on one side and
// inserted on the other by their columns; both sides are then counted and digested (an
// order-independent sum of SHA-256 over each row's encoding, so collations cannot differ).
#pragma once
#include <string>
#include <vector>

#include "store/side_db.hpp"

namespace cunzhan::hub {

struct side_column {
  std::string name;
  side_value::kind kind = side_value::kind::text;  // integer columns may hold NULL
};
struct side_table {
  std::string name;
  std::vector<side_column> columns;
};
struct side_table_check {
  std::string name;
  std::int64_t source_rows = 0, target_rows = 0;
  std::string source_digest, target_digest;
  bool equal() const { return source_rows == target_rows && source_digest == target_digest; }
};

// In one transaction on `to`: empties the tables (last first), then copies them (first
// first, so references resolve) in the source's rowid order (`from` is SQLite); then counts
// and digests both sides.
result<std::vector<side_table_check>> copy_side_tables(side_db& from, side_db& to,
                                                       const std::vector<side_table>& tables);

}  // namespace cunzhan::hub
