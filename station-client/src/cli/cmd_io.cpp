// `station import` and `station export`: CSV in and out for officers who work in Excel.
#include <fstream>
#include <iostream>

#include "cli_common.hpp"
#include "cunzhan/platform/path.hpp"
#include "cunzhan/station/csv_io.hpp"

namespace cunzhan::station_client::cli {
namespace {

constexpr std::string_view k_import_help =
    R"(station import listings|pickups|points|villagers FILE [--skip-bad] — import CSV / 导入
FILE may be UTF-8 (with or without BOM) or GBK/GB18030 as Excel saves it; headers in
Chinese or English (as `station export` writes them). Every row is checked; if any row
is bad, each problem is listed as `line N: field: reason` and NOTHING is imported,
unless --skip-bad: then good rows are imported and bad ones go to FILE.rejects.csv.
Example / 示例:
  station import listings 农产品登记.csv --skip-bad
)";
constexpr std::string_view k_export_help =
    R"(station export listings|pickups|points|villagers [--out FILE] — export CSV / 导出
UTF-8 with BOM (opens in Excel), Chinese headers (English with --lang en); default stdout.
Example / 示例:
  station export listings --out 农产品.csv
)";

}  // namespace

int cmd_import(const context& c, const std::vector<std::string>& tokens) {
  auto a = parse_args(tokens, {}, {"--skip-bad"});
  if (!a) return report(c, a.err());
  if (a->flags.count("--help")) return print_help(c, k_import_help);
  if (a->positional.size() != 2 || !parse_record_kind(a->positional[0])) {
    print_help(c, k_import_help);
    return usage_error(c, "import needs KIND (listings, pickups, points, villagers) and FILE",
                       "import 需要类型（listings、pickups、points、villagers）和文件");
  }
  if (auto missing = require_file(a->positional[1]); !missing) return report(c, missing.err());
  auto s = open_store(c);
  if (!s) return report(c, s.err());
  import_options o;
  o.skip_bad = a->flags.count("--skip-bad") > 0;
  auto r =
      import_csv(**s, *parse_record_kind(a->positional[0]), platform::path_from_utf8(a->positional[1]), o,
                 [&](const row_problem& p) {
                   // Both languages on every line: the officer may run with the wrong LANG, and the
                   // person fixing the sheet may not be the one who ran the import.
                   const std::string n = std::to_string(p.line);
                   *c.err << c.t("第 " + n + " 行 / line " + n + "：", "line " + n + " / 第 " + n + " 行: ")
                          << field_problem(c, p.field) << '\n';
                 });
  if (!r) return report(c, r.err());
  if (r->bad_rows > 0 && !o.skip_bad) {
    return report(c, error(errc::validation_failed,
                           std::to_string(r->bad_rows) + " of " + std::to_string(r->rows) +
                               " rows are bad; nothing was imported (fix them, or use --skip-bad)",
                           std::to_string(r->rows) + " 行中有 " + std::to_string(r->bad_rows) +
                               " 行有误，未导入任何数据（请修改，或使用 --skip-bad）"));
  }
  *c.out << c.t("已导入 ", "imported ") << r->imported << c.t(" 行（编码 ", " rows (encoding ") << r->encoding
         << c.t("）", ")") << '\n';
  if (r->bad_rows > 0) {
    *c.out << c.t("跳过 ", "skipped ") << r->bad_rows
           << c.t(" 行有误的数据，已写入 ", " bad rows, written to ") << r->rejects_file.string() << '\n';
  }
  return exit_ok;
}

int cmd_export(const context& c, const std::vector<std::string>& tokens) {
  auto a = parse_args(tokens, {"--out"});
  if (!a) return report(c, a.err());
  if (a->flags.count("--help")) return print_help(c, k_export_help);
  if (a->positional.size() != 1 || !parse_record_kind(a->positional[0])) {
    print_help(c, k_export_help);
    return usage_error(c, "export needs KIND (listings, pickups, points, villagers)",
                       "export 需要类型（listings、pickups、points、villagers）");
  }
  auto s = open_store(c);
  if (!s) return report(c, s.err());
  const record_kind kind = *parse_record_kind(a->positional[0]);
  // Chinese headers unless --lang en was asked for: the file is for Excel on a Chinese PC.
  const lang headers = c.lang_explicit ? c.language : lang::zh;
  if (const std::string* out = a->get("--out")) {
    std::ofstream f(platform::path_from_utf8(*out), std::ios::binary | std::ios::trunc);
    if (!f) return report(c, error(errc::io_error, "cannot write " + *out, "无法写入 " + *out));
    auto r = export_csv(**s, kind, f, headers);
    if (!r) return report(c, r.err());
    *c.err << c.t("已导出 ", "exported ") << *r << c.t(" 行到 ", " rows to ") << *out << '\n';
    return report_damaged(c, **s, exit_ok);
  }
  auto r = export_csv(**s, kind, *c.out, headers);
  if (!r) return report(c, r.err());
  return report_damaged(c, **s, exit_ok);
}

}  // namespace cunzhan::station_client::cli
