// Import and export. An upload is kept in DATA/web-import/ until the officer commits or
// cancels it; the preview runs the real CSV import (the same code as `station import`)
// against a snapshot copy of the store, so it reports exactly what the commit will do
// while the real store stays untouched. Export streams the same CSV as `station export`.
#include <fstream>
#include <map>
#include <sstream>

#include "cunzhan/shared/csv.hpp"
#include "cunzhan/shared/text.hpp"
#include "cunzhan/shared/uuid.hpp"
#include "cunzhan/station/csv_io.hpp"
#include "html.hpp"
#include "pages.hpp"
#include "session.hpp"

namespace cunzhan::station_client::web {
namespace {

namespace fs = std::filesystem;

constexpr std::size_t k_preview_rows = 20;
constexpr std::size_t k_max_problems_shown = 200;

struct kind_info {
  std::string_view code, zh, en;
};
constexpr kind_info k_kinds[] = {{"listings", "农产品", "listings"},
                                 {"pickups", "揽收记录", "pickups"},
                                 {"points", "快递服务点", "courier points"}};

fs::path upload_dir(const ctx& c) { return c.app.data_dir / "web-import"; }

// Upload names are ours (hex), never the browser's file name: no path tricks.
std::optional<fs::path> upload_path(const ctx& c, std::string_view token) {
  if (token.size() != 32 || token.find_first_not_of("0123456789abcdef") != std::string_view::npos)
    return std::nullopt;
  return upload_dir(c) / (std::string(token) + ".csv");
}

void remove_upload(const fs::path& p) {
  std::error_code ec;
  fs::remove(p, ec);
  fs::path rejects = p;
  rejects += ".rejects.csv";  // as csv_import names it
  fs::remove(rejects, ec);
}

// Uploads nobody committed or cancelled (tab closed) are dropped after a day.
void drop_stale_uploads(const ctx& c) {
  std::error_code ec;
  const auto cutoff = fs::file_time_type::clock::now() - std::chrono::hours(24);
  for (const auto& e : fs::directory_iterator(upload_dir(c), ec)) {
    if (e.last_write_time(ec) < cutoff) fs::remove_all(e.path(), ec);
  }
}

std::string kind_label(const ctx& c, std::string_view code) {
  for (const auto& k : k_kinds) {
    if (k.code == code) return std::string(c.t(k.zh, k.en));
  }
  return std::string(code);
}

using problems_by_line = std::map<std::size_t, std::vector<std::string>>;

// The import itself, on a copy of the store made with SQLite's online backup.
result<import_report> dry_run(ctx& c, record_kind kind, const fs::path& file, problems_by_line& problems) {
  const fs::path snap = upload_dir(c) / (file.stem().string() + "-check");
  std::error_code ec;
  fs::remove_all(snap, ec);
  fs::create_directories(snap, ec);
  auto cleanup = [&] { fs::remove_all(snap, ec); };
  if (auto s = c.db.backup_to((snap / db_file_name).string()); !s) {
    cleanup();
    return std::move(s).err();
  }
  store_options so;
  so.create = false;
  auto copy = store::open(snap, so);
  if (!copy) {
    cleanup();
    return std::move(copy).err();
  }
  auto r = import_csv(**copy, kind, file, {}, [&](const row_problem& p) {
    const std::string& m = c.zh() ? p.field.message_zh : p.field.message_en;
    problems[p.line].push_back(p.field.field + "：" +
                               (m.empty() ? std::string(message(p.field.code, c.language)) : m));
  });
  copy->reset();
  cleanup();
  return r;
}

// The first rows of the file as the officer sees them in Excel, bad lines marked.
std::string preview_table(const std::string& bytes, const problems_by_line& problems) {
  auto text = csv::to_utf8(bytes);
  if (!text) return "";
  auto rows = csv::parse(*text);
  if (!rows || rows->empty()) return "";
  std::string o = "<table><thead><tr><th>#</th>";
  for (const auto& h : (*rows)[0].cells) o += "<th>" + esc(h) + "</th>";
  o += "</tr></thead><tbody>";
  for (std::size_t i = 1; i < rows->size() && i <= k_preview_rows; ++i) {
    const auto& r = (*rows)[i];
    const bool bad = problems.count(r.line) > 0;
    o += std::string(bad ? "<tr class=\"closed\">" : "<tr>") + "<td>" + std::to_string(r.line) +
         (bad ? " ✗" : "") + "</td>";
    for (const auto& cell : r.cells) o += "<td>" + esc(cell) + "</td>";
    o += "</tr>";
  }
  return o + "</tbody></table>";
}

std::string hidden(std::string_view name, std::string_view value) {
  return "<input type=\"hidden\" name=\"" + std::string(name) + "\" value=\"" + esc(value) + "\">";
}

net::http_response preview_page(ctx& c, const std::string& token, std::string_view kind, const upload& up,
                                const import_report& rep, const problems_by_line& problems) {
  std::string o = "<h1>" + std::string(c.t("导入预览：", "Import preview: ")) + esc(kind_label(c, kind)) +
                  "</h1><p>" + esc(up.filename) + " · " + std::string(c.t("编码 ", "encoding ")) +
                  esc(rep.encoding) + " · " + std::string(c.t("共 ", "")) + std::to_string(rep.rows) +
                  std::string(c.t(" 行，", " rows, ")) + std::to_string(rep.rows - rep.bad_rows) +
                  std::string(c.t(" 行正确，", " good, ")) + std::to_string(rep.bad_rows) +
                  std::string(c.t(" 行有误", " bad")) + "</p>";
  if (!problems.empty()) {
    o += "<div class=\"errs\"><b>" +
         std::string(c.t("有误的行（行号为文件中的行）：", "Rows with problems (file line numbers):")) +
         "</b><ul>";
    std::size_t shown = 0;
    for (const auto& [line, msgs] : problems) {
      for (const auto& m : msgs) {
        if (++shown > k_max_problems_shown) break;
        o += "<li>" + std::string(c.t("第 ", "line ")) + std::to_string(line) +
             std::string(c.t(" 行：", ": ")) + esc(m) + "</li>";
      }
    }
    o += "</ul></div>";
  }
  o += preview_table(up.data, problems);
  o += "<form class=\"box\" method=\"post\" action=\"/import/commit\">" + csrf_input(c) +
       hidden("token", token) + hidden("kind", kind);
  if (rep.bad_rows > 0) {
    o += "<p><label><input type=\"checkbox\" name=\"skip_bad\" value=\"1\"> " +
         std::string(c.t("跳过有误的行，只导入正确的行", "Skip the bad rows and import only the good ones")) +
         "</label></p><p class=\"muted\">" +
         std::string(c.t("不勾选时，有误的行会使整个文件都不导入。",
                         "Unticked, any bad row stops the whole import.")) +
         "</p>";
  }
  o += "<button type=\"submit\">" + std::string(c.t("确认导入", "Import")) + "</button></form>";
  o += "<form class=\"inline\" method=\"post\" action=\"/import/cancel\">" + csrf_input(c) +
       hidden("token", token) + "<button class=\"sec\">" + std::string(c.t("取消，不导入", "Cancel")) +
       "</button></form>";
  return html_response(200, layout(c, c.t("导入预览", "Import preview"), "/import", o));
}

}  // namespace

net::http_response import_page(ctx& c) {
  drop_stale_uploads(c);
  std::string o = "<h1>" + std::string(c.t("导入 CSV", "Import CSV")) + "</h1>" + flash(c);
  if (!c.query("n").empty())
    o += "<p>" + std::string(c.t("导入行数：", "Rows imported: ")) + esc(c.query("n")) + "</p>";
  o += "<form class=\"box\" method=\"post\" action=\"/import/preview\" enctype=\"multipart/form-data\">" +
       csrf_input(c) + "<div class=\"f\"><label for=\"i-kind\">" + std::string(c.t("类型", "Kind")) +
       "</label><select id=\"i-kind\" name=\"kind\">";
  for (const auto& k : k_kinds) {
    o += "<option value=\"" + std::string(k.code) + "\">" + std::string(c.t(k.zh, k.en)) + "</option>";
  }
  o += "</select></div><div class=\"f\"><label for=\"i-file\">" +
       std::string(c.t("CSV 文件（UTF-8 或 GBK）", "CSV file (UTF-8 or GBK)")) +
       "</label><input id=\"i-file\" type=\"file\" name=\"file\" accept=\".csv,text/csv\"></div><div "
       "class=\"actions\"><button>" +
       std::string(c.t("预览", "Preview")) + "</button> <span class=\"muted\">" +
       std::string(c.t("先预览检查，确认后才写入。", "Nothing is written until you confirm.")) +
       "</span></div></form>";
  o += "<h1>" + std::string(c.t("导出 CSV", "Export CSV")) + "</h1><p>";
  for (const auto& k : k_kinds) {
    o += "<a class=\"btn sec\" href=\"/export?kind=" + std::string(k.code) + "\">" +
         std::string(c.t("导出", "Export ")) + std::string(c.t(k.zh, k.en)) + "</a> ";
  }
  o += "</p><p class=\"muted\">" +
       std::string(c.t("UTF-8 带 BOM，可直接用 Excel 打开。", "UTF-8 with BOM: opens in Excel as it is.")) +
       "</p>";
  return html_response(200, layout(c, c.t("导入导出", "Import / export"), "/import", o));
}

net::http_response import_preview(ctx& c) {
  const std::string kind(c.body.get("kind"));
  const auto rk = parse_record_kind(kind);
  const upload* up = nullptr;
  for (const auto& f : c.files) {
    if (f.field == "file") up = &f;
  }
  if (!rk || !up || up->data.empty()) {
    return error_page(
        c, 422, error(errc::invalid_argument, "choose the kind and a CSV file", "请选择类型和 CSV 文件"),
        "/import");
  }
  std::error_code ec;
  fs::create_directories(upload_dir(c), ec);
  const std::string token = to_hex(random_bytes(16));
  const fs::path file = *upload_path(c, token);
  {
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out.write(up->data.data(), static_cast<std::streamsize>(up->data.size()));
    if (!out)
      return error_page(c, 500, error(errc::io_error, "cannot save the upload", "无法保存上传的文件"),
                        "/import");
  }
  problems_by_line problems;
  auto rep = dry_run(c, *rk, file, problems);
  if (!rep) {
    remove_upload(file);
    return error_page(c, 422, rep.err(), "/import");
  }
  return preview_page(c, token, kind, *up, *rep, problems);
}

net::http_response import_commit(ctx& c) {
  const auto file = upload_path(c, c.body.get("token"));
  const auto rk = parse_record_kind(c.body.get("kind"));
  std::error_code ec;
  if (!file || !rk || !fs::exists(*file, ec)) {
    return error_page(
        c, 404,
        error(errc::not_found, "this upload is gone; upload the file again", "上传的文件已失效，请重新上传"),
        "/import");
  }
  import_options o;
  o.skip_bad = c.body.get("skip_bad") == "1";
  auto rep = import_csv(c.db, *rk, *file, o, nullptr);
  if (!rep) return error_page(c, 422, rep.err(), "/import");
  if (rep->bad_rows > 0 && !o.skip_bad) {
    // The file is kept: the officer can go back and tick "skip the bad rows".
    return error_page(
        c, 422,
        error(errc::validation_failed, std::to_string(rep->bad_rows) + " rows are bad; nothing was imported",
              std::to_string(rep->bad_rows) + " 行有误，未导入任何数据"),
        "/import");
  }
  remove_upload(*file);
  return redirect("/import?ok=imported&n=" + std::to_string(rep->imported));
}

net::http_response import_cancel(ctx& c) {
  if (const auto file = upload_path(c, c.body.get("token"))) remove_upload(*file);
  return redirect("/import?ok=import_cancelled");
}

net::http_response export_csv_file(ctx& c) {
  const std::string& kind = c.query("kind");
  const auto rk = parse_record_kind(kind);
  if (!rk) return error_page(c, 404, error(errc::not_found, "unknown kind", "未知的类型"), "/import");
  std::ostringstream out;
  // Chinese headers unless the page is in English, as `station export` without --lang.
  auto n = export_csv(c.db, *rk, out, c.language);
  if (!n) return error_page(c, 500, n.err(), "/import");
  // A file without the damaged records is offered only once the officer has been told.
  if (!c.db.damaged().empty() && c.query("partial") != "1") {
    return html_response(
        200, layout(c, c.t("导出", "Export"), "/import",
                    damaged_notice(c) + "<p><a class=\"btn\" href=\"/export?kind=" + esc(kind) +
                        "&amp;partial=1\">" + std::string(c.t("下载其余记录", "Download the other records")) +
                        "</a></p>"));
  }
  return download(out.str(), "text/csv; charset=utf-8",
                  kind_label(c, kind) + "-" + format_date(c.db.clock().today()) + ".csv");
}

}  // namespace cunzhan::station_client::web
