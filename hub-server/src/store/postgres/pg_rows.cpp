#include "store/postgres/pg_rows.hpp"

#include <variant>

#include "cunzhan/shared/text.hpp"

namespace cunzhan::hub::pg {

const char* const k_station_columns =
    "id, name, village_code, township_code, county_code, kind, officer, token_id, token_hash, enrolled_at, "
    "opened_on, closed_on, revoked_at";
const char* const k_staff_columns = "id, name, role, counties, token_id, token_hash, created_at, revoked_at";

station_row read_station_row(const rows& r, int i) {
  station_row s;
  s.id = r.text(i, 0);
  s.name = r.text(i, 1);
  s.village_code = r.text(i, 2);
  s.township_code = r.text(i, 3);
  s.county_code = r.text(i, 4);
  s.kind = r.text(i, 5);
  s.officer = r.text(i, 6);
  s.token_id = r.text(i, 7);
  s.token_hash = r.bytes(i, 8);
  s.enrolled_at = r.int64(i, 9);
  s.opened_on = r.text(i, 10);
  s.closed_on = r.text(i, 11);
  s.revoked_at = r.opt_int64(i, 12);
  return s;
}

std::vector<std::string> county_list(const std::string& s) {
  std::vector<std::string> out;
  for (const auto& c : split(s, ',')) {
    if (!trim(c).empty()) out.emplace_back(trim(c));
  }
  return out;
}

staff_row read_staff_row(const rows& r, int i) {
  staff_row s;
  s.id = r.text(i, 0);
  s.name = r.text(i, 1);
  s.role = r.text(i, 2);
  s.counties = county_list(r.text(i, 3));
  s.token_id = r.text(i, 4);
  s.token_hash = r.bytes(i, 5);
  s.created_at = r.int64(i, 6);
  s.revoked_at = r.opt_int64(i, 7);
  return s;
}

status append_change(connection& c, const std::string& county_code, const std::string& kind,
                     const std::string& key, const std::string& data) {
  if (auto r = c.run("LOCK TABLE ref_change IN EXCLUSIVE MODE"); !r) return std::move(r).err();
  auto r = c.run("INSERT INTO ref_change (county_code, kind, key, data) VALUES ($1, $2, $3, $4)",
                 {county_code, kind, key, data});
  if (!r) return std::move(r).err();
  return ok_status();
}

namespace {

class pg_row final : public sql_run::row_view {
 public:
  pg_row(const rows& r, int i) : r_(r), i_(i) {}
  std::string text(int col) const override { return r_.text(i_, col); }
  std::int64_t int64(int col) const override { return r_.int64(i_, col); }
  double real(int col) const override { return r_.real(i_, col); }
  bool is_null(int col) const override { return r_.is_null(i_, col); }

 private:
  const rows& r_;
  int i_;
};

}  // namespace

sql_run::run_fn run_over(connection& c) {
  return
      [&c](const char* sql, const std::vector<sql_run::value>& args, const sql_run::row_fn& row) -> status {
        params p;
        for (const auto& a : args) std::visit([&](const auto& v) { p.emplace_back(v); }, a);
        auto r = c.run(sql, p);
        if (!r) return std::move(r).err();
        for (int i = 0; i < r->size(); ++i) row(pg_row(*r, i));
        return ok_status();
      };
}

}  // namespace cunzhan::hub::pg
