// Opening hub.db, migrating it, and lending out the writer and reader connections.
#include "store/hub_store.hpp"

#include <filesystem>

#include "store/group_writer.hpp"
#include "store/schema.hpp"

namespace cunzhan::hub {

namespace fs = std::filesystem;

reader_lease::~reader_lease() {
  if (owner_ != nullptr && db_) owner_->give_back(std::move(db_));
}

std::string hub_store::db_path(const std::string& data_dir) {
  return (fs::path(data_dir) / "hub.db").string();
}

result<std::unique_ptr<hub_store>> hub_store::open(const std::string& data_dir, bool create) {
  const std::string path = db_path(data_dir);
  std::error_code ec;
  if (!fs::exists(path, ec)) {
    if (!create) {
      return error(errc::not_initialised, path + " does not exist; run `hub init --data " + data_dir + "`",
                   path + " 不存在；请先运行 `hub init --data " + data_dir + "`");
    }
    fs::create_directories(data_dir, ec);
    if (ec)
      return error(errc::io_error, "cannot create " + data_dir + ": " + ec.message(),
                   "无法创建目录 " + data_dir);
  }
  sql::open_options o;
  o.create = create;
  auto db = sql::database::open(path, o);
  if (!db) return std::move(db).err();
  std::size_t n = 0;
  const sql::migration* steps = schema::migrations(n);
  if (auto s = sql::migrate(**db, steps, n); !s) return std::move(s).err();
  // A group transaction dirties many pages (random UUID keys in seven indexes); with
  // SQLite's default 2 MiB cache they spill to the WAL mid-transaction and are written
  // again and again. 64 MiB keeps a large group in memory until its one commit.
  if (auto s = (*db)->exec("PRAGMA cache_size=-65536"); !s) return std::move(s).err();
  return std::unique_ptr<hub_store>(new hub_store(path, std::move(*db)));
}

hub_store::hub_store(std::string path, std::unique_ptr<sql::database> w)
    : path_(std::move(path)), writer_db_(std::move(w)) {}

hub_store::~hub_store() { group_.reset(); }

status hub_store::write_grouped(const write_job& job) {
  std::call_once(group_once_, [this] { group_ = std::make_unique<group_writer>(*this); });
  return group_->run(job);
}

writer_lease hub_store::writer() { return writer_lease(std::unique_lock(writer_mu_), *writer_db_); }

result<reader_lease> hub_store::reader() {
  {
    std::lock_guard lk(pool_mu_);
    if (!pool_.empty()) {
      auto db = std::move(pool_.back());
      pool_.pop_back();
      return reader_lease(this, std::move(db));
    }
  }
  sql::open_options o;
  o.create = false;
  o.check_integrity = false;  // the writer checked the file when the store opened
  auto db = sql::database::open(path_, o);
  if (!db) return std::move(db).err();
  return reader_lease(this, std::move(*db));
}

result<std::int64_t> hub_store::data_version() {
  std::lock_guard lk(watch_mu_);
  if (!watch_db_) {
    sql::open_options o;
    o.create = false;
    o.check_integrity = false;  // the writer checked the file when the store opened
    auto db = sql::database::open(path_, o);
    if (!db) return std::move(db).err();
    watch_db_ = std::move(*db);
  }
  auto st = watch_db_->prepare_cached("PRAGMA data_version");
  if (!st) return std::move(st).err();
  auto row = (*st)->step();
  if (!row) return std::move(row).err();
  const std::int64_t v = *row ? (*st)->column_int(0) : 0;
  (*st)->reset();
  return v;
}

void hub_store::give_back(std::unique_ptr<sql::database> db) {
  db->finish_statements();  // else the next borrower could read an old snapshot
  std::lock_guard lk(pool_mu_);
  // A few idle connections are enough; more would only hold file descriptors.
  if (pool_.size() < 16) pool_.push_back(std::move(db));
}

result<std::string> hub_store::integrity_check() {
  auto w = writer();
  return w.db().integrity_check();
}

status hub_store::backup_to(const std::string& dest) {
  auto r = reader();
  if (!r) return std::move(r).err();
  return r->db().backup_to(dest);
}

}  // namespace cunzhan::hub
