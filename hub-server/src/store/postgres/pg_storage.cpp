#include "store/postgres/pg_storage.hpp"

#include "store/op_log.hpp"
#include "store/postgres/pg_admin_writer.hpp"
#include "store/postgres/pg_kpi_reads.hpp"
#include "store/postgres/pg_rows.hpp"
#include "store/postgres/pg_schema.hpp"
#include "store/postgres/pg_sync_writer.hpp"
#include "store/postgres/pg_url.hpp"
#include "store/ref_feed.hpp"

namespace cunzhan::hub::pg {
namespace {

constexpr const char* k_village_codes =
    "SELECT code FROM division_village WHERE county_code = $1 ORDER BY code COLLATE \"C\"";
constexpr const char* k_changes_since =
    "SELECT id, county_code, kind, key, data FROM ref_change "
    "WHERE id > $1 AND (county_code = $2 OR county_code = '') ORDER BY id LIMIT $3";
constexpr const char* k_has_kind = "SELECT 1 FROM ref_change WHERE kind = $1 LIMIT 1";
constexpr const char* k_targets =
    "SELECT kpi, target FROM kpi_target WHERE county_code = $1 ORDER BY kpi COLLATE \"C\"";
constexpr const char* k_rollups =
    "SELECT day, kpi, numerator, denominator FROM kpi_rollup "
    "WHERE county_code = $1 AND day >= $2 AND day <= $3 ORDER BY day, kpi COLLATE \"C\"";
constexpr const char* k_counties = "SELECT DISTINCT county_code FROM division_village ORDER BY 1";
// Changes whenever a write transaction starts or ends anywhere on the server: the snapshot
// lists exactly which transactions are visible (xmin:xmax:in-progress), so a commit by
// another hub process or an admin command always changes it.
constexpr const char* k_snapshot = "SELECT pg_current_snapshot()::text";
constexpr const char* k_prune_sessions = "DELETE FROM dashboard_session WHERE expires_at <= $1";
constexpr const char* k_insert_session =
    "INSERT INTO dashboard_session (id_hash, staff_id, created_at, expires_at) VALUES ($1, $2, $3, $4)";
constexpr const char* k_session_staff =
    "SELECT st.id, st.name, st.role, st.counties, st.revoked_at FROM dashboard_session ds "
    "JOIN staff st ON st.id = ds.staff_id WHERE ds.id_hash = $1 AND ds.expires_at > $2";
constexpr const char* k_delete_session = "DELETE FROM dashboard_session WHERE id_hash = $1";
constexpr const char* k_station_list =
    "SELECT st.id, st.name, st.county_code, st.village_code, st.revoked_at IS NOT NULL, st.closed_on, "
    "(SELECT MAX(s.ended_at) FROM sync_session s WHERE s.station_id = st.id AND s.ok = "
    "1), " CUNZHAN_SQL_STATION_VERSION
    " FROM station st WHERE $1 = '' OR st.county_code = $1 "
    "ORDER BY st.county_code COLLATE \"C\", st.village_code COLLATE \"C\", st.name COLLATE \"C\"";
// Consistency checks: each query returns the rows that break a rule, with a label.
constexpr const char* k_checks[] = {
    "SELECT 'op_log: applied op without its entity row ' || o.op_id FROM op_log o WHERE o.status = 'applied' "
    "AND "
    "NOT EXISTS (SELECT 1 FROM listing WHERE id = o.entity_id UNION ALL SELECT 1 FROM pickup WHERE id = "
    "o.entity_id "
    "UNION ALL SELECT 1 FROM courier_point WHERE id = o.entity_id) LIMIT 20",
    "SELECT 'courier_point_village: no point ' || v.point_id FROM courier_point_village v "
    "WHERE NOT EXISTS (SELECT 1 FROM courier_point p WHERE p.id = v.point_id) LIMIT 20",
    "SELECT 'station: unknown village ' || s.id FROM station s "
    "WHERE NOT EXISTS (SELECT 1 FROM division_village v WHERE v.code = s.village_code) LIMIT 20",
};

std::uint64_t fnv1a(const std::string& s) {
  std::uint64_t h = 1469598103934665603ULL;
  for (unsigned char ch : s) h = (h ^ ch) * 1099511628211ULL;
  return h;
}

}  // namespace

template <class Fn>
auto pg_storage::on_conn(Fn&& fn) -> decltype(fn(std::declval<connection&>())) {
  auto c = pool_.acquire();
  if (!c) return std::move(c).err();
  return fn(**c);
}

status pg_storage::in_transaction(transaction::isolation level, const std::function<status(connection&)>& fn,
                                  bool unique_race) {
  for (int attempt = 1;; ++attempt) {
    auto c = pool_.acquire();
    if (!c) return std::move(c).err();
    bool retry = false;
    status s = [&]() -> status {
      transaction t(**c, level);
      if (!t.begun()) return t.begun();
      auto r = fn(**c);
      if (r) r = t.commit();
      // Judged before the rollback below runs (and clears the connection's SQLSTATE).
      if (!r) retry = transient_failure(**c, r.err(), unique_race);
      return r;
    }();
    if (s || !retry) return s;
    if (attempt == k_transient_attempts) return error(errc::db_busy, s.err().detail_en, s.err().detail_zh);
    ++retries_;
    transient_back_off(attempt);
  }
}

result<std::optional<station_row>> pg_storage::station_by_token_id(const std::string& token_id) {
  return on_conn([&](connection& c) -> result<std::optional<station_row>> {
    auto r =
        c.run(std::string("SELECT ") + k_station_columns + " FROM station WHERE token_id = $1", {token_id});
    if (!r) return std::move(r).err();
    if (r->empty()) return std::optional<station_row>{};
    return std::optional<station_row>{read_station_row(*r, 0)};
  });
}

result<std::optional<staff_row>> pg_storage::staff_by_token_id(const std::string& token_id) {
  return on_conn([&](connection& c) -> result<std::optional<staff_row>> {
    auto r = c.run(std::string("SELECT ") + k_staff_columns + " FROM staff WHERE token_id = $1", {token_id});
    if (!r) return std::move(r).err();
    if (r->empty()) return std::optional<staff_row>{};
    return std::optional<staff_row>{read_staff_row(*r, 0)};
  });
}

result<std::vector<std::string>> pg_storage::village_codes(const std::string& county_code) {
  return on_conn([&](connection& c) -> result<std::vector<std::string>> {
    auto r = c.run(k_village_codes, {county_code});
    if (!r) return std::move(r).err();
    std::vector<std::string> out;
    for (int i = 0; i < r->size(); ++i) out.push_back(r->text(i, 0));
    return out;
  });
}

result<std::vector<ref_change_row>> pg_storage::changes_since(const std::string& county_code,
                                                              std::int64_t since, std::size_t limit) {
  return on_conn([&](connection& c) -> result<std::vector<ref_change_row>> {
    auto r = c.run(k_changes_since, {since, county_code, static_cast<std::int64_t>(limit)});
    if (!r) return std::move(r).err();
    std::vector<ref_change_row> out;
    for (int i = 0; i < r->size(); ++i) {
      out.push_back(
          ref_change_row{r->int64(i, 0), r->text(i, 1), r->text(i, 2), r->text(i, 3), r->text(i, 4)});
    }
    return out;
  });
}

result<kpi_rows> pg_storage::kpi_inputs(const kpi_query& q) {
  return on_conn([&](connection& c) { return read_kpi_inputs(c, q); });
}

result<std::vector<std::pair<std::string, double>>> pg_storage::target_overrides(
    const std::string& county_code) {
  return on_conn([&](connection& c) -> result<std::vector<std::pair<std::string, double>>> {
    auto r = c.run(k_targets, {county_code});
    if (!r) return std::move(r).err();
    std::vector<std::pair<std::string, double>> out;
    for (int i = 0; i < r->size(); ++i) out.emplace_back(r->text(i, 0), r->real(i, 1));
    return out;
  });
}

result<std::vector<rollup_row>> pg_storage::rollups(const std::string& county_code, const std::string& first,
                                                    const std::string& last) {
  return on_conn([&](connection& c) -> result<std::vector<rollup_row>> {
    auto r = c.run(k_rollups, {county_code, first, last});
    if (!r) return std::move(r).err();
    std::vector<rollup_row> out;
    for (int i = 0; i < r->size(); ++i)
      out.push_back(rollup_row{r->text(i, 0), r->text(i, 1), r->int64(i, 2), r->int64(i, 3)});
    return out;
  });
}

result<std::vector<std::string>> pg_storage::registry_counties() {
  return on_conn([&](connection& c) -> result<std::vector<std::string>> {
    auto r = c.run(k_counties);
    if (!r) return std::move(r).err();
    std::vector<std::string> out;
    for (int i = 0; i < r->size(); ++i) out.push_back(r->text(i, 0));
    return out;
  });
}

result<std::int64_t> pg_storage::data_version() {
  return on_conn([&](connection& c) -> result<std::int64_t> {
    auto r = c.run(k_snapshot);
    if (!r) return std::move(r).err();
    return static_cast<std::int64_t>(fnv1a(r->text(0, 0)) >> 1);
  });
}

status pg_storage::create_session(const std::string& id_hash, const std::string& staff_id, std::int64_t now_s,
                                  std::int64_t expires_s) {
  return in_transaction(transaction::isolation::read_committed, [&](connection& c) -> status {
    if (auto r = c.run(k_prune_sessions, {now_s}); !r) return std::move(r).err();
    if (auto r = c.run(k_insert_session, {param::bytes(id_hash), staff_id, now_s, expires_s}); !r)
      return std::move(r).err();
    return ok_status();
  });
}

result<std::optional<staff_row>> pg_storage::session_staff(const std::string& id_hash, std::int64_t now_s) {
  return on_conn([&](connection& c) -> result<std::optional<staff_row>> {
    auto r = c.run(k_session_staff, {param::bytes(id_hash), now_s});
    if (!r) return std::move(r).err();
    if (r->empty()) return std::optional<staff_row>{};
    staff_row s;
    s.id = r->text(0, 0);
    s.name = r->text(0, 1);
    s.role = r->text(0, 2);
    s.counties = county_list(r->text(0, 3));
    s.revoked_at = r->opt_int64(0, 4);
    return std::optional<staff_row>{std::move(s)};
  });
}

status pg_storage::delete_session(const std::string& id_hash) {
  return on_conn([&](connection& c) -> status {
    if (auto r = c.run(k_delete_session, {param::bytes(id_hash)}); !r) return std::move(r).err();
    return ok_status();
  });
}

status pg_storage::write_admin(const admin_job& job) {
  return in_transaction(transaction::isolation::read_committed, [&](connection& c) {
    pg_admin_writer w(c);
    return job(w);
  });
}

result<std::optional<station_row>> pg_storage::station_by_id(const std::string& id) {
  return on_conn([&](connection& c) { return pg_admin_writer(c).station_by_id(id); });
}

result<std::vector<station_list_row>> pg_storage::station_list(const std::string& county_code) {
  return on_conn([&](connection& c) -> result<std::vector<station_list_row>> {
    auto r = c.run(k_station_list, {county_code});
    if (!r) return std::move(r).err();
    std::vector<station_list_row> out;
    for (int i = 0; i < r->size(); ++i) {
      out.push_back(station_list_row{r->text(i, 0), r->text(i, 1), r->text(i, 2), r->text(i, 3),
                                     r->text(i, 4) == "t", r->text(i, 5), r->opt_int64(i, 6), r->text(i, 7)});
    }
    return out;
  });
}

result<std::vector<op_log_row>> pg_storage::ops_of_station(const std::string& station_id, std::size_t limit) {
  return on_conn([&](connection& c) -> result<std::vector<op_log_row>> {
    auto r = c.run(std::string("SELECT ") + k_op_log_columns +
                       " FROM op_log WHERE station_id = $1 ORDER BY seq, received_at LIMIT $2",
                   {station_id, static_cast<std::int64_t>(limit)});
    if (!r) return std::move(r).err();
    std::vector<op_log_row> out;
    for (int i = 0; i < r->size(); ++i) out.push_back(read_op_log_row(*r, i));
    return out;
  });
}

std::string pg_storage::location() const { return redact_url(pool_.config().conn.url); }

status pg_storage::check_readable() {
  return on_conn([](connection& c) -> status {
    if (auto r = c.run("SELECT 1"); !r) return std::move(r).err();
    return ok_status();
  });
}

status pg_storage::ensure_reference_data() {
  return in_transaction(transaction::isolation::read_committed, [&](connection& c) -> status {
    // Under the feed's lock, so two processes starting together seed the brands once.
    if (auto r = c.run("LOCK TABLE ref_change IN EXCLUSIVE MODE"); !r) return std::move(r).err();
    auto has = c.run(k_has_kind, {"brand"});
    if (!has) return std::move(has).err();
    if (!has->empty()) return ok_status();
    for (const auto& [code, data] : ref_feed::builtin_brands()) {
      if (auto s = append_change(c, "", "brand", code, data); !s) return s;
    }
    return ok_status();
  });
}

result<std::string> pg_storage::integrity_check() {
  return on_conn([&](connection& c) -> result<std::string> {
    std::string problems;
    auto v = c.run("SELECT version FROM cunzhan_schema");
    if (!v) return std::move(v).err();
    if (v->empty() || v->int64(0, 0) != schema_version()) problems += "cunzhan_schema: unexpected version\n";
    for (const char* check : k_checks) {
      auto r = c.run(check);
      if (!r) return std::move(r).err();
      for (int i = 0; i < r->size(); ++i) problems += r->text(i, 0) + "\n";
    }
    if (problems.empty()) return std::string("ok");
    problems.pop_back();
    return problems;
  });
}

status pg_storage::backup_to(const std::string&) {
  return error(
      errc::invalid_argument,
      "`hub backup` copies a SQLite hub.db; a PostgreSQL database is backed up with PostgreSQL's own tools: "
      "pg_dump -Fc (a consistent dump while the hubs keep running) or pg_basebackup with WAL archiving "
      "(point-in-time recovery); see README, \"Running on PostgreSQL\"",
      "`hub backup` 只复制 SQLite 的 hub.db；PostgreSQL 数据库请用其自带工具备份："
      "pg_dump -Fc（各中心进程运行时也能得到一致的转储）或 pg_basebackup 加 WAL 归档（可恢复到任一时间点）；"
      "见 README 的“Running on PostgreSQL”一节");
}

}  // namespace cunzhan::hub::pg
