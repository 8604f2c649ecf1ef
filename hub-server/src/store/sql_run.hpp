// One statement at a time, for code written once for both backends (the villager-service
// KPI reads, the people-served summary): each backend lends a `run` that executes SQL in
// SQLite's ? dialect (the PostgreSQL connection numbers the placeholders) and hands every
// result row to a callback.
#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "cunzhan/shared/result.hpp"

namespace cunzhan::sql {
class database;
}

namespace cunzhan::hub::sql_run {

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

// A run over a SQLite connection (cached statements); the PostgreSQL one is
// pg::run_over (store/postgres/pg_rows.hpp).
run_fn run_over(sql::database& db);

// A statement whose rows, if any, are not wanted.
inline status exec(const run_fn& run, const char* sql, const std::vector<value>& args) {
  return run(sql, args, [](const row_view&) {});
}

}  // namespace cunzhan::hub::sql_run
