// `hub migrate`: a district's SQLite hub.db moved into a PostgreSQL hub database, table by
// table, each table in its own transaction with its row count and digest recorded in the
// target (cunzhan_migration), so an interrupted run resumes where it stopped; every table
// is then counted and digested on both sides. README "Running on PostgreSQL" step 5.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "cunzhan/shared/result.hpp"

namespace cunzhan::hub {

struct migrate_options {
  std::string from;      // the district's hub.db (its hub stopped)
  std::string to;        // postgresql://… (never printed unredacted)
  bool replace = false;  // the target may hold hub data: every hub table is emptied first
};

// One table as both sides hold it after the run. Digests are order-independent sums of
// SHA-256 over a canonical encoding of each row (values by declared type), hex.
struct migrate_table {
  std::string name;
  std::int64_t source_rows = 0, target_rows = 0;
  std::string source_digest, target_digest;
  bool copied_now = false;  // false: an earlier, interrupted run had copied it
  bool equal() const { return source_rows == target_rows && source_digest == target_digest; }
};

struct migrate_report {
  std::vector<migrate_table> tables;
  std::int64_t rows_copied = 0;  // by this run
  double copy_seconds = 0;       // copying only (not the verification)
  bool all_equal() const;
};

// Copies what is left to copy, then verifies every table. Refuses (errc::already_exists,
// nothing changed) when the target holds hub data that an earlier run of the same hub.db
// did not put there, unless o.replace; refuses a hub.db holding a table this program does
// not know (errc::invalid_argument). on_copied is told each table as it commits.
result<migrate_report> migrate_to_postgres(const migrate_options& o,
                                           const std::function<void(const migrate_table&)>& on_copied = {});

}  // namespace cunzhan::hub
