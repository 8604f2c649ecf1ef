// The division registry (townships and villages of the counties the hub serves) and the
// reference-change feed stations pull. Works on a connection lent by hub_store.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cunzhan/hub/rows.hpp"
#include "cunzhan/shared/result.hpp"
#include "cunzhan/shared/sqlite.hpp"

namespace cunzhan::hub {

class registry {
 public:
  explicit registry(sql::database& db) : db_(db) {}

  // Inserts or renames; returns true when something changed (then a ref_change is
  // appended too). REQUIRES: inside a write transaction.
  result<bool> upsert_township(const township_row& t);
  result<bool> upsert_village(const village_row& v);

  result<std::optional<village_row>> village(const std::string& code);
  result<std::optional<township_row>> township(const std::string& code);
  // Village codes of a county, sorted (validate() wants them sorted).
  result<std::vector<std::string>> village_codes(const std::string& county_code);

  // Appends one change to the pull feed. REQUIRES: inside a write transaction.
  status append_change(const std::string& county_code, const std::string& kind, const std::string& key,
                       const std::string& data);
  // Publishes the built-in courier brands to every county once (kind "brand", county "").
  // REQUIRES: inside a write transaction.
  status ensure_builtin_brands();
  // Changes for a county (and global ones) with id > since, oldest first, at most limit.
  result<std::vector<ref_change_row>> changes_since(const std::string& county_code, std::int64_t since,
                                                    std::size_t limit);

 private:
  sql::database& db_;
};

}  // namespace cunzhan::hub
