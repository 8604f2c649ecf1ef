// side_db on PostgreSQL. One connection per store behind a lock (these stores see a few
// writes a day: one report a month per county), reopened when found broken. The schema is
// SQLite's steps translated (pg_schema's translate_step) with SQLite's version numbers, in
// its own PostgreSQL schema with its own cunzhan_schema table, migrated on open in one
// transaction under an advisory lock, like the hub's (pg_schema.cpp), so processes
// starting together apply each step once.
#include "store/postgres/pg_side_db.hpp"

#include <chrono>
#include <cstdlib>
#include <mutex>
#include <random>
#include <thread>

#include "store/postgres/pg_conn.hpp"
#include "store/postgres/pg_schema.hpp"

namespace cunzhan::hub::pg {
namespace {

class pg_cells final : public side_cells {
 public:
  pg_cells(const rows& r, int i) : r_(r), i_(i) {}
  std::string text(int c) const override { return r_.text(i_, c); }
  std::int64_t num(int c) const override { return r_.int64(i_, c); }
  std::string bytes(int c) const override { return r_.bytes(i_, c); }
  bool null(int c) const override { return r_.is_null(i_, c); }

 private:
  const rows& r_;
  int i_;
};

params to_params(const side_values& v) {
  params out;
  out.reserve(v.size());
  for (const auto& x : v) {
    switch (x.k) {
      case side_value::kind::null: out.emplace_back(std::nullopt); break;
      case side_value::kind::integer: out.emplace_back(x.i); break;
      case side_value::kind::text: out.emplace_back(x.s); break;
      case side_value::kind::bytes: out.push_back(param::bytes(x.s)); break;
    }
  }
  return out;
}

settings settings_for(const std::string& url) {
  settings s;
  s.url = url;
  if (const char* e = std::getenv("CUNZHAN_HUB_PG_STATEMENT_TIMEOUT_MS"); e != nullptr && *e != '\0') {
    const long ms = std::strtol(e, nullptr, 10);
    if (ms > 0) s.statement_timeout_ms = static_cast<int>(ms);
  }
  return s;
}

// A name we chose ourselves (side_schema), never input: safe to put in the SQL text.
std::string quoted(const char* name) { return std::string("\"") + name + "\""; }

status migrate_side(connection& c, const side_schema& s) {
  transaction t(c);
  if (!t.begun()) return t.begun().err();
  if (auto r = c.run("SELECT pg_advisory_xact_lock($1)", {s.pg_lock_key}); !r) return std::move(r).err();
  const std::string schema = quoted(s.pg_schema);
  if (auto e = c.exec("CREATE SCHEMA IF NOT EXISTS " + schema); !e) return e;
  if (auto e = c.exec("SET LOCAL search_path TO " + schema); !e) return e;
  if (auto e = c.exec("CREATE TABLE IF NOT EXISTS cunzhan_schema (version INTEGER NOT NULL)"); !e) return e;
  auto v = c.run("SELECT version FROM " + schema + ".cunzhan_schema");
  if (!v) return std::move(v).err();
  const int have = v->empty() ? 0 : static_cast<int>(v->int64(0, 0));
  const int known = static_cast<int>(s.count);
  if (have > known) {
    return error(errc::db_schema_too_new,
                 std::string(s.pg_schema) + ": the database schema is version " + std::to_string(have) +
                     ", this hub knows up to " + std::to_string(known),
                 std::string(s.pg_schema) + "：数据库结构版本为 " + std::to_string(have) +
                     "，本程序只认识到 " + std::to_string(known));
  }
  if (have == known) return t.commit();
  for (int i = have; i < known; ++i) {
    if (auto e = c.exec(translate_step(s.steps[i])); !e) return e;
    for (const auto& [step, extra] : s.pg_after) {
      if (step == static_cast<std::size_t>(i)) {
        if (auto e = c.exec(extra); !e) return e;
      }
    }
  }
  auto w = v->empty() ? c.run("INSERT INTO " + schema + ".cunzhan_schema (version) VALUES ($1)", {known})
                      : c.run("UPDATE " + schema + ".cunzhan_schema SET version = $1", {known});
  if (!w) return std::move(w).err();
  return t.commit();
}

result<bool> schema_exists(connection& c, const side_schema& s) {
  auto r = c.run("SELECT to_regclass($1) IS NOT NULL", {quoted(s.pg_schema) + ".cunzhan_schema"});
  if (!r) return std::move(r).err();
  return r->text(0, 0) == "t";
}

// The store's statements name its tables bare: they resolve in its schema only.
status use_schema(connection& c, const std::string& schema) {
  return c.exec("SET search_path TO " + quoted(schema.c_str()));
}

// Conflicts another process's transaction caused: the job is run again from the start.
bool rerun(const connection& c) {
  const auto& st = c.last_sqlstate();
  return st == "40001" || st == "40P01" || st == "23505";
}

class pg_side_db final : public side_db {
 public:
  pg_side_db(settings s, const side_schema& schema, std::unique_ptr<connection> c)
      : s_(std::move(s)), schema_(schema.pg_schema), c_(std::move(c)) {}

