// The villager-service KPI reads (rows.hpp kpi_villager_rows), written once for both
// backends: each lends a `run` that executes one statement (SQLite's ? text; the
// PostgreSQL connection numbers the placeholders) and hands every row to a callback.
#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "cunzhan/hub/rows.hpp"
#include "cunzhan/shared/result.hpp"

namespace cunzhan::hub::villager_reads {

// One result row, read by column index.
class row_view {
 public:
  virtual ~row_view() = default;
  virtual std::string text(int col) const = 0;  // "" for NULL
  virtual std::int64_t int64(int col) const = 0;
  virtual double real(int col) const = 0;
  virtual bool is_null(int col) const = 0;
  std::optional<std::int64_t> opt_int64(int col) const {
    if (is_null(col)) return std::nullopt;
    return int64(col);
  }
};

using value = std::variant<std::string, std::int64_t>;
using row_fn = std::function<void(const row_view&)>;
using run_fn = std::function<status(const char* sql, const std::vector<value>& args, const row_fn& row)>;

// What q.villager asks for. REQUIRES: q.villager set; run inside one read snapshot.
result<kpi_villager_rows> read(const run_fn& run, const kpi_query& q);

}  // namespace cunzhan::hub::villager_reads
