// SQL of the province role (province.db). Prepared statements only.
#include "cunzhan/hub/province/province_store.hpp"

#include <filesystem>

#include "cunzhan/shared/text.hpp"
#include "store/each_row.hpp"

namespace cunzhan::hub::province {
namespace {

namespace fs = std::filesystem;

constexpr sql::migration k_steps[] = {
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
    "CREATE TABLE county (code TEXT PRIMARY KEY, city_code TEXT NOT NULL, province_code TEXT NOT NULL,"
    " townships INTEGER NOT NULL DEFAULT 0, villages INTEGER NOT NULL DEFAULT 0);"
    "CREATE TABLE county_token (token_id TEXT PRIMARY KEY, county_code TEXT NOT NULL REFERENCES county(code),"
    " token_hash BLOB NOT NULL, issued_at INTEGER NOT NULL, revoked_at INTEGER);"
    "CREATE INDEX county_token_by_county ON county_token (county_code);"
    "CREATE TABLE staff (id TEXT PRIMARY KEY, name TEXT NOT NULL, cities TEXT NOT NULL, token_id TEXT NOT "
    "NULL UNIQUE,"
    " token_hash BLOB NOT NULL, created_at INTEGER NOT NULL, revoked_at INTEGER);"
    // Every version is kept; (county, period, version) is the month's history.
    "CREATE TABLE submission (county_code TEXT NOT NULL, period TEXT NOT NULL, version INTEGER NOT NULL,"
    " submission_id TEXT NOT NULL UNIQUE, received_at INTEGER NOT NULL, report TEXT NOT NULL, changes TEXT "
    "NOT NULL,"
    " program_version TEXT NOT NULL DEFAULT '', PRIMARY KEY (county_code, period, version));",
    "CREATE TABLE dashboard_session (id_hash BLOB PRIMARY KEY, staff_id TEXT NOT NULL, expires_at INTEGER "
    "NOT NULL);",
    // Names came later (areas/cities CSV); a registry imported before keeps showing codes.
    "ALTER TABLE county ADD COLUMN name TEXT NOT NULL DEFAULT '';"
    "ALTER TABLE county ADD COLUMN city_name TEXT NOT NULL DEFAULT '';",
};

constexpr const char* k_county_cols = "code, city_code, province_code, townships, villages, name, city_name";

county_row read_county(const sql::statement& q) {
  return {q.column_text(0),
          q.column_text(1),
          q.column_text(2),
          static_cast<int>(q.column_int(3)),
          static_cast<int>(q.column_int(4)),
          q.column_text(5),
          q.column_text(6)};
}

constexpr const char* k_sub_cols =
    "county_code, period, version, submission_id, received_at, report, changes, program_version";

submission_row read_sub(const sql::statement& q, int at = 0) {
  submission_row r;
  r.county_code = q.column_text(at + 0);
  r.period = q.column_text(at + 1);
  r.version = static_cast<int>(q.column_int(at + 2));
  r.submission_id = q.column_text(at + 3);
  r.received_at = q.column_int(at + 4);
  r.report = q.column_text(at + 5);
  r.changes = q.column_text(at + 6);
  r.program_version = q.column_text(at + 7);
  return r;
}

// One set of rows per query, as the KPI loaders read theirs.
template <class Bind, class Row>
status each(sql::database& db, const std::string& sql_text, Bind&& bind, Row&& row) {
  return hub::each_row(db, sql_text.c_str(), std::forward<Bind>(bind), std::forward<Row>(row));
}

status run(sql::database& db, const char* sql_text, const std::function<void(sql::statement&)>& bind) {
  auto st = db.prepare_cached(sql_text);
  if (!st) return std::move(st).err();
  bind(**st);
  return (*st)->run();
}

double to_double(const std::string& s, double dflt) {
  try {
    return s.empty() ? dflt : std::stod(s);
  } catch (const std::exception&) {
    return dflt;
  }
}

}  // namespace

bool staff_row::may_see(const std::string& county_code) const {
  if (cities.empty()) return true;
  for (const auto& c : cities) {
    if (county_code.compare(0, c.size(), c) == 0) return true;
  }
  return false;
}

std::string province_store::db_path(const std::string& data_dir) {
  return (fs::path(data_dir) / "province.db").string();
}

bool province_store::exists(const std::string& data_dir) {
  std::error_code ec;
  return fs::exists(db_path(data_dir), ec);
}

result<std::unique_ptr<province_store>> province_store::open(const std::string& data_dir, bool create,
                                                             const std::string& province_code) {
  const std::string path = db_path(data_dir);
  std::error_code ec;
  const bool there = fs::exists(path, ec);
  if (!there && !create) {
    return error(errc::not_initialised,
                 path + " does not exist; run `hub province init --data " + data_dir + " --province CODE`",
                 path + " 不存在；请先运行 `hub province init --data " + data_dir + " --province 代码`");
  }
  if (there && create) {
    return error(errc::already_initialised, path + " already exists", path + " 已存在");
  }
  if (create) {
    fs::create_directories(data_dir, ec);
    if (ec)
      return error(errc::io_error, "cannot create " + data_dir + ": " + ec.message(),
                   "无法创建目录 " + data_dir);
  }
  sql::open_options o;
  o.create = create;
  auto db = sql::database::open(path, o);
  if (!db) return std::move(db).err();
  if (auto s = sql::migrate(**db, k_steps, std::size(k_steps)); !s) return std::move(s).err();
  if (create) fs::permissions(path, fs::perms::owner_read | fs::perms::owner_write, ec);
  std::unique_ptr<province_store> out(new province_store(std::move(*db)));
  if (create) {
    if (auto s = out->set_meta("province_code", province_code); !s) return std::move(s).err();
  }
  return out;
}

status province_store::backup_to(const std::string& dest) {
  std::lock_guard lock(mu_);
  return db_->backup_to(dest);
}

result<std::string> province_store::integrity_check() {
  std::lock_guard lock(mu_);
  return db_->integrity_check();
}

status province_store::in_transaction(const std::function<status()>& fn) {
  std::lock_guard lock(mu_);
  sql::transaction t(*db_);
  if (!t.begun()) return t.begun();
  if (auto s = fn(); !s) return s;
  return t.commit();
}

result<std::optional<std::string>> province_store::meta(const std::string& key) {
  std::lock_guard lock(mu_);
  std::optional<std::string> out;
  auto s = each(
      *db_, "SELECT value FROM meta WHERE key = ?", [&](auto& q) { q.bind(1, key); },
      [&](auto& q) { out = q.column_text(0); });
  if (!s) return std::move(s).err();
  return out;
}

status province_store::set_meta(const std::string& key, const std::string& value) {
  std::lock_guard lock(mu_);
  return run(
      *db_,
      "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
      [&](auto& q) { q.bind(1, key).bind(2, value); });
}

result<std::string> province_store::province_code() {
  auto v = meta("province_code");
  if (!v) return std::move(v).err();
  return v->value_or("");
}

result<settings> province_store::load_settings() {
  settings s;
  for (const auto& [key, slot] : std::initializer_list<std::pair<const char*, double*>>{
           {"grade_excellent", &s.excellent}, {"grade_good", &s.good}, {"grade_fair", &s.fair}}) {
    auto v = meta(key);
    if (!v) return std::move(v).err();
    *slot = to_double(v->value_or(""), *slot);
  }
  auto d = meta("deadline_day");
  if (!d) return std::move(d).err();
  s.deadline_day = static_cast<int>(to_double(d->value_or(""), s.deadline_day));
  return s;
}

status province_store::save_settings(const settings& s) {
  return in_transaction([&]() -> status {
    for (const auto& [key, v] : std::initializer_list<std::pair<const char*, double>>{
             {"grade_excellent", s.excellent}, {"grade_good", s.good}, {"grade_fair", s.fair}}) {
      if (auto st = set_meta(key, std::to_string(v)); !st) return st;
    }
    return set_meta("deadline_day", std::to_string(s.deadline_day));
  });
}

status province_store::upsert_counties(const std::vector<county_row>& rows) {
  return in_transaction([&]() -> status {
    for (const auto& c : rows) {
      auto s = run(
          *db_,
          "INSERT INTO county (code, city_code, province_code, townships, villages, name, city_name) VALUES "
          "(?, ?, ?, ?, ?, ?, ?) ON CONFLICT (code) DO UPDATE SET city_code = excluded.city_code, "
          "province_code = excluded.province_code, townships = excluded.townships, villages = "
          "excluded.villages, name = excluded.name, city_name = excluded.city_name",
          [&](auto& q) {
            q.bind(1, c.code)
                .bind(2, c.city_code)
                .bind(3, c.province_code)
                .bind(4, c.townships)
                .bind(5, c.villages)
                .bind(6, c.name)
                .bind(7, c.city_name);
          });
      if (!s) return s;
    }
    return ok_status();
  });
}

result<std::vector<county_row>> province_store::counties() {
  std::lock_guard lock(mu_);
  std::vector<county_row> out;
  auto s = each(
      *db_, std::string("SELECT ") + k_county_cols + " FROM county ORDER BY code", [](auto&) {},
      [&](auto& q) { out.push_back(read_county(q)); });
  if (!s) return std::move(s).err();
  return out;
}

result<std::optional<county_row>> province_store::county(const std::string& code) {
  auto all = counties();
  if (!all) return std::move(all).err();
  for (auto& c : *all) {
    if (c.code == code) return std::optional<county_row>(std::move(c));
  }
  return std::optional<county_row>();
}

result<std::vector<county_row>> province_store::enrolled() {
  std::lock_guard lock(mu_);
  std::vector<county_row> out;
  auto s = each(
      *db_,
      std::string("SELECT ") + k_county_cols +
          " FROM county WHERE code IN (SELECT county_code FROM county_token) ORDER BY code",
      [](auto&) {}, [&](auto& q) { out.push_back(read_county(q)); });
  if (!s) return std::move(s).err();
  return out;
}

status province_store::issue_county_token(const county_token_row& t) {
  return in_transaction([&]() -> status {
    auto s = run(*db_, "UPDATE county_token SET revoked_at = ? WHERE county_code = ? AND revoked_at IS NULL",
                 [&](auto& q) { q.bind(1, t.issued_at).bind(2, t.county_code); });
    if (!s) return s;
    return run(*db_,
               "INSERT INTO county_token (token_id, county_code, token_hash, issued_at) VALUES (?, ?, ?, ?)",
               [&](auto& q) {
                 q.bind(1, t.token_id).bind(2, t.county_code).bind_blob(3, t.token_hash).bind(4, t.issued_at);
               });
  });
}

status province_store::revoke_county(const std::string& code, std::int64_t at) {
  return in_transaction([&]() -> status {
    auto s = run(*db_, "UPDATE county_token SET revoked_at = ? WHERE county_code = ? AND revoked_at IS NULL",
                 [&](auto& q) { q.bind(1, at).bind(2, code); });
    if (!s) return s;
    if (db_->changes() == 0) {
      return error(errc::not_found, "county " + code + " has no live token",
                   "区县 " + code + " 没有有效的令牌");
    }
    return ok_status();
  });
}

result<std::optional<county_token_row>> province_store::county_token(const std::string& token_id) {
  std::lock_guard lock(mu_);
  std::optional<county_token_row> out;
  auto s = each(
      *db_,
      "SELECT token_id, county_code, token_hash, issued_at, revoked_at FROM county_token WHERE token_id = ?",
      [&](auto& q) { q.bind(1, token_id); },
      [&](auto& q) {
        county_token_row r{q.column_text(0), q.column_text(1), q.column_blob(2), q.column_int(3),
                           std::nullopt};
        if (!q.column_is_null(4)) r.revoked_at = q.column_int(4);
        out = std::move(r);
      });
  if (!s) return std::move(s).err();
  return out;
}

status province_store::insert_staff(const staff_row& r) {
  std::lock_guard lock(mu_);
  return run(*db_,
             "INSERT INTO staff (id, name, cities, token_id, token_hash, created_at) VALUES (?, ?, ?, ?, ?, "
             "CAST(strftime('%s','now') AS INTEGER))",
             [&](auto& q) {
               q.bind(1, r.id)
                   .bind(2, r.name)
                   .bind(3, join(r.cities, ","))
                   .bind(4, r.token_id)
                   .bind_blob(5, r.token_hash);
             });
}

status province_store::revoke_staff(const std::string& id, std::int64_t at) {
  std::lock_guard lock(mu_);
  auto s = run(*db_, "UPDATE staff SET revoked_at = coalesce(revoked_at, ?) WHERE id = ?",
               [&](auto& q) { q.bind(1, at).bind(2, id); });
  if (!s) return s;
  if (db_->changes() == 0) return error(errc::not_found, "no staff member " + id, "没有工作人员 " + id);
  return ok_status();
}

result<std::optional<staff_row>> province_store::staff_by_token(const std::string& token_id) {
  std::lock_guard lock(mu_);
  std::optional<staff_row> out;
  auto s = each(
      *db_, "SELECT id, name, cities, token_id, token_hash, revoked_at FROM staff WHERE token_id = ?",
      [&](auto& q) { q.bind(1, token_id); },
      [&](auto& q) {
        staff_row r;
        r.id = q.column_text(0);
        r.name = q.column_text(1);
        const std::string cities = q.column_text(2);
        if (!cities.empty()) r.cities = split(cities, ',');
        r.token_id = q.column_text(3);
        r.token_hash = q.column_blob(4);
        if (!q.column_is_null(5)) r.revoked_at = q.column_int(5);
        out = std::move(r);
      });
  if (!s) return std::move(s).err();
  return out;
}

status province_store::insert_session(const std::string& id_hash, const std::string& staff_id,
                                      std::int64_t expires_at) {
  std::lock_guard lock(mu_);
  auto s = run(*db_, "DELETE FROM dashboard_session WHERE expires_at < ?",
               [&](auto& q) { q.bind(1, expires_at - 86400); });
  if (!s) return s;
  return run(*db_, "INSERT INTO dashboard_session (id_hash, staff_id, expires_at) VALUES (?, ?, ?)",
             [&](auto& q) { q.bind_blob(1, id_hash).bind(2, staff_id).bind(3, expires_at); });
}

result<std::optional<staff_row>> province_store::session(const std::string& id_hash, std::int64_t now_s) {
  std::optional<std::string> token_id;
  {
    std::lock_guard lock(mu_);
    auto s = each(
        *db_,
        "SELECT s.token_id FROM dashboard_session d JOIN staff s ON s.id = d.staff_id WHERE d.id_hash = ? "
        "AND "
        "d.expires_at > ?",
        [&](auto& q) { q.bind_blob(1, id_hash).bind(2, now_s); },
        [&](auto& q) { token_id = q.column_text(0); });
    if (!s) return std::move(s).err();
  }
  if (!token_id) return std::optional<staff_row>();
  auto staff = staff_by_token(*token_id);
  if (!staff) return std::move(staff).err();
  if (*staff && (*staff)->revoked_at) return std::optional<staff_row>();  // revoking ends the sessions
  return staff;
}

status province_store::delete_session(const std::string& id_hash) {
  std::lock_guard lock(mu_);
  return run(*db_, "DELETE FROM dashboard_session WHERE id_hash = ?",
             [&](auto& q) { q.bind_blob(1, id_hash); });
}

result<std::vector<submission_row>> province_store::versions(const std::string& county,
                                                             const std::string& period) {
  std::lock_guard lock(mu_);
  std::vector<submission_row> out;
  auto s = each(
      *db_,
      std::string("SELECT ") + k_sub_cols +
          " FROM submission WHERE county_code = ? AND period = ? ORDER BY version",
      [&](auto& q) { q.bind(1, county).bind(2, period); }, [&](auto& q) { out.push_back(read_sub(q)); });
  if (!s) return std::move(s).err();
  return out;
}

result<std::optional<submission_row>> province_store::by_submission_id(const std::string& id) {
  std::lock_guard lock(mu_);
  std::optional<submission_row> out;
  auto s = each(
      *db_, std::string("SELECT ") + k_sub_cols + " FROM submission WHERE submission_id = ?",
      [&](auto& q) { q.bind(1, id); }, [&](auto& q) { out = read_sub(q); });
  if (!s) return std::move(s).err();
  return out;
}

status province_store::insert_version(const submission_row& r) {
  std::lock_guard lock(mu_);
  return run(
      *db_,
      "INSERT INTO submission (county_code, period, version, submission_id, received_at, report, changes, "
      "program_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      [&](auto& q) {
        q.bind(1, r.county_code).bind(2, r.period).bind(3, r.version).bind(4, r.submission_id);
        q.bind(5, r.received_at).bind(6, r.report).bind(7, r.changes).bind(8, r.program_version);
      });
}

result<std::vector<province_store::latest_row>> province_store::latest_in(const std::string& first,
                                                                          const std::string& last) {
  std::lock_guard lock(mu_);
  std::vector<latest_row> out;
  auto s = each(
      *db_,
      std::string("SELECT ") + k_sub_cols +
          ", (SELECT f.received_at FROM submission f WHERE f.county_code = s.county_code AND f.period = "
          "s.period AND f.version = 1) FROM submission s WHERE period BETWEEN ? AND ? AND version = (SELECT "
          "max(version) FROM submission m WHERE m.county_code = s.county_code AND m.period = s.period) "
          "ORDER BY county_code, period",
      [&](auto& q) { q.bind(1, first).bind(2, last); },
      [&](auto& q) {
        out.push_back({read_sub(q), q.column_int(8)});
      });
  if (!s) return std::move(s).err();
  return out;
}

}  // namespace cunzhan::hub::province
