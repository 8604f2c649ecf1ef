#include "store/side_open.hpp"

#include <filesystem>

#include "cunzhan/hub/postgres.hpp"
#include "store/postgres/pg_side_db.hpp"

namespace cunzhan::hub {

std::string side_file(const std::string& data_dir, const char* file_name) {
  return (std::filesystem::path(data_dir) / file_name).string();
}

bool side_file_exists(const std::string& data_dir, const char* file_name) {
  std::error_code ec;
  return std::filesystem::exists(side_file(data_dir, file_name), ec);
}

result<bool> side_store_exists(const std::string& storage, const std::string& data_dir, const char* file_name,
                               const side_schema& s) {
  if (storage.empty()) return side_file_exists(data_dir, file_name);
  if (!is_postgres_storage(storage)) return false;
  return pg::side_db_exists(storage, s);
}

result<std::unique_ptr<side_db>> open_pg_side_store(const std::string& storage, const side_schema& s,
                                                    bool create) {
  if (!is_postgres_storage(storage)) return bad_storage_value(storage);
  return pg::open_side_db(storage, s, !create);
}

}  // namespace cunzhan::hub
