#include "store/postgres/pg_storage.hpp"

#include <chrono>
#include <random>
#include <thread>

#include "cunzhan/hub/op_log.hpp"
#include "store/postgres/pg_rows.hpp"
#include "store/postgres/pg_schema.hpp"
#include "store/postgres/pg_sync_writer.hpp"
#include "store/postgres/pg_url.hpp"
#include "store/ref_feed.hpp"

namespace cunzhan::hub::pg {
namespace {

// A job meeting a transient conflict runs again; past this many tries the station is told
// to come back later (503), which is always safe: it keeps its ops.
constexpr int kAttempts = 12;

constexpr const char* kVillageCodes =
    "SELECT code FROM division_village WHERE county_code = $1 ORDER BY code COLLATE \"C\"";
constexpr const char* kChangesSince =
    "SELECT id, county_code, kind, key, data FROM ref_change "
    "WHERE id > $1 AND (county_code = $2 OR county_code = '') ORDER BY id LIMIT $3";
constexpr const char* kHasKind = "SELECT 1 FROM ref_change WHERE kind = $1 LIMIT 1";
// Changes whenever a write transaction starts or ends anywhere on the server: the snapshot
// lists exactly which transactions are visible (xmin:xmax:in-progress), so a commit by
// another hub process or an admin command always changes it.
constexpr const char* kSnapshot = "SELECT pg_current_snapshot()::text";
// Consistency checks: each query returns the rows that break a rule, with a label.
constexpr const char* kChecks[] = {
    "SELECT 'op_log: applied op without its entity row ' || o.op_id FROM op_log o WHERE o.status = 'applied' AND "
    "NOT EXISTS (SELECT 1 FROM listing WHERE id = o.entity_id UNION ALL SELECT 1 FROM pickup WHERE id = o.entity_id "
    "UNION ALL SELECT 1 FROM courier_point WHERE id = o.entity_id) LIMIT 20",
    "SELECT 'courier_point_village: no point ' || v.point_id FROM courier_point_village v "
    "WHERE NOT EXISTS (SELECT 1 FROM courier_point p WHERE p.id = v.point_id) LIMIT 20",
    "SELECT 'station: unknown village ' || s.id FROM station s "
    "WHERE NOT EXISTS (SELECT 1 FROM division_village v WHERE v.code = s.village_code) LIMIT 20",
};

bool transient(const connection& c, const error& e) {
  // already_exists inside a sync job is the op_id race: the rerun finds the op logged.
  return e.code == errc::already_exists || (e.code == errc::db_busy && retryable_sqlstate(c.last_sqlstate())) ||
         c.broken();
}

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

status pg_storage::in_transaction(transaction::isolation level, const std::function<status(connection&)>& fn) {
  thread_local std::minstd_rand jitter(std::random_device{}());
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
      if (!r) retry = transient(**c, r.err());
      return r;
    }();
    if (s || !retry) return s;
    if (attempt == kAttempts) return error(errc::db_busy, s.err().detail_en, s.err().detail_zh);
    ++retries_;
    // Back off a little, growing and randomised, so two conflicting jobs do not meet again.
    std::this_thread::sleep_for(std::chrono::microseconds(jitter() % (500 * attempt)));
  }
}

result<std::optional<station_row>> pg_storage::station_by_token_id(const std::string& token_id) {
  return on_conn([&](connection& c) -> result<std::optional<station_row>> {
    auto r = c.run(std::string("SELECT ") + kStationColumns + " FROM station WHERE token_id = $1", {token_id});
    if (!r) return std::move(r).err();
    if (r->empty()) return std::optional<station_row>{};
    return std::optional<station_row>{read_station_row(*r, 0)};
  });
}

result<std::optional<staff_row>> pg_storage::staff_by_token_id(const std::string& token_id) {
  return on_conn([&](connection& c) -> result<std::optional<staff_row>> {
    auto r = c.run(std::string("SELECT ") + kStaffColumns + " FROM staff WHERE token_id = $1", {token_id});
    if (!r) return std::move(r).err();
    if (r->empty()) return std::optional<staff_row>{};
    return std::optional<staff_row>{read_staff_row(*r, 0)};
  });
}

result<std::vector<std::string>> pg_storage::village_codes(const std::string& county_code) {
  return on_conn([&](connection& c) -> result<std::vector<std::string>> {
    auto r = c.run(kVillageCodes, {county_code});
    if (!r) return std::move(r).err();
    std::vector<std::string> out;
    for (int i = 0; i < r->size(); ++i) out.push_back(r->text(i, 0));
    return out;
  });
}

result<std::vector<ref_change_row>> pg_storage::changes_since(const std::string& county_code, std::int64_t since,
                                                              std::size_t limit) {
  return on_conn([&](connection& c) -> result<std::vector<ref_change_row>> {
    auto r = c.run(kChangesSince, {since, county_code, static_cast<std::int64_t>(limit)});
    if (!r) return std::move(r).err();
    std::vector<ref_change_row> out;
    for (int i = 0; i < r->size(); ++i) {
      out.push_back(ref_change_row{r->int64(i, 0), r->text(i, 1), r->text(i, 2), r->text(i, 3), r->text(i, 4)});
    }
    return out;
  });
}

status pg_storage::write_sync(const sync_job& job) {
  return in_transaction(transaction::isolation::serializable, [&](connection& c) {
    pg_sync_writer w(c);
    return job(w);
  });
}

result<std::int64_t> pg_storage::data_version() {
  return on_conn([&](connection& c) -> result<std::int64_t> {
    auto r = c.run(kSnapshot);
    if (!r) return std::move(r).err();
    return static_cast<std::int64_t>(fnv1a(r->text(0, 0)) >> 1);
  });
}

// The KPI reads and dashboard sessions move behind the seam as plain rows (issue 13); they
// are answered on PostgreSQL once they have (pg_kpi_reads). Until then: not available.
namespace {
error not_yet(const char* what) {
  return error(errc::unavailable, std::string(what) + " is not available on PostgreSQL yet",
               std::string(what) + " 暂不支持 PostgreSQL");
}
}  // namespace

result<kpi::loaded_report> pg_storage::load_report(const std::string&, const kpi::period&) {
  return not_yet("the KPI report");
}
result<std::vector<kpi::trend_point>> pg_storage::monthly_trend(const std::string&, date, int, int, date,
                                                                const kpi::county_report*) {
  return not_yet("the KPI trend");
}
result<std::string> pg_storage::create_session(const std::string&, std::int64_t) { return not_yet("dashboard sign-in"); }
result<std::optional<staff_row>> pg_storage::session_staff(const std::string&, std::int64_t) {
  return not_yet("dashboard sign-in");
}
status pg_storage::delete_session(const std::string&) { return not_yet("dashboard sign-in"); }

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
    auto has = c.run(kHasKind, {"brand"});
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
    for (const char* check : kChecks) {
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
  return error(errc::invalid_argument,
               "`hub backup` copies a SQLite hub.db; a PostgreSQL database is backed up with PostgreSQL's own tools: "
               "pg_dump -Fc (a consistent dump while the hubs keep running) or pg_basebackup with WAL archiving "
               "(point-in-time recovery); see README, \"Running on PostgreSQL\"",
               "`hub backup` 只复制 SQLite 的 hub.db；PostgreSQL 数据库请用其自带工具备份："
               "pg_dump -Fc（各中心进程运行时也能得到一致的转储）或 pg_basebackup 加 WAL 归档（可恢复到任一时间点）；"
               "见 README 的“Running on PostgreSQL”一节");
}

}  // namespace cunzhan::hub::pg
