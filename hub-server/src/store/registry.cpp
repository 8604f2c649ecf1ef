// SQL for the division registry and the ref_change feed.
#include "store/registry.hpp"

#include "store/ref_feed.hpp"

namespace cunzhan::hub {
namespace {

constexpr const char* k_upsert_township =
    "INSERT INTO division_township (code, name, county_code) VALUES (?, ?, ?) "
    "ON CONFLICT (code) DO UPDATE SET name = excluded.name, county_code = excluded.county_code "
    "WHERE name IS NOT excluded.name OR county_code IS NOT excluded.county_code";
constexpr const char* k_upsert_village =
    "INSERT INTO division_village (code, name, township_code, county_code) VALUES (?, ?, ?, ?) "
    "ON CONFLICT (code) DO UPDATE SET name = excluded.name, township_code = excluded.township_code, "
    "county_code = excluded.county_code "
    "WHERE name IS NOT excluded.name OR township_code IS NOT excluded.township_code";
constexpr const char* k_select_village =
    "SELECT code, name, township_code, county_code FROM division_village WHERE code = ?";
constexpr const char* k_select_township =
    "SELECT code, name, county_code FROM division_township WHERE code = ?";
constexpr const char* k_select_village_codes =
    "SELECT code FROM division_village WHERE county_code = ? ORDER BY code";
constexpr const char* k_insert_change =
    "INSERT INTO ref_change (county_code, kind, key, data) VALUES (?, ?, ?, ?)";
constexpr const char* k_has_kind = "SELECT 1 FROM ref_change WHERE kind = ? LIMIT 1";
constexpr const char* k_changes_since =
    "SELECT id, county_code, kind, key, data FROM ref_change "
    "WHERE id > ? AND (county_code = ? OR county_code = '') ORDER BY id LIMIT ?";

}  // namespace

result<bool> registry::upsert_township(const township_row& t) {
  auto st = db_.prepare_cached(k_upsert_township);
  if (!st) return std::move(st).err();
  if (auto s = (*st)->bind(1, t.code).bind(2, t.name).bind(3, t.county_code).run(); !s)
    return std::move(s).err();
  if (db_.changes() == 0) return false;
  if (auto s = append_change(t.county_code, "township", t.code, ref_feed::township(t)); !s) {
    return std::move(s).err();
  }
  return true;
}

result<bool> registry::upsert_village(const village_row& v) {
  auto st = db_.prepare_cached(k_upsert_village);
  if (!st) return std::move(st).err();
  auto s = (*st)->bind(1, v.code).bind(2, v.name).bind(3, v.township_code).bind(4, v.county_code).run();
  if (!s) return std::move(s).err();
  if (db_.changes() == 0) return false;
  if (auto a = append_change(v.county_code, "village", v.code, ref_feed::village(v)); !a) {
    return std::move(a).err();
  }
  return true;
}

result<std::optional<village_row>> registry::village(const std::string& code) {
  auto st = db_.prepare_cached(k_select_village);
  if (!st) return std::move(st).err();
  (*st)->bind(1, code);
  auto row = (*st)->step();
  if (!row) return std::move(row).err();
  std::optional<village_row> out;
  if (*row)
    out = village_row{(*st)->column_text(0), (*st)->column_text(1), (*st)->column_text(2),
                      (*st)->column_text(3)};
  (*st)->reset();
  return out;
}

result<std::optional<township_row>> registry::township(const std::string& code) {
  auto st = db_.prepare_cached(k_select_township);
  if (!st) return std::move(st).err();
  (*st)->bind(1, code);
  auto row = (*st)->step();
  if (!row) return std::move(row).err();
  std::optional<township_row> out;
  if (*row) out = township_row{(*st)->column_text(0), (*st)->column_text(1), (*st)->column_text(2)};
  (*st)->reset();
  return out;
}

result<std::vector<std::string>> registry::village_codes(const std::string& county_code) {
  auto st = db_.prepare_cached(k_select_village_codes);
  if (!st) return std::move(st).err();
  (*st)->bind(1, county_code);
  std::vector<std::string> out;
  for (;;) {
    auto row = (*st)->step();
    if (!row) return std::move(row).err();
    if (!*row) break;
    out.push_back((*st)->column_text(0));
  }
  (*st)->reset();
  return out;
}

status registry::append_change(const std::string& county_code, const std::string& kind,
                               const std::string& key, const std::string& data) {
  auto st = db_.prepare_cached(k_insert_change);
  if (!st) return std::move(st).err();
  return (*st)->bind(1, county_code).bind(2, kind).bind(3, key).bind(4, data).run();
}

status registry::ensure_builtin_brands() {
  auto st = db_.prepare_cached(k_has_kind);
  if (!st) return std::move(st).err();
  (*st)->bind(1, "brand");
  auto row = (*st)->step();
  if (!row) return std::move(row).err();
  const bool found = *row;
  (*st)->reset();
  if (found) return ok_status();
  for (const auto& [code, data] : ref_feed::builtin_brands()) {
    if (auto s = append_change("", "brand", code, data); !s) return s;
  }
  return ok_status();
}

result<std::vector<ref_change_row>> registry::changes_since(const std::string& county_code,
                                                            std::int64_t since, std::size_t limit) {
  auto st = db_.prepare_cached(k_changes_since);
  if (!st) return std::move(st).err();
  (*st)->bind(1, since).bind(2, county_code).bind(3, static_cast<std::int64_t>(limit));
  std::vector<ref_change_row> out;
  for (;;) {
    auto row = (*st)->step();
    if (!row) return std::move(row).err();
    if (!*row) break;
    out.push_back({(*st)->column_int(0), (*st)->column_text(1), (*st)->column_text(2), (*st)->column_text(3),
                   (*st)->column_text(4)});
  }
  (*st)->reset();
  return out;
}

}  // namespace cunzhan::hub
