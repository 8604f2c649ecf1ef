// SQL of upstream.db (the county hub's link to its province). Prepared statements only.
#include "province/upstream_store.hpp"

#include <cstdio>
#include <filesystem>

#include "store/each_row.hpp"

namespace cunzhan::hub::province {
namespace {

namespace fs = std::filesystem;

constexpr sql::migration k_steps[] = {
    "CREATE TABLE link (county_code TEXT PRIMARY KEY, province_url TEXT NOT NULL, server_name TEXT NOT NULL,"
    " ca_pem TEXT NOT NULL, province_code TEXT NOT NULL, token TEXT NOT NULL, first_period TEXT NOT NULL,"
    " joined_at INTEGER NOT NULL);"
    "CREATE TABLE sent (submission_id TEXT PRIMARY KEY, county_code TEXT NOT NULL, period TEXT NOT NULL,"
    " content_hash TEXT NOT NULL, acked INTEGER NOT NULL DEFAULT 0, version INTEGER NOT NULL DEFAULT 0,"
    " status TEXT NOT NULL DEFAULT '', created_at INTEGER NOT NULL, acked_at INTEGER NOT NULL DEFAULT 0);"
    "CREATE INDEX sent_by_month ON sent (county_code, period, created_at);",
};

constexpr const char* k_sent_cols =
    "county_code, period, submission_id, content_hash, acked, version, status, created_at, acked_at";

sent_row read_sent(const sql::statement& q) {
  sent_row r;
  r.county_code = q.column_text(0);
  r.period = q.column_text(1);
  r.submission_id = q.column_text(2);
  r.content_hash = q.column_text(3);
  r.acked = q.column_int(4) != 0;
  r.version = static_cast<int>(q.column_int(5));
  r.status = q.column_text(6);
  r.created_at = q.column_int(7);
  r.acked_at = q.column_int(8);
  return r;
}

result<std::vector<sent_row>> sent_rows(sql::database& db, const std::string& sql_text,
                                        const std::string& county, const std::string* period) {
  std::vector<sent_row> out;
  auto s = hub::each_row(
      db, sql_text.c_str(),
      [&](sql::statement& q) {
        q.bind(1, county);
        if (period != nullptr) q.bind(2, *period);
      },
      [&](sql::statement& q) { out.push_back(read_sent(q)); });
  if (!s) return std::move(s).err();
  return out;
}

}  // namespace

std::string upstream_store::db_path(const std::string& data_dir) {
  return (fs::path(data_dir) / "upstream.db").string();
}

bool upstream_store::exists(const std::string& data_dir) {
  std::error_code ec;
  return fs::exists(db_path(data_dir), ec);
}

result<std::unique_ptr<upstream_store>> upstream_store::open(const std::string& data_dir, bool create) {
  const std::string path = db_path(data_dir);
  std::error_code ec;
  if (!create && !fs::exists(path, ec)) {
    return error(errc::not_initialised, "this hub has not joined a province (hub province join FILE)",
                 "本服务器尚未加入省级平台（hub province join 文件）");
  }
  sql::open_options o;
  o.create = create;
  auto db = sql::database::open(path, o);
  if (!db) return std::move(db).err();
  if (auto s = sql::migrate(**db, k_steps, std::size(k_steps)); !s) return std::move(s).err();
  fs::permissions(path, fs::perms::owner_read | fs::perms::owner_write, ec);
  return std::unique_ptr<upstream_store>(new upstream_store(std::move(*db)));
}

result<std::string> upstream_store::backup_beside(const std::string& data_dir, const std::string& hub_copy) {
  if (!exists(data_dir)) return std::string();
  auto store = open(data_dir, false);
  if (!store) return std::move(store).err();
  std::string dest = hub_copy;
  if (dest.size() > 3 && dest.ends_with(".db")) dest.resize(dest.size() - 3);
  dest += ".upstream.db";
  // Created 0600 before SQLite writes into it: the copy holds the county token too.
  std::error_code ec;
  fs::remove(dest, ec);
  if (std::FILE* f = std::fopen(dest.c_str(), "wb")) std::fclose(f);
  fs::permissions(dest, fs::perms::owner_read | fs::perms::owner_write, ec);
  if (auto s = (*store)->db_->backup_to(dest); !s) return std::move(s).err();
  return dest;
}

status upstream_store::save_link(const upstream_link& l) {
  auto st = db_->prepare_cached(
      "INSERT OR REPLACE INTO link (county_code, province_url, server_name, ca_pem, province_code, token, "
      "first_period,"
      " joined_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  if (!st) return std::move(st).err();
  const auto& e = l.enrolment;
  (*st)->bind(1, e.county_code).bind(2, e.province_url).bind(3, e.server_name).bind(4, e.ca_pem);
  (*st)->bind(5, e.province_code).bind(6, e.token).bind(7, l.first_period).bind(8, l.joined_at);
  return (*st)->run();
}

result<std::vector<upstream_link>> upstream_store::links() {
  std::vector<upstream_link> out;
  auto s = hub::each_row(
      *db_,
      "SELECT county_code, province_url, server_name, ca_pem, province_code, token, first_period, joined_at "
      "FROM link "
      "ORDER BY county_code",
      [](sql::statement&) {},
      [&](sql::statement& q) {
        upstream_link l;
        l.enrolment.county_code = q.column_text(0);
        l.enrolment.province_url = q.column_text(1);
        l.enrolment.server_name = q.column_text(2);
        l.enrolment.ca_pem = q.column_text(3);
        l.enrolment.province_code = q.column_text(4);
        l.enrolment.token = q.column_text(5);
        l.first_period = q.column_text(6);
        l.joined_at = q.column_int(7);
        out.push_back(std::move(l));
      });
  if (!s) return std::move(s).err();
  return out;
}

result<std::optional<sent_row>> upstream_store::latest(const std::string& county, const std::string& period) {
  auto rows = sent_rows(
      *db_,
      std::string("SELECT ") + k_sent_cols +
          " FROM sent WHERE county_code = ? AND period = ? ORDER BY created_at DESC, rowid DESC LIMIT 1",
      county, &period);
  if (!rows) return std::move(rows).err();
  if (rows->empty()) return std::optional<sent_row>();
  return std::optional<sent_row>(std::move(rows->front()));
}

status upstream_store::insert(const sent_row& r) {
  auto st = db_->prepare_cached(
      "INSERT INTO sent (submission_id, county_code, period, content_hash, created_at) VALUES (?, ?, ?, ?, "
      "?)");
  if (!st) return std::move(st).err();
  (*st)
      ->bind(1, r.submission_id)
      .bind(2, r.county_code)
      .bind(3, r.period)
      .bind(4, r.content_hash)
      .bind(5, r.created_at);
  return (*st)->run();
}

status upstream_store::mark_acked(const std::string& submission_id, int version, const std::string& status,
                                  std::int64_t at) {
  auto st = db_->prepare_cached(
      "UPDATE sent SET acked = 1, version = ?, status = ?, acked_at = ? WHERE submission_id = ?");
  if (!st) return std::move(st).err();
  (*st)->bind(1, version).bind(2, status).bind(3, at).bind(4, submission_id);
  return (*st)->run();
}

result<std::vector<sent_row>> upstream_store::history(const std::string& county) {
  return sent_rows(
      *db_,
      std::string("SELECT ") + k_sent_cols + " FROM sent WHERE county_code = ? ORDER BY period, created_at",
      county, nullptr);
}

}  // namespace cunzhan::hub::province
