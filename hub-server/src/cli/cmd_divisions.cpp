// `hub import-divisions`: loads the statistical division CSVs (streets = townships,
// villages) into the registry. Idempotent: unchanged rows write nothing and add no
// ref_change; a bad row aborts its file with the line number and changes nothing.
#include <iostream>

#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "cunzhan/shared/csv.hpp"
#include "cunzhan/shared/division_code.hpp"

namespace cunzhan::hub::cli {
namespace {

bool all_digits(const std::string& s, std::size_t n) {
  if (s.size() != n) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

error bad_row(const std::string& file, std::size_t line, const std::string& why_en,
              const std::string& why_zh) {
  return error(errc::csv_invalid, file + ":" + std::to_string(line) + ": " + why_en,
               file + " 第 " + std::to_string(line) + " 行：" + why_zh);
}

// Imports one file inside the caller's transaction; returns (rows, changed).
result<std::pair<std::size_t, std::size_t>> import_file(admin_writer& reg, const std::string& file) {
  auto rows = read_csv_file(file);
  if (!rows) return std::move(rows).err();
  if (rows->empty()) return bad_row(file, 1, "empty file", "文件为空");
  const auto& head = rows->front().cells;
  const bool streets = head.size() >= 3 && head[0] == "code" && head[1] == "name" && head[2] == "areaCode";
  const bool villages = head.size() >= 3 && head[0] == "code" && head[1] == "name" && head[2] == "streetCode";
  if (!streets && !villages) {
    return bad_row(file, rows->front().line,
                   "header must start with code,name,areaCode (streets) or code,name,streetCode (villages)",
                   "表头应为 code,name,areaCode（乡镇街道）或 code,name,streetCode（村）");
  }
  std::size_t changed = 0;
  for (std::size_t i = 1; i < rows->size(); ++i) {
    const auto& r = (*rows)[i];
    if (r.cells.size() < 3) return bad_row(file, r.line, "too few columns", "列数不足");
    const std::string& code = r.cells[0];
    const std::string& name = r.cells[1];
    const std::string& parent = r.cells[2];
    if (name.empty()) return bad_row(file, r.line, "empty name", "名称为空");
    result<bool> did = false;
    if (streets) {
      if (!all_digits(code, 9) || !is_county_code(parent) || code.substr(0, 6) != parent) {
        return bad_row(file, r.line, "bad township code " + code, "乡镇代码不正确：" + code);
      }
      did = reg.upsert_township({code, name, parent});
    } else {
      if (!all_digits(code, 12) || !division_code::parse(code) || !all_digits(parent, 9) ||
          code.substr(0, 9) != parent) {
        return bad_row(file, r.line, "bad village code " + code, "村代码不正确：" + code);
      }
      did = reg.upsert_village({code, name, parent, code.substr(0, 6)});
    }
    if (!did) return std::move(did).err();
    if (*did) ++changed;
  }
  return std::pair{rows->size() - 1, changed};
}

}  // namespace

int cmd_import_divisions(const argv_t& argv) {
  static const char* help =
      "hub import-divisions --data DIR FILE...\n"
      "  Loads streets-*.csv (code,name,areaCode,...) and villages-*.csv (code,name,streetCode,...),\n"
      "  UTF-8 or GB18030. Safe to re-run; changes are published to stations on their next pull.\n"
      "  导入乡镇街道与村的区划 CSV，可重复执行。\n"
      "example: hub import-divisions --data /var/lib/cunzhan-hub streets-510824.csv villages-510824.csv\n";
  if (wants_help(argv, help)) return 0;
  auto a = args::parse(argv, {"data"}, {});
  if (!a) return report(a.err());
  if (a->positional().empty())
    return report(error(errc::invalid_argument, "no CSV files given", "未指定 CSV 文件"));
  auto store = open_store(*a);
  if (!store) return report(store.err());
  for (const auto& file : a->positional()) {
    result<std::pair<std::size_t, std::size_t>> n = std::pair<std::size_t, std::size_t>{};
    auto s = (*store)->write_admin([&](admin_writer& w) -> status {
      n = import_file(w, file);
      if (!n) return n.err();
      return ok_status();
    });
    if (!s) return report(s.err());
    std::cout << file << ": " << n->first << " rows, " << n->second << " new or changed\n";
  }
  return 0;
}

}  // namespace cunzhan::hub::cli
