#include "store/sql_run.hpp"

#include "store/each_row.hpp"

namespace cunzhan::hub::sql_run {
namespace {

class sqlite_row final : public row_view {
 public:
  explicit sqlite_row(const sql::statement& q) : q_(q) {}
  std::string text(int col) const override {
    return q_.column_is_null(col) ? std::string() : q_.column_text(col);
  }
  std::int64_t int64(int col) const override { return q_.column_int(col); }
  double real(int col) const override { return q_.column_double(col); }
  bool is_null(int col) const override { return q_.column_is_null(col); }

 private:
  const sql::statement& q_;
};

}  // namespace

run_fn run_over(sql::database& db) {
  return [&db](const char* sql, const std::vector<value>& args, const row_fn& row) {
    return each_row(
        db, sql,
        [&](sql::statement& st) {
          int i = 1;
          for (const auto& a : args) std::visit([&](const auto& v) { st.bind(i++, v); }, a);
        },
        [&](sql::statement& st) { row(sqlite_row(st)); });
  };
}

}  // namespace cunzhan::hub::sql_run
