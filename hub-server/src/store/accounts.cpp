// SQL for the station and staff tables.
#include "store/accounts.hpp"

#include "cunzhan/shared/text.hpp"
#include "store/each_row.hpp"
#include "store/op_log.hpp"

namespace cunzhan::hub {
namespace {

constexpr const char* k_insert_station =
    "INSERT INTO station (id, name, village_code, township_code, county_code, kind, officer, token_id, "
    "token_hash, enrolled_at, opened_on, closed_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr const char* k_station_by_id =
    "SELECT id, name, village_code, township_code, county_code, kind, officer, token_id, token_hash, "
    "enrolled_at, opened_on, closed_on, revoked_at FROM station WHERE id = ?";
constexpr const char* k_station_by_token =
    "SELECT id, name, village_code, township_code, county_code, kind, officer, token_id, token_hash, "
    "enrolled_at, opened_on, closed_on, revoked_at FROM station WHERE token_id = ?";
constexpr const char* k_revoke_station =
    "UPDATE station SET revoked_at = coalesce(revoked_at, ?) WHERE id = ?";
constexpr const char* k_insert_staff =
    "INSERT INTO staff (id, name, role, counties, token_id, token_hash, created_at) VALUES (?, ?, ?, ?, ?, "
    "?, ?)";
constexpr const char* k_staff_by_token =
    "SELECT id, name, role, counties, token_id, token_hash, created_at, revoked_at FROM staff WHERE token_id "
    "= ?";
constexpr const char* k_set_closed = "UPDATE station SET closed_on = ? WHERE id = ?";
// Every station (of one county, or all), with its last successful sync and the program
// version its latest sync announced.
constexpr const char* k_list =
    "SELECT st.id, st.name, st.county_code, st.village_code, st.revoked_at IS NOT NULL, st.closed_on, "
    "(SELECT MAX(s.ended_at) FROM sync_session s WHERE s.station_id = st.id AND s.ok = "
    "1), " CUNZHAN_SQL_STATION_VERSION
    " FROM station st WHERE ?1 = '' OR st.county_code = ?1 ORDER BY st.county_code, st.village_code, st.name";
constexpr const char* k_revoke_staff = "UPDATE staff SET revoked_at = coalesce(revoked_at, ?) WHERE id = ?";

std::optional<std::string> opt_text(const std::string& s) {
  if (s.empty()) return std::nullopt;
  return s;
}

}  // namespace

status accounts::insert_station(const station_row& s) {
  auto st = db_.prepare_cached(k_insert_station);
  if (!st) return std::move(st).err();
  (*st)
      ->bind(1, s.id)
      .bind(2, s.name)
      .bind(3, s.village_code)
      .bind(4, s.township_code)
      .bind(5, s.county_code);
  (*st)
      ->bind(6, s.kind)
      .bind(7, s.officer)
      .bind(8, s.token_id)
      .bind_blob(9, s.token_hash)
      .bind(10, s.enrolled_at);
  (*st)->bind(11, opt_text(s.opened_on)).bind(12, opt_text(s.closed_on));
  return (*st)->run();
}

result<std::optional<station_row>> accounts::one_station(const char* sql, const std::string& key) {
  auto st = db_.prepare_cached(sql);
  if (!st) return std::move(st).err();
  (*st)->bind(1, key);
  auto row = (*st)->step();
  if (!row) return std::move(row).err();
  std::optional<station_row> out;
  if (*row) {
    {
      auto& q = **st;
      station_row r;
      r.id = q.column_text(0);
      r.name = q.column_text(1);
      r.village_code = q.column_text(2);
      r.township_code = q.column_text(3);
      r.county_code = q.column_text(4);
      r.kind = q.column_text(5);
      r.officer = q.column_text(6);
      r.token_id = q.column_text(7);
      r.token_hash = q.column_blob(8);
      r.enrolled_at = q.column_int(9);
      r.opened_on = q.column_text(10);
      r.closed_on = q.column_text(11);
      if (!q.column_is_null(12)) r.revoked_at = q.column_int(12);
      out = std::move(r);
    }
  }
  (*st)->reset();
  return out;
}

result<std::optional<station_row>> accounts::station_by_id(const std::string& id) {
  return one_station(k_station_by_id, id);
}

result<std::optional<station_row>> accounts::station_by_token_id(const std::string& token_id) {
  return one_station(k_station_by_token, token_id);
}

status accounts::revoke_station(const std::string& id, std::int64_t at) {
  auto st = db_.prepare_cached(k_revoke_station);
  if (!st) return std::move(st).err();
  if (auto s = (*st)->bind(1, at).bind(2, id).run(); !s) return s;
  if (db_.changes() == 0) return error(errc::not_found, "no station " + id, "没有站点 " + id);
  return ok_status();
}

status accounts::set_station_closed(const std::string& id, const std::optional<std::string>& closed_on) {
  auto q = db_.prepare_cached(k_set_closed);
  if (!q) return std::move(q).err();
  if (closed_on) {
    (*q)->bind(1, *closed_on);
  } else {
    (*q)->bind_null(1);
  }
  return (*q)->bind(2, id).run();
}

result<std::vector<station_list_row>> accounts::station_list(const std::string& county_code) {
  std::vector<station_list_row> out;
  const auto opt_text = [](sql::statement& q, int i) {
    return q.column_is_null(i) ? std::string() : q.column_text(i);
  };
  auto s = each_row(
      db_, k_list, [&](sql::statement& q) { q.bind(1, county_code); },
      [&](sql::statement& q) {
        station_list_row r;
        r.id = q.column_text(0);
        r.name = q.column_text(1);
        r.county_code = q.column_text(2);
        r.village_code = q.column_text(3);
        r.revoked = q.column_int(4) != 0;
        r.closed_on = opt_text(q, 5);
        if (!q.column_is_null(6)) r.last_sync_s = q.column_int(6);
        r.program_version = opt_text(q, 7);
        out.push_back(std::move(r));
      });
  if (!s) return std::move(s).err();
  return out;
}

status accounts::insert_staff(const staff_row& s) {
  auto st = db_.prepare_cached(k_insert_staff);
  if (!st) return std::move(st).err();
  (*st)->bind(1, s.id).bind(2, s.name).bind(3, s.role).bind(4, join(s.counties, ","));
  (*st)->bind(5, s.token_id).bind_blob(6, s.token_hash).bind(7, s.created_at);
  return (*st)->run();
}

result<std::optional<staff_row>> accounts::staff_by_token_id(const std::string& token_id) {
  auto st = db_.prepare_cached(k_staff_by_token);
  if (!st) return std::move(st).err();
  (*st)->bind(1, token_id);
  auto row = (*st)->step();
  if (!row) return std::move(row).err();
  std::optional<staff_row> out;
  if (*row) {
    auto& q = **st;
    staff_row r;
    r.id = q.column_text(0);
    r.name = q.column_text(1);
    r.role = q.column_text(2);
    r.counties = split(q.column_text(3), ',');
    r.token_id = q.column_text(4);
    r.token_hash = q.column_blob(5);
    r.created_at = q.column_int(6);
    if (!q.column_is_null(7)) r.revoked_at = q.column_int(7);
    out = std::move(r);
  }
  (*st)->reset();
  return out;
}

status accounts::revoke_staff(const std::string& id, std::int64_t at) {
  auto st = db_.prepare_cached(k_revoke_staff);
  if (!st) return std::move(st).err();
  if (auto s = (*st)->bind(1, at).bind(2, id).run(); !s) return s;
  if (db_.changes() == 0) return error(errc::not_found, "no staff member " + id, "没有工作人员 " + id);
  return ok_status();
}

}  // namespace cunzhan::hub
