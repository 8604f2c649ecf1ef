#include "store/postgres/pg_admin_writer.hpp"

#include "cunzhan/shared/text.hpp"
#include "store/postgres/pg_rows.hpp"
#include "store/ref_feed.hpp"

namespace cunzhan::hub::pg {
namespace {

constexpr const char* k_village =
    "SELECT code, name, township_code, county_code FROM division_village WHERE code = $1";
constexpr const char* k_upsert_township =
    "INSERT INTO division_township (code, name, county_code) VALUES ($1, $2, $3) "
    "ON CONFLICT (code) DO UPDATE SET name = excluded.name, county_code = excluded.county_code "
    "WHERE division_township.name IS DISTINCT FROM excluded.name "
    "OR division_township.county_code IS DISTINCT FROM excluded.county_code";
constexpr const char* k_upsert_village =
    "INSERT INTO division_village (code, name, township_code, county_code) VALUES ($1, $2, $3, $4) "
    "ON CONFLICT (code) DO UPDATE SET name = excluded.name, township_code = excluded.township_code, "
    "county_code = excluded.county_code WHERE division_village.name IS DISTINCT FROM excluded.name "
    "OR division_village.township_code IS DISTINCT FROM excluded.township_code";
constexpr const char* k_insert_station =
    "INSERT INTO station (id, name, village_code, township_code, county_code, kind, officer, token_id, "
    "token_hash, enrolled_at, opened_on, closed_on) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, "
    "$12)";
constexpr const char* k_revoke_station =
    "UPDATE station SET revoked_at = coalesce(revoked_at, $1) WHERE id = $2";
constexpr const char* k_set_closed = "UPDATE station SET closed_on = $1 WHERE id = $2";
constexpr const char* k_insert_staff =
    "INSERT INTO staff (id, name, role, counties, token_id, token_hash, created_at) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7)";
constexpr const char* k_revoke_staff = "UPDATE staff SET revoked_at = coalesce(revoked_at, $1) WHERE id = $2";
constexpr const char* k_upsert_target =
    "INSERT INTO kpi_target (county_code, kpi, target, updated_at) VALUES ($1, $2, $3, $4) "
    "ON CONFLICT (county_code, kpi) DO UPDATE SET target = excluded.target, updated_at = excluded.updated_at";
constexpr const char* k_delete_day = "DELETE FROM kpi_rollup WHERE county_code = $1 AND day = $2";
constexpr const char* k_insert_rollup =
    "INSERT INTO kpi_rollup (county_code, day, kpi, numerator, denominator) VALUES ($1, $2, $3, $4, $5)";
constexpr const char* k_put_population =
    "INSERT INTO village_population (village_code, population, households, imported_at) VALUES ($1, $2, $3, "
    "$4) ON CONFLICT (village_code) DO UPDATE SET population = excluded.population, households = "
    "excluded.households, imported_at = excluded.imported_at";
constexpr const char* k_add_officer =
    "INSERT INTO officer (id, county_code, name, phone, leader_designated_on, created_at) "
    "VALUES ($1, $2, $3, $4, $5, $6)";
constexpr const char* k_officer_cols =
    "SELECT id, county_code, name, phone, COALESCE(leader_designated_on, '') FROM officer ";
constexpr const char* k_set_leader = "UPDATE officer SET leader_designated_on = $1 WHERE id = $2";
constexpr const char* k_add_assignment =
    "INSERT INTO officer_station (officer_id, station_id, from_on, to_on) VALUES ($1, $2, $3, $4)";
constexpr const char* k_end_assignment =
    "UPDATE officer_station SET to_on = $1 WHERE officer_id = $2 AND station_id = $3 AND to_on IS NULL";
// COLLATE "C": the byte order SQLite sorts by, so both backends list alike.
constexpr const char* k_assignments =
    "SELECT a.officer_id, a.station_id, a.from_on, COALESCE(a.to_on, '') FROM officer_station a "
    "JOIN officer o ON o.id = a.officer_id WHERE o.county_code = $1 "
    "ORDER BY a.officer_id COLLATE \"C\", a.from_on COLLATE \"C\"";
constexpr const char* k_add_training =
    "INSERT INTO training_session (id, county_code, held_on, topic, hours, level, trainer, created_at) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
constexpr const char* k_add_attendee =
    "INSERT INTO training_attendee (session_id, officer_id) VALUES ($1, $2) ON CONFLICT DO NOTHING";

std::optional<std::string> opt_text(const std::string& s) {
  if (s.empty()) return std::nullopt;
  return s;
}

status done(result<rows>&& r) {
  if (!r) return std::move(r).err();
  return ok_status();
}

// An UPDATE by id that must find its row.
status updated_one(result<rows>&& r, const std::string& what_en, const std::string& what_zh,
                   const std::string& id) {
  if (!r) return std::move(r).err();
  if (r->affected() == 0)
    return error(errc::not_found, "no " + what_en + " " + id, "没有" + what_zh + " " + id);
  return ok_status();
}

}  // namespace

result<std::optional<village_row>> pg_admin_writer::village(const std::string& code) {
  auto r = c_.run(k_village, {code});
  if (!r) return std::move(r).err();
  if (r->empty()) return std::optional<village_row>{};
  return std::optional<village_row>{village_row{r->text(0, 0), r->text(0, 1), r->text(0, 2), r->text(0, 3)}};
}

result<bool> pg_admin_writer::upsert_township(const township_row& t) {
  auto r = c_.run(k_upsert_township, {t.code, t.name, t.county_code});
  if (!r) return std::move(r).err();
  if (r->affected() == 0) return false;
  if (auto s = append_change(c_, t.county_code, "township", t.code, ref_feed::township(t)); !s)
    return std::move(s).err();
  return true;
}

result<bool> pg_admin_writer::upsert_village(const village_row& v) {
  auto r = c_.run(k_upsert_village, {v.code, v.name, v.township_code, v.county_code});
  if (!r) return std::move(r).err();
  if (r->affected() == 0) return false;
  if (auto s = append_change(c_, v.county_code, "village", v.code, ref_feed::village(v)); !s)
    return std::move(s).err();
  return true;
}

result<std::optional<station_row>> pg_admin_writer::station_by_id(const std::string& id) {
  auto r = c_.run(std::string("SELECT ") + k_station_columns + " FROM station WHERE id = $1", {id});
  if (!r) return std::move(r).err();
  if (r->empty()) return std::optional<station_row>{};
  return std::optional<station_row>{read_station_row(*r, 0)};
}

status pg_admin_writer::insert_station(const station_row& s) {
  return done(c_.run(k_insert_station, {s.id, s.name, s.village_code, s.township_code, s.county_code, s.kind,
                                        s.officer, s.token_id, param::bytes(s.token_hash), s.enrolled_at,
                                        opt_text(s.opened_on), opt_text(s.closed_on)}));
}

status pg_admin_writer::revoke_station(const std::string& id, std::int64_t at) {
  return updated_one(c_.run(k_revoke_station, {at, id}), "station", "站点", id);
}

status pg_admin_writer::set_station_closed(const std::string& id,
                                           const std::optional<std::string>& closed_on) {
  return done(c_.run(k_set_closed, {closed_on, id}));
}

status pg_admin_writer::insert_staff(const staff_row& s) {
  return done(c_.run(k_insert_staff, {s.id, s.name, s.role, join(s.counties, ","), s.token_id,
                                      param::bytes(s.token_hash), s.created_at}));
}

status pg_admin_writer::revoke_staff(const std::string& id, std::int64_t at) {
  return updated_one(c_.run(k_revoke_staff, {at, id}), "staff member", "工作人员", id);
}

status pg_admin_writer::set_target(const std::string& county_code, const std::string& kpi, double value,
                                   std::int64_t now_s) {
  if (auto s = done(c_.run(k_upsert_target, {county_code, kpi, value, now_s})); !s) return s;
  return append_change(c_, county_code, "target", kpi, ref_feed::target(kpi, value));
}

status pg_admin_writer::replace_rollup(const std::string& county_code, const std::string& day,
                                       const std::vector<rollup_row>& rows) {
  if (auto s = done(c_.run(k_delete_day, {county_code, day})); !s) return s;
  for (const auto& r : rows) {
    if (auto s = done(c_.run(k_insert_rollup, {county_code, day, r.kpi, r.numerator, r.denominator})); !s)
      return s;
  }
  return ok_status();
}

status pg_admin_writer::put_population(const std::vector<population_row>& rows, std::int64_t now_s) {
  for (const auto& r : rows) {
    if (auto s = done(c_.run(k_put_population, {r.village_code, r.population, r.households, now_s})); !s)
      return s;
  }
  return ok_status();
}

namespace {
officer_row read_officer(const rows& r, int i) {
  return officer_row{r.text(i, 0), r.text(i, 1), r.text(i, 2), r.text(i, 3), r.text(i, 4)};
}
}  // namespace

result<std::optional<officer_row>> pg_admin_writer::officer(const std::string& id) {
  auto r = c_.run(std::string(k_officer_cols) + "WHERE id = $1", {id});
  if (!r) return std::move(r).err();
  if (r->empty()) return std::optional<officer_row>{};
  return std::optional<officer_row>{read_officer(*r, 0)};
}

status pg_admin_writer::add_officer(const officer_row& o, std::int64_t now_s) {
  return done(
      c_.run(k_add_officer, {o.id, o.county_code, o.name, o.phone, opt_text(o.leader_designated_on), now_s}));
}

status pg_admin_writer::set_leader(const std::string& officer_id, const std::string& since) {
  return done(c_.run(k_set_leader, {opt_text(since), officer_id}));
}

status pg_admin_writer::add_assignment(const assignment_row& a) {
  return done(c_.run(k_add_assignment, {a.officer_id, a.station_id, a.from_on, opt_text(a.to_on)}));
}

status pg_admin_writer::end_assignment(const std::string& officer_id, const std::string& station_id,
                                       const std::string& to_on) {
  auto r = c_.run(k_end_assignment, {to_on, officer_id, station_id});
  if (!r) return std::move(r).err();
  if (r->affected() == 0)
    return error(errc::not_found,
                 "officer " + officer_id + " has no open assignment at station " + station_id,
                 "信息员 " + officer_id + " 在站点 " + station_id + " 没有在岗记录");
  return ok_status();
}

status pg_admin_writer::add_training(const training_row& t, std::int64_t now_s) {
  if (auto s = done(c_.run(k_add_training,
                           {t.id, t.county_code, t.held_on, t.topic, t.hours, t.level, t.trainer, now_s}));
      !s)
    return s;
  for (const auto& officer : t.attendees) {
    if (auto s = done(c_.run(k_add_attendee, {t.id, officer})); !s) return s;
  }
  return ok_status();
}

result<roster_rows> pg_admin_writer::roster(const std::string& county_code) {
  roster_rows out;
  auto o = c_.run(
      std::string(k_officer_cols) + "WHERE county_code = $1 ORDER BY name COLLATE \"C\", id COLLATE \"C\"",
      {county_code});
  if (!o) return std::move(o).err();
  for (int i = 0; i < o->size(); ++i) out.officers.push_back(read_officer(*o, i));
  auto a = c_.run(k_assignments, {county_code});
  if (!a) return std::move(a).err();
  for (int i = 0; i < a->size(); ++i)
    out.assignments.push_back({a->text(i, 0), a->text(i, 1), a->text(i, 2), a->text(i, 3)});
  return out;
}

}  // namespace cunzhan::hub::pg
