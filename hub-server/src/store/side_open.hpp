// Where a side store (store/side_db.hpp) lives for a hub's --storage and --data, shared by
// province_store and upstream_store: with no --storage, the file `file_name` in the data
// directory (SQLite); with a postgresql:// URL, its schema in that database.
#pragma once
#include <memory>
#include <string>

#include "store/side_db.hpp"

namespace cunzhan::hub {

std::string side_file(const std::string& data_dir, const char* file_name);
bool side_file_exists(const std::string& data_dir, const char* file_name);

// Whether the store exists (nothing is created). A --storage value that is not a URL
// answers false: opening reports it.
result<bool> side_store_exists(const std::string& storage, const std::string& data_dir, const char* file_name,
                               const side_schema& s);

// The store on PostgreSQL (`storage` must be a postgresql:// URL, else bad_storage_value):
// created when `create`, else not_initialised when it was never made.
result<std::unique_ptr<side_db>> open_pg_side_store(const std::string& storage, const side_schema& s,
                                                    bool create);

}  // namespace cunzhan::hub
