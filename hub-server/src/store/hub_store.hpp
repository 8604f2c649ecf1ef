// The hub's SQLite database <data>/hub.db: one writer connection behind a mutex (SQLite
// allows one writer; serialising here avoids busy retries) and a pool of reader
// connections, so authentication and pulls do not queue behind a big batch. Push batches
// go through write_grouped (group commit, store/group_writer.hpp).
#pragma once
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "cunzhan/shared/result.hpp"
#include "cunzhan/shared/sqlite.hpp"

namespace cunzhan::hub {

class hub_store;
class group_writer;

// Work for the group writer; runs on its thread with the writer connection, inside a
// savepoint of a transaction it shares with other jobs. It must not call writer().
using write_job = std::function<status(sql::database&)>;

// Exclusive use of the writer connection while alive.
class writer_lease {
 public:
  writer_lease(std::unique_lock<std::mutex> lock, sql::database& db) : lock_(std::move(lock)), db_(&db) {}
  writer_lease(writer_lease&&) noexcept = default;
  ~writer_lease() {
    if (lock_.owns_lock()) db_->finish_statements();  // see sql::database::finish_statements
  }
  sql::database& db() { return *db_; }

 private:
  std::unique_lock<std::mutex> lock_;
  sql::database* db_;
};

// A reader connection borrowed from the pool; returned on destruction.
class reader_lease {
 public:
  reader_lease(hub_store* owner, std::unique_ptr<sql::database> db) : owner_(owner), db_(std::move(db)) {}
  reader_lease(reader_lease&&) noexcept = default;
  reader_lease(const reader_lease&) = delete;
  ~reader_lease();
  sql::database& db() { return *db_; }

 private:
  hub_store* owner_;
  std::unique_ptr<sql::database> db_;
};

class hub_store {
 public:
  // Opens (creating when `create`) <data_dir>/hub.db and migrates it to the current schema.
  // Missing file without `create` → errc::not_initialised.
  static result<std::unique_ptr<hub_store>> open(const std::string& data_dir, bool create);
  static std::string db_path(const std::string& data_dir);

  ~hub_store();

  writer_lease writer();
  // Runs `job` in the next group transaction and returns once that committed: ok when
  // the job's writes are durable; its own error (its writes undone, the others kept);
  // or the commit's error (nothing of the group kept).
  status write_grouped(const write_job& job);
  // A reader connection (opened on demand, kept for reuse).
  result<reader_lease> reader();
  // A number that changes whenever anything commits to hub.db, from this process or
  // another (an admin command run beside `hub serve`): for caches of derived figures.
  result<std::int64_t> data_version();

  result<std::string> integrity_check();
  status backup_to(const std::string& dest);
  const std::string& path() const { return path_; }

 private:
  friend class reader_lease;
  hub_store(std::string path, std::unique_ptr<sql::database> w);
  void give_back(std::unique_ptr<sql::database> db);

  std::string path_;
  std::mutex writer_mu_;
  std::unique_ptr<sql::database> writer_db_;
  std::mutex pool_mu_;
  std::vector<std::unique_ptr<sql::database>> pool_;
  std::mutex watch_mu_;
  std::unique_ptr<sql::database> watch_db_;  // never writes, so PRAGMA data_version sees every commit
  std::once_flag group_once_;
  std::unique_ptr<group_writer> group_;  // started on first use; stopped before the connections close
};

}  // namespace cunzhan::hub
