// `hub migrate` (include/cunzhan/hub/migrate.hpp): SQLite hub.db → PostgreSQL.
//
// The run reads the hub.db in one read transaction (one consistent moment even if a hub
// were still writing it) and copies table by table, each in its own PostgreSQL
// transaction that also records the table's row count, digest and the source's
// fingerprint in cunzhan_migration: a run killed half-way leaves whole tables only, and
// the next run with the same hub.db copies the rest. The verification afterwards recounts
// and re-digests every table on both sides, so a hub.db that changed between two runs
// shows up as a difference, never as a silent mix.
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <map>

#include "cunzhan/hub/migrate.hpp"
#include "cunzhan/hub/postgres.hpp"
#include "cunzhan/shared/clock.hpp"
#include "cunzhan/shared/uuid.hpp"
#include "store/postgres/pg_schema.hpp"
#include "store/postgres/pg_table_copy.hpp"
#include "store/postgres/pg_url.hpp"

namespace cunzhan::hub {

bool migrate_report::all_equal() const {
  for (const auto& t : tables) {
    if (!t.equal()) return false;
  }
  return true;
}

namespace {

// One `hub migrate` per target database at a time (the key is arbitrary but fixed).
constexpr std::int64_t k_migrate_lock = 7433110560;  // the schema locks are 7433110551..3

constexpr const char* k_progress_table =
    "CREATE TABLE IF NOT EXISTS cunzhan_migration (table_name TEXT PRIMARY KEY, source TEXT NOT NULL, "
    "row_count BIGINT NOT NULL, digest TEXT NOT NULL, copied_at BIGINT NOT NULL)";
constexpr const char* k_record =
    "INSERT INTO cunzhan_migration (table_name, source, row_count, digest, copied_at) VALUES ($1, $2, $3, "
    "$4, $5) "
    "ON CONFLICT (table_name) DO UPDATE SET source = EXCLUDED.source, row_count = EXCLUDED.row_count, "
    "digest = EXCLUDED.digest, copied_at = EXCLUDED.copied_at";

// Which district this hub.db is: its registry's counties and its stations. A resumed run
// must be given the same hub.db; any other is refused like any other data.
result<std::string> fingerprint(sql::database& src) {
  std::string text;
  for (const char* q : {"SELECT DISTINCT county_code FROM division_village ORDER BY 1",
                        "SELECT id FROM station ORDER BY 1"}) {
    auto st = src.prepare(q);
    if (!st) return std::move(st).err();
    for (;;) {
      auto more = st->step();
      if (!more) return std::move(more).err();
      if (!*more) break;
      text += st->column_text(0) + "\n";
    }
    text += "--\n";
  }
  pg::table_digest d;
  d.add(text);
  return d.hex().substr(0, 32);
}

// What hub data the target holds, as a sentence ("" when none). The courier brands every
// hub seeds into its pull feed on start are not data of a county (the copy replaces them).
result<std::string> holdings(pg::connection& c, const std::vector<pg::table_shape>& tables) {
  std::int64_t rows = 0;
  for (const auto& t : tables) {
    const std::string where =
        t.name == "ref_change" ? " WHERE NOT (county_code = '' AND kind = 'brand')" : "";
    auto r = c.run("SELECT count(*) FROM \"" + t.name + "\"" + where);
    if (!r) return std::move(r).err();
    rows += r->int64(0, 0);
  }
  if (rows == 0) return std::string();
  auto counties = c.run(
      "SELECT string_agg(code, ', ' ORDER BY code) FROM (SELECT county_code AS code FROM division_village "
      "UNION SELECT county_code FROM station) c");
  if (!counties) return std::move(counties).err();
  return std::to_string(rows) + " rows; counties " +
         (counties->text(0, 0).empty() ? "-" : counties->text(0, 0));
}

// A test hook: die (SIGKILL, no clean-up) just before table number N (1-based) commits,
// so the tests can interrupt a migration at a chosen table.
int kill_at() {
  const char* v = std::getenv("CUNZHAN_TEST_MIGRATE_KILL_AT");
  return v != nullptr ? std::atoi(v) : 0;
}

}  // namespace

result<migrate_report> migrate_to_postgres(const migrate_options& o,
                                           const std::function<void(const migrate_table&)>& on_copied) {
  if (!pg::is_postgres_url(o.to)) {
    return error(errc::invalid_argument, "--to must be a postgresql:// URL",
                 "--to 必须是 postgresql:// 地址");
  }
  std::error_code ec;
  if (!std::filesystem::is_regular_file(o.from, ec)) {
    return error(errc::not_found, "no hub database at " + o.from, "找不到数据库文件 " + o.from);
  }
  sql::open_options so;
  so.create = false;
  so.read_only = true;
  auto src = sql::database::open(o.from, so);
  if (!src) return std::move(src).err();
  auto version = (*src)->schema_version();
  if (!version) return std::move(version).err();
  if (*version != pg::schema_version()) {
    const std::string have = std::to_string(*version), want = std::to_string(pg::schema_version());
    return error(errc::invalid_argument,
                 o.from + " is at schema version " + have + ", this hub's is " + want +
                     ": open it once with this hub version first (e.g. hub check --data DIR)",
                 o.from + " 的结构版本为 " + have + "，本程序为 " + want +
                     "：请先用本版本打开一次（例如 hub check --data 目录）");
  }
  // One read transaction for the whole run: every table from the same moment.
  if (auto s = (*src)->exec("BEGIN"); !s) return std::move(s).err();
  auto tables = pg::source_tables(**src);
  if (!tables) return std::move(tables).err();
  auto fp = fingerprint(**src);
  if (!fp) return std::move(fp).err();

  // The target's schema as `hub serve` makes it, then a connection of our own without a
  // statement timeout (one table is one long transaction).
  postgres_options po;
  po.url = o.to;
  po.pool_size = 1;
  if (auto st = open_postgres_storage(po); !st) return std::move(st).err();
  pg::settings ps;
  ps.url = o.to;
  ps.statement_timeout_ms = 0;
  ps.application_name = "cunzhan-hub-migrate";
  auto conn = pg::connection::open(ps);
  if (!conn) return std::move(conn).err();
  pg::connection& c = **conn;
  auto locked = c.run("SELECT pg_try_advisory_lock($1)", {k_migrate_lock});
  if (!locked) return std::move(locked).err();
  if (locked->text(0, 0) != "t") {
    return error(errc::db_busy, "another hub migrate is running on this database",
                 "另一个 hub migrate 正在向该数据库迁移");
  }
  for (const auto& t : *tables) {
    if (auto s = pg::check_target_shape(c, t); !s) return std::move(s).err();
  }

  // What an earlier run left: tables already copied from this hub.db are kept.
  std::map<std::string, std::string> done;  // table → source fingerprint
  auto exists = c.run("SELECT to_regclass('cunzhan_migration') IS NOT NULL");
  if (!exists) return std::move(exists).err();
  if (exists->text(0, 0) == "t") {
    auto rows = c.run("SELECT table_name, source FROM cunzhan_migration");
    if (!rows) return std::move(rows).err();
    for (int i = 0; i < rows->size(); ++i) done[rows->text(i, 0)] = rows->text(i, 1);
  }
  bool other_source = false;
  for (const auto& [name, source] : done) other_source |= source != *fp;
  if (!o.replace) {
    std::string held;
    if (other_source) {
      held = "a migration from another hub.db";
    } else if (done.empty()) {
      auto h = holdings(c, *tables);
      if (!h) return std::move(h).err();
      held = *h;
    }
    if (!held.empty()) {
      return error(errc::already_exists,
                   "the target database already holds hub data (" + held +
                       "); hub migrate copies a district into an empty hub database only. Nothing was "
                       "changed. To overwrite it with " +
                       o.from + ", add --replace (deletes every hub row in that database)",
                   "目标数据库已有数据（" + held +
                       "）；hub migrate 只迁入空的数据库，未作任何改动。"
                       "如要用 " +
                       o.from + " 覆盖，请加 --replace（将删除该数据库中全部数据）");
    }
  }
  if (auto s = c.exec(k_progress_table); !s) return std::move(s).err();
  if (o.replace) {
    if (auto r = c.run("DELETE FROM cunzhan_migration"); !r) return std::move(r).err();
    done.clear();
  }

  migrate_report report;
  // The copy's duration is a measurement for the report, not a decision: the steady clock.
  const auto started = std::chrono::steady_clock::now();
  const int die_at = kill_at();
  int position = 0;
  for (const auto& t : *tables) {
    ++position;
    migrate_table row;
    row.name = t.name;
    if (done.count(t.name)) {
      report.tables.push_back(row);
      continue;
    }
    pg::transaction tx(c);
    if (!tx.begun()) return tx.begun().err();
    auto d = pg::copy_table(**src, c, t);
    if (!d) return std::move(d).err();
    const std::int64_t now = real_clock().unix_seconds();
    if (auto r = c.run(k_record, {t.name, *fp, d->rows(), d->hex(), now}); !r) return std::move(r).err();
    if (position == die_at) std::raise(SIGKILL);
    if (auto s = tx.commit(); !s) return std::move(s).err();
    row.copied_now = true;
    row.source_rows = d->rows();
    row.source_digest = d->hex();
    report.rows_copied += d->rows();
    if (on_copied) on_copied(row);
    report.tables.push_back(row);
  }
  report.copy_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

  // Both sides counted and digested afresh; the target in one snapshot.
  pg::transaction snap(c, pg::transaction::isolation::snapshot);
  if (!snap.begun()) return snap.begun().err();
  for (std::size_t i = 0; i < tables->size(); ++i) {
    auto s = pg::digest_source(**src, (*tables)[i]);
    if (!s) return std::move(s).err();
    auto t = pg::digest_target(c, (*tables)[i]);
    if (!t) return std::move(t).err();
    auto& row = report.tables[i];
    row.source_rows = s->rows();
    row.source_digest = s->hex();
    row.target_rows = t->rows();
    row.target_digest = t->hex();
  }
  (void)snap.commit();
  (void)(*src)->exec("COMMIT");
  return report;
}

}  // namespace cunzhan::hub
