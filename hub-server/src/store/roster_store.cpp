// SQL of the population, officer roster and training tables (schema_villager.hpp).
#include "store/roster_store.hpp"

#include <map>

#include "store/each_row.hpp"

namespace cunzhan::hub {
namespace {

using hub::each_row;

constexpr const char* k_put_population =
    "INSERT INTO village_population (village_code, population, households, imported_at) VALUES (?, ?, ?, ?) "
    "ON CONFLICT (village_code) DO UPDATE SET population = excluded.population, households = "
    "excluded.households, "
    "imported_at = excluded.imported_at";
constexpr const char* k_population =
    "SELECT p.village_code, p.population, p.households FROM village_population p "
    "JOIN division_village v ON v.code = p.village_code WHERE v.county_code = ? ORDER BY p.village_code";
constexpr const char* k_add_officer =
    "INSERT INTO officer (id, county_code, name, phone, leader_designated_on, created_at) VALUES (?, ?, ?, "
    "?, ?, ?)";
constexpr const char* k_officer_cols =
    "SELECT id, county_code, name, phone, COALESCE(leader_designated_on, '') FROM officer ";
constexpr const char* k_set_leader = "UPDATE officer SET leader_designated_on = ? WHERE id = ?";
constexpr const char* k_add_assignment =
    "INSERT INTO officer_station (officer_id, station_id, from_on, to_on) VALUES (?, ?, ?, ?)";
constexpr const char* k_end_assignment =
    "UPDATE officer_station SET to_on = ? WHERE officer_id = ? AND station_id = ? AND to_on IS NULL";
constexpr const char* k_assignments =
    "SELECT a.officer_id, a.station_id, a.from_on, COALESCE(a.to_on, '') FROM officer_station a "
    "JOIN officer o ON o.id = a.officer_id WHERE o.county_code = ? ORDER BY a.officer_id, a.from_on";
constexpr const char* k_add_training =
    "INSERT INTO training_session (id, county_code, held_on, topic, hours, level, trainer, created_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
constexpr const char* k_add_attendee =
    "INSERT OR IGNORE INTO training_attendee (session_id, officer_id) VALUES (?, ?)";
constexpr const char* k_trainings =
    "SELECT s.id, s.county_code, s.held_on, s.topic, s.hours, s.level, s.trainer, COALESCE(a.officer_id, '') "
    "FROM training_session s LEFT JOIN training_attendee a ON a.session_id = s.id WHERE s.county_code = ? "
    "ORDER BY s.held_on, s.id, a.officer_id";

std::optional<std::string> opt(const std::string& s) {
  if (s.empty()) return std::nullopt;
  return s;
}

officer_row read_officer(sql::statement& q) {
  return officer_row{q.column_text(0), q.column_text(1), q.column_text(2), q.column_text(3),
                     q.column_text(4)};
}

}  // namespace

status roster_store::put_population(const std::vector<population_row>& rows, std::int64_t now_s) {
  for (const auto& r : rows) {
    auto st = db_.prepare_cached(k_put_population);
    if (!st) return std::move(st).err();
    if (auto s =
            (*st)->bind(1, r.village_code).bind(2, r.population).bind(3, r.households).bind(4, now_s).run();
        !s)
      return s;
  }
  return ok_status();
}

result<std::vector<population_row>> roster_store::population(const std::string& county_code) {
  std::vector<population_row> out;
  auto s = each_row(
      db_, k_population, [&](sql::statement& q) { q.bind(1, county_code); },
      [&](sql::statement& q) {
        out.push_back({q.column_text(0), q.column_int(1), q.column_int(2)});
      });
  if (!s) return std::move(s).err();
  return out;
}

status roster_store::add_officer(const officer_row& o, std::int64_t now_s) {
  auto st = db_.prepare_cached(k_add_officer);
  if (!st) return std::move(st).err();
  return (*st)
      ->bind(1, o.id)
      .bind(2, o.county_code)
      .bind(3, o.name)
      .bind(4, o.phone)
      .bind(5, opt(o.leader_designated_on))
      .bind(6, now_s)
      .run();
}

result<std::optional<officer_row>> roster_store::officer(const std::string& id) {
  std::optional<officer_row> out;
  const std::string sql = std::string(k_officer_cols) + "WHERE id = ?";
  auto s = each_row(
      db_, sql.c_str(), [&](sql::statement& q) { q.bind(1, id); },
      [&](sql::statement& q) { out = read_officer(q); });
  if (!s) return std::move(s).err();
  return out;
}

result<std::vector<officer_row>> roster_store::officers(const std::string& county_code) {
  std::vector<officer_row> out;
  const std::string sql = std::string(k_officer_cols) + "WHERE county_code = ? ORDER BY name, id";
  auto s = each_row(
      db_, sql.c_str(), [&](sql::statement& q) { q.bind(1, county_code); },
      [&](sql::statement& q) { out.push_back(read_officer(q)); });
  if (!s) return std::move(s).err();
  return out;
}

status roster_store::set_leader(const std::string& officer_id, const std::string& since) {
  auto st = db_.prepare_cached(k_set_leader);
  if (!st) return std::move(st).err();
  return (*st)->bind(1, opt(since)).bind(2, officer_id).run();
}

status roster_store::add_assignment(const assignment_row& a) {
  auto st = db_.prepare_cached(k_add_assignment);
  if (!st) return std::move(st).err();
  return (*st)->bind(1, a.officer_id).bind(2, a.station_id).bind(3, a.from_on).bind(4, opt(a.to_on)).run();
}

status roster_store::end_assignment(const std::string& officer_id, const std::string& station_id,
                                    const std::string& to_on) {
  auto st = db_.prepare_cached(k_end_assignment);
  if (!st) return std::move(st).err();
  if (auto s = (*st)->bind(1, to_on).bind(2, officer_id).bind(3, station_id).run(); !s) return s;
  if (db_.changes() == 0)
    return error(errc::not_found,
                 "officer " + officer_id + " has no open assignment at station " + station_id,
                 "信息员 " + officer_id + " 在站点 " + station_id + " 没有在岗记录");
  return ok_status();
}

result<std::vector<assignment_row>> roster_store::assignments(const std::string& county_code) {
  std::vector<assignment_row> out;
  auto s = each_row(
      db_, k_assignments, [&](sql::statement& q) { q.bind(1, county_code); },
      [&](sql::statement& q) {
        out.push_back({q.column_text(0), q.column_text(1), q.column_text(2), q.column_text(3)});
      });
  if (!s) return std::move(s).err();
  return out;
}

status roster_store::add_training(const training_row& t, std::int64_t now_s) {
  auto st = db_.prepare_cached(k_add_training);
  if (!st) return std::move(st).err();
  if (auto s = (*st)
                   ->bind(1, t.id)
                   .bind(2, t.county_code)
                   .bind(3, t.held_on)
                   .bind(4, t.topic)
                   .bind(5, t.hours)
                   .bind(6, t.level)
                   .bind(7, t.trainer)
                   .bind(8, now_s)
                   .run();
      !s)
    return s;
  for (const auto& officer : t.attendees) {
    auto a = db_.prepare_cached(k_add_attendee);
    if (!a) return std::move(a).err();
    if (auto s = (*a)->bind(1, t.id).bind(2, officer).run(); !s) return s;
  }
  return ok_status();
}

result<std::vector<training_row>> roster_store::trainings(const std::string& county_code) {
  std::vector<training_row> out;
  auto s = each_row(
      db_, k_trainings, [&](sql::statement& q) { q.bind(1, county_code); },
      [&](sql::statement& q) {
        if (out.empty() || out.back().id != q.column_text(0)) {
          out.push_back({q.column_text(0),
                         q.column_text(1),
                         q.column_text(2),
                         q.column_text(3),
                         q.column_double(4),
                         q.column_text(5),
                         q.column_text(6),
                         {}});
        }
        if (auto a = q.column_text(7); !a.empty()) out.back().attendees.push_back(a);
      });
  if (!s) return std::move(s).err();
  return out;
}

}  // namespace cunzhan::hub