  result<std::int64_t> exec(const char* sql, const side_values& v) override {
    std::lock_guard lock(mu_);
    auto c = conn();
    if (!c) return std::move(c).err();
    auto r = (*c)->run(sql, to_params(v));
    if (!r) return std::move(r).err();
    return r->affected();
  }

  status query(const char* sql, const side_values& v,
               const std::function<void(const side_cells&)>& row) override {
    std::lock_guard lock(mu_);
    auto c = conn();
    if (!c) return std::move(c).err();
    auto r = (*c)->run(sql, to_params(v));
    if (!r) return std::move(r).err();
    for (int i = 0; i < r->size(); ++i) row(pg_cells(*r, i));
    return ok_status();
  }

  status in_transaction(const std::function<status()>& fn) override {
    std::lock_guard lock(mu_);
    if (in_tx_) return fn();  // nested: part of the caller's transaction
    static thread_local std::minstd_rand rng{std::random_device{}()};
    status last = ok_status();
    for (int attempt = 0; attempt < 12; ++attempt) {
      if (attempt > 0) std::this_thread::sleep_for(std::chrono::milliseconds(1 + rng() % (5 * attempt)));
      auto c = conn();
      if (!c) return std::move(c).err();
      connection& cn = **c;
      transaction t(cn, transaction::isolation::serializable);
      if (!t.begun()) {
        if (cn.broken()) continue;
        return t.begun();
      }
      in_tx_ = true;
      last = fn();
      in_tx_ = false;
      if (last) last = t.commit();
      if (last || !(rerun(cn) || cn.broken())) return last;
    }
    return last;
  }

  status backup_to(const std::string&) override {
    return error(
        errc::invalid_argument,
        "these tables are in PostgreSQL (schema " + schema_ +
            "): back the database up with PostgreSQL's own tools, pg_dump -Fc (a consistent dump while "
            "the hubs keep running; it includes this schema) or pg_basebackup with WAL archiving; see "
            "README, \"Running on PostgreSQL\"",
        "这些数据在 PostgreSQL 中（模式 " + schema_ +
            "）：请用 PostgreSQL 自带工具备份整个数据库：pg_dump -Fc（运行时也能得到一致的转储，包括该模式）"
            "或 pg_basebackup 加 WAL 归档；见 README 的“Running on PostgreSQL”一节");
  }

  result<std::string> integrity_check() override {
    std::lock_guard lock(mu_);
    auto c = conn();
    if (!c) return std::move(c).err();
    auto v = (*c)->run("SELECT version FROM cunzhan_schema");
    if (!v) return std::move(v).err();
    return std::string(v->empty() ? schema_ + ".cunzhan_schema: no version" : "ok");
  }

 private:
  // The connection, reopened when the last one broke (not inside a transaction).
  result<connection*> conn() {
    if (c_ && !c_->broken()) return c_.get();
    if (in_tx_) return error(errc::db_busy, "the database connection was lost", "数据库连接已断开");
    c_.reset();
    auto c = connection::open(s_);
    if (!c) return std::move(c).err();
    if (auto e = use_schema(**c, schema_); !e) return std::move(e).err();
    c_ = std::move(*c);
    return c_.get();
  }

  settings s_;
  std::string schema_;
  std::recursive_mutex mu_;
  std::unique_ptr<connection> c_;
  bool in_tx_ = false;
};

}  // namespace

result<bool> side_db_exists(const std::string& url, const side_schema& s) {
  auto c = connection::open(settings_for(url));
  if (!c) return std::move(c).err();
  return schema_exists(**c, s);
}

result<std::unique_ptr<side_db>> open_side_db(const std::string& url, const side_schema& s, bool must_exist) {
  const settings set = settings_for(url);
  auto c = connection::open(set);
  if (!c) return std::move(c).err();
  if (must_exist) {
    auto there = schema_exists(**c, s);
    if (!there) return std::move(there).err();
    if (!*there) {
      return error(errc::not_initialised,
                   std::string("schema ") + s.pg_schema + " does not exist in this database",
                   std::string("数据库中没有模式 ") + s.pg_schema);
    }
  }
  if (auto m = migrate_side(**c, s); !m) return std::move(m).err();
  if (auto e = use_schema(**c, s.pg_schema); !e) return std::move(e).err();
  return std::unique_ptr<side_db>(std::make_unique<pg_side_db>(set, s, std::move(*c)));
}

}  // namespace cunzhan::hub::pg
