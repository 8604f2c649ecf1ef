// side_db on SQLite: one connection behind a lock (these stores see a few writes a day).
#include <filesystem>
#include <mutex>

#include "cunzhan/hub/postgres.hpp"
#include "store/each_row.hpp"
#include "store/side_db.hpp"

namespace cunzhan::hub {
namespace {

namespace fs = std::filesystem;

class sqlite_cells final : public side_cells {
 public:
  explicit sqlite_cells(const sql::statement& s) : s_(s) {}
  std::string text(int i) const override { return s_.column_text(i); }
  std::int64_t num(int i) const override { return s_.column_int(i); }
  std::string bytes(int i) const override { return s_.column_blob(i); }
  bool null(int i) const override { return s_.column_is_null(i); }

 private:
  const sql::statement& s_;
};

void bind_all(sql::statement& st, const side_values& v) {
  for (std::size_t i = 0; i < v.size(); ++i) {
    const int at = static_cast<int>(i) + 1;
    switch (v[i].k) {
      case side_value::kind::null: st.bind_null(at); break;
      case side_value::kind::integer: st.bind(at, v[i].i); break;
      case side_value::kind::text: st.bind(at, v[i].s); break;
      case side_value::kind::bytes: st.bind_blob(at, v[i].s); break;
    }
  }
}

class sqlite_side_db final : public side_db {
 public:
  explicit sqlite_side_db(std::unique_ptr<sql::database> db) : db_(std::move(db)) {}

  result<std::int64_t> exec(const char* sql, const side_values& v) override {
    std::lock_guard lock(mu_);
    auto st = db_->prepare_cached(sql);
    if (!st) return std::move(st).err();
    bind_all(**st, v);
    if (auto s = (*st)->run(); !s) return std::move(s).err();
    return static_cast<std::int64_t>(db_->changes());
  }

  status query(const char* sql, const side_values& v,
               const std::function<void(const side_cells&)>& row) override {
    std::lock_guard lock(mu_);
    return each_row(
        *db_, sql, [&](sql::statement& st) { bind_all(st, v); },
        [&](sql::statement& st) { row(sqlite_cells(st)); });
  }

  status in_transaction(const std::function<status()>& fn) override {
    std::lock_guard lock(mu_);  // recursive: fn's exec/query take it again
    sql::transaction t(*db_);
    if (!t.begun()) return t.begun();
    if (auto s = fn(); !s) return s;
    return t.commit();
  }

  status backup_to(const std::string& dest) override {
    std::lock_guard lock(mu_);
    // Created 0600 before SQLite writes into it: these stores hold tokens.
    std::error_code ec;
    fs::remove(dest, ec);
    if (std::FILE* f = std::fopen(dest.c_str(), "wb")) std::fclose(f);
    fs::permissions(dest, fs::perms::owner_read | fs::perms::owner_write, ec);
    return db_->backup_to(dest);
  }

  result<std::string> integrity_check() override {
    std::lock_guard lock(mu_);
    return db_->integrity_check();
  }

 private:
  std::recursive_mutex mu_;
  std::unique_ptr<sql::database> db_;
};

}  // namespace

error bad_storage_value(const std::string& storage) {
  return error(errc::invalid_argument, "--storage must be a postgresql:// URL: " + printable_storage(storage),
               "--storage 必须是 postgresql:// 地址：" + printable_storage(storage));
}

result<std::unique_ptr<side_db>> open_sqlite_side_db(const std::string& path, bool create,
                                                     const side_schema& s) {
  sql::open_options o;
  o.create = create;
  auto db = sql::database::open(path, o);
  if (!db) return std::move(db).err();
  if (auto m = sql::migrate(**db, s.steps, s.count); !m) return std::move(m).err();
  std::error_code ec;
  fs::permissions(path, fs::perms::owner_read | fs::perms::owner_write, ec);  // tokens inside
  return std::unique_ptr<side_db>(std::make_unique<sqlite_side_db>(std::move(*db)));
}

}  // namespace cunzhan::hub
