// The hub's SQLite database <data>/hub.db: one writer connection behind a mutex (SQLite
// allows one writer; serialising here avoids busy retries) and a pool of reader
// connections, so authentication and pulls do not queue behind a big batch.
#pragma once
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "cunzhan/shared/result.hpp"
#include "cunzhan/shared/sqlite.hpp"

namespace cunzhan::hub {

class hub_store;

// Exclusive use of the writer connection while alive.
class writer_lease {
 public:
  writer_lease(std::unique_lock<std::mutex> lock, sql::database& db) : lock_(std::move(lock)), db_(&db) {}
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

  writer_lease writer();
  // A reader connection (opened on demand, kept for reuse).
  result<reader_lease> reader();

  result<std::string> integrity_check();
  status backup_to(const std::string& dest);
  const std::string& path() const { return path_; }

 private:
  friend class reader_lease;
  hub_store(std::string path, std::unique_ptr<sql::database> w) : path_(std::move(path)), writer_db_(std::move(w)) {}
  void give_back(std::unique_ptr<sql::database> db);

  std::string path_;
  std::mutex writer_mu_;
  std::unique_ptr<sql::database> writer_db_;
  std::mutex pool_mu_;
  std::vector<std::unique_ptr<sql::database>> pool_;
};

}  // namespace cunzhan::hub
