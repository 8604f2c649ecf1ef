// CSV import: streams the file in chunks cut at record boundaries, converts each chunk
// to UTF-8, maps the header through the column tables, checks every row and writes the
// good ones in one bulk transaction (rolled back if any row is bad and skip_bad is off).
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>

#include "cunzhan/shared/csv.hpp"
#include "cunzhan/shared/text.hpp"
#include "cunzhan/shared/uuid.hpp"
#include "cunzhan/shared/villager_validate.hpp"
#include "cunzhan/station/csv_io.hpp"
#include "input/csv_columns.hpp"
#include "input/fields.hpp"
#include "store/store_ids.hpp"

namespace cunzhan::station_client {
namespace {

// 1 MiB chunks keep peak memory small whatever the file size (target: < 30 MB RSS
// for 100,000 rows).
constexpr std::size_t k_chunk = 1 << 20;

// The form of a header name that is compared: ASCII lower case, full-width brackets as
// ASCII ones (Excel on a Chinese PC types "单价（元）"), no spaces of either width.
std::string header_key(std::string_view s) {
  std::string out(trim(s));
  static constexpr std::pair<std::string_view, std::string_view> k_same[] = {
      {"（", "("}, {"）", ")"}, {"\u3000", ""}};
  for (auto [from, to] : k_same) {
    for (std::size_t p; (p = out.find(from)) != std::string::npos;) out.replace(p, from.size(), to);
  }
  std::erase(out, ' ');
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// The column a rejects file adds (bad_row); a fixed rejects file imports again, so it
// is read as no column at all.
constexpr std::string_view k_reason_header = "原因/reason";
constexpr int k_unnamed = -1;  // an empty header cell (Excel's trailing ",,"): must stay empty
constexpr int k_ignored = -2;  // the rejects file's reason column

// Per-kind glue: defaults the store would fill, and the store call.
// The time comes from the validation context: the store's clock (store_options::clock).
void prepare(listing& l, const enrolment& e, const validation_context& ctx) {
  if (l.id.empty()) l.id = new_record_id();
  if (l.village_code.empty()) l.village_code = e.village_code;
  if (!l.created_at) l.created_at = ctx.now;
  l.updated_at = ctx.now;
  l.farmer_phone_masked = mask_phone(l.farmer_phone);
}
void prepare(pickup& p, const enrolment&, const validation_context& ctx) {
  if (p.id.empty()) p.id = new_record_id();
  if (!p.requested_at) p.requested_at = ctx.now;
  p.brand = canonical_brand(brands_of(ctx), p.brand);
}
void prepare(courier_point& c, const enrolment& e, const validation_context& ctx) {
  if (c.id.empty()) c.id = new_record_id();
  for (auto& b : c.brands) b = canonical_brand(brands_of(ctx), b);
  if (c.village_code.empty()) c.village_code = e.village_code;
  if (!c.opened_on) c.opened_on = ctx.today;
}
void prepare(villager& v, const enrolment& e, const validation_context&) {
  if (v.id.empty()) v.id = uuid_v4();  // random, as the register makes them
  if (v.village_code.empty()) v.village_code = e.village_code;
}
status add(store& s, villager v) {
  auto r = s.villagers().add(std::move(v));
  return r ? ok_status() : status(std::move(r).err());
}
const std::vector<csv_column<villager>>& columns(villager*) { return villager_columns(); }
status add(store& s, listing l) {
  auto r = s.listings().add(std::move(l));
  return r ? ok_status() : status(std::move(r).err());
}
status add(store& s, pickup p) {
  auto r = s.pickups().add(std::move(p));
  return r ? ok_status() : status(std::move(r).err());
}
status add(store& s, courier_point c) {
  auto r = s.points().add(std::move(c));
  return r ? ok_status() : status(std::move(r).err());
}
const std::vector<csv_column<listing>>& columns(listing*) { return listing_columns(); }
const std::vector<csv_column<pickup>>& columns(pickup*) { return pickup_columns(); }
const std::vector<csv_column<courier_point>>& columns(courier_point*) { return point_columns(); }

template <class T>
class importer {
 public:
  importer(store& s, const std::filesystem::path& file, const import_options& o,
           const std::function<void(const row_problem&)>& on_problem)
      : store_(s), file_(file), opts_(o), on_problem_(on_problem) {}

  result<import_report> run() {
    auto e = store_.meta().enrolment_info();
    if (!e) return std::move(e).err();
    enrolment_ = std::move(*e);
    auto ctx = store_.meta().validation();
    if (!ctx) return std::move(ctx).err();
    ctx_ = *ctx;
#ifdef _WIN32  // the wide path: Chinese folder names; binary, or CRLF would be changed
    const int fd = ::_wopen(file_.c_str(), _O_RDONLY | _O_BINARY);
#else
    const int fd = ::open(file_.c_str(), O_RDONLY | O_CLOEXEC);
#endif
    if (fd < 0) return read_error(errno);
    struct closer {
      int fd;
      ~closer() { ::close(fd); }
    } const close_at_end{fd};
    if (auto s = store_.begin_bulk(); !s) return std::move(s).err();
    if (auto s = read_all(fd); !s) {
      store_.rollback_bulk();
      // A file that could not be read to its end imports nothing, and its rejects list
      // (of the rows read so far) would describe an import that did not happen.
      if (rejects_) {
        rejects_.reset();
        std::error_code ec;
        std::filesystem::remove(report_.rejects_file, ec);
      }
      return std::move(s).err();
    }
    if (report_.bad_rows > 0 && !opts_.skip_bad) {
      store_.rollback_bulk();
      report_.imported = 0;
    } else if (auto s = store_.commit_bulk(report_.imported); !s) {
      return std::move(s).err();
    }
    if (rejects_) {
      rejects_->flush();
      if (!*rejects_) {
        return error(errc::io_error, "cannot write " + report_.rejects_file.string(),
                     "无法写入 " + report_.rejects_file.string());
      }
    }
    return report_;
  }

 private:
  // The file, the OS's reason and what became of the import. Never "the file is empty"
  // or a short count: a read error is not the end of the file.
  error read_error(int err) const {
    const std::string os = std::string(std::strerror(err)) + " (errno " + std::to_string(err) + ")";
    const std::string at = std::to_string(read_bytes_);
    return error(errc::io_error,
                 "cannot read " + file_.string() + " (after " + at + " bytes): " + os +
                     "; nothing was imported (check the disk or USB stick, or copy the file again)",
                 "读取文件 " + file_.string() + " 出错（已读 " + at + " 字节）：" + os +
                     "；未导入任何数据（请检查硬盘或U盘，或重新复制文件）");
  }

  // Fills block from fd; fewer bytes than block.size() only at the end of the file.
  result<std::size_t> read_block(int fd, std::string& block) {
    std::size_t got = 0;
    while (got < block.size()) {
      const auto n = ::read(fd, block.data() + got, static_cast<unsigned>(block.size() - got));
      if (n == 0) break;
      if (n < 0) {
        if (errno == EINTR) continue;
        return read_error(errno);
      }
      got += static_cast<std::size_t>(n);
      read_bytes_ += static_cast<std::size_t>(n);
    }
    return got;
  }

  // Cuts the stream after the last record end, found with csv::scanner (the parser's own
  // quoting rule), so every chunk holds whole records (a quoted cell may contain
  // newlines, a quote inside an unquoted cell quotes nothing). In GB18030 none of '"',
  // ',' and '\n' can be a trailing byte, so scanning raw bytes is safe before decoding.
  status read_all(int fd) {
    std::string buf;
    std::size_t scanned = 0, cut = 0;
    csv::scanner sc;
    bool first = true;
    std::string block(k_chunk, '\0');
    for (;;) {
      auto n = read_block(fd, block);
      if (!n) return std::move(n).err();
      const std::size_t got = *n;
      buf.append(block.data(), got);
      if (first && buf.starts_with(csv::utf8_bom)) {
        buf.erase(0, csv::utf8_bom.size());
        report_.encoding = "utf-8-bom";
      }
      first = false;
      for (; scanned < buf.size(); ++scanned) {
        if (sc.feed(buf[scanned]) == csv::scanner::event::record_end) cut = scanned + 1;
      }
      const bool eof = got < block.size();
      if (eof) cut = buf.size();
      if (cut > 0) {
        if (auto s = process_chunk(std::string_view(buf).substr(0, cut)); !s) return s;
        buf.erase(0, cut);
        scanned -= cut;
        cut = 0;
      }
      if (eof) break;
    }
    if (!header_seen_) {
      return error(errc::csv_invalid, "the file is empty (no header row)", "文件为空（没有表头行）");
    }
    if (report_.encoding.empty()) report_.encoding = "utf-8";
    return ok_status();
  }

  status process_chunk(std::string_view bytes) {
    std::string converted;
    std::string_view text = bytes;
    if (!is_valid_utf8(bytes)) {
      std::string detected;
      auto u = csv::to_utf8(bytes, &detected);
      if (!u) return std::move(u).err();
      converted = std::move(*u);
      text = converted;
      report_.encoding = detected;
    }
    auto rows = csv::parse(text);
    if (!rows) return std::move(rows).err();
    for (auto& r : *rows) {
      r.line += line_base_;
      if (auto s = header_seen_ ? process_row(r) : read_header(r); !s) return s;
    }
    for (char c : bytes) line_base_ += c == '\n';
    return ok_status();
  }

  status read_header(const csv::row& r) {
    header_seen_ = true;
    header_ = r.cells;
    const auto& cols = columns(static_cast<T*>(nullptr));
    std::map<std::string, int> by_name;
    for (std::size_t i = 0; i < cols.size(); ++i) {
      by_name[header_key(cols[i].en)] = static_cast<int>(i);
      by_name[header_key(cols[i].zh)] = static_cast<int>(i);
      for (const auto& a : split(cols[i].aliases, '|')) {
        if (!a.empty()) by_name.emplace(header_key(a), static_cast<int>(i));  // a header name wins
      }
    }
    for (const auto& cell : r.cells) {
      const std::string name = header_key(cell);
      if (name.empty()) {
        mapping_.push_back(k_unnamed);
        continue;
      }
      if (name == header_key(k_reason_header)) {
        mapping_.push_back(k_ignored);
        continue;
      }
      auto it = by_name.find(name);
      if (it == by_name.end()) {
        const std::string shown(trim(cell));
        return error(errc::csv_invalid,
                     "line " + std::to_string(r.line) + ": unknown column \"" + shown + "\"",
                     "第 " + std::to_string(r.line) + " 行：未知的列“" + shown + "”");
      }
      mapping_.push_back(it->second);
    }
    return ok_status();
  }

  status process_row(const csv::row& r) {
    ++report_.rows;
    T rec{};
    std::vector<field_error> errs;
    const auto& cols = columns(static_cast<T*>(nullptr));
    for (std::size_t i = 0; i < r.cells.size(); ++i) {
      const std::string cell = csv::unescape_cell(trim(r.cells[i]));
      const int col = i < mapping_.size() ? mapping_[i] : k_unnamed;
      if (cell.empty() || col == k_ignored) continue;
      if (col == k_unnamed) {
        // A value under no header: refuse the row rather than drop what was typed.
        errs.push_back({"row", errc::csv_invalid,
                        "column " + std::to_string(i + 1) + " has a value but no header",
                        "第 " + std::to_string(i + 1) + " 列有内容但没有表头"});
        continue;
      }
      if (auto e = cols[static_cast<std::size_t>(col)].set(rec, cell)) errs.push_back(std::move(*e));
    }
    if (errs.empty()) {
      prepare(rec, enrolment_, ctx_);
      if (report_.bad_rows > 0 && !opts_.skip_bad) {
        // Nothing will be written: only check the rest so every bad line is reported.
        errs = validate(rec, ctx_);
      } else if (auto s = add(store_, std::move(rec)); !s) {
        if (s.err().code != errc::validation_failed) return s;
        errs = s.err().fields;
        if (errs.empty()) errs.push_back(as_error_field(s.err()));
      } else {
        ++report_.imported;
      }
    }
    if (!errs.empty()) return bad_row(r, errs);
    return ok_status();
  }

  static field_error as_error_field(const error& e) {
    return {"row", e.code, e.describe(lang::en), e.describe(lang::zh)};
  }

  status bad_row(const csv::row& r, const std::vector<field_error>& errs) {
    ++report_.bad_rows;
    for (const auto& f : errs) {
      if (on_problem_) on_problem_({r.line, f});
    }
    if (!opts_.skip_bad) return ok_status();
    if (!rejects_) {
      report_.rejects_file = file_;
      report_.rejects_file += ".rejects.csv";
      rejects_.emplace(report_.rejects_file, std::ios::binary | std::ios::trunc);
      *rejects_ << csv::utf8_bom << csv::format_row(without_reason(header_, std::string(k_reason_header)));
    }
    std::string reason;
    for (const auto& f : errs) {
      if (!reason.empty()) reason += "; ";
      reason += f.field + ": " + f.message_zh + " / " + f.message_en;
    }
    auto cells = r.cells;
    cells.resize(header_.size());
    *rejects_ << csv::format_row(without_reason(cells, reason));
    return ok_status();
  }

  // A row of the rejects file: the input's cells, minus an old reason column (a rejects
  // file imported again), plus the new reason.
  std::vector<std::string> without_reason(const std::vector<std::string>& cells, std::string reason) const {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < cells.size(); ++i) {
      if (i >= mapping_.size() || mapping_[i] != k_ignored) out.push_back(cells[i]);
    }
    out.push_back(std::move(reason));
    return out;
  }

  store& store_;
  std::filesystem::path file_;
  import_options opts_;
  std::function<void(const row_problem&)> on_problem_;
  enrolment enrolment_;
  validation_context ctx_;
  import_report report_;
  bool header_seen_ = false;
  std::vector<std::string> header_;
  std::vector<int> mapping_;  // file column → index in the column table
  std::size_t line_base_ = 0;
  std::size_t read_bytes_ = 0;  // of the file so far, for a read error
  std::optional<std::ofstream> rejects_;
};

}  // namespace

std::optional<record_kind> parse_record_kind(std::string_view s) {
  if (s == "listings" || s == "listing") return record_kind::listings;
  if (s == "pickups" || s == "pickup") return record_kind::pickups;
  if (s == "points" || s == "point") return record_kind::points;
  if (s == "villagers" || s == "villager") return record_kind::villagers;
  return std::nullopt;
}

result<import_report> import_csv(store& s, record_kind kind, const std::filesystem::path& file,
                                 const import_options& o,
                                 const std::function<void(const row_problem&)>& on_problem) {
  switch (kind) {
    case record_kind::listings: return importer<listing>(s, file, o, on_problem).run();
    case record_kind::pickups: return importer<pickup>(s, file, o, on_problem).run();
    case record_kind::points: return importer<courier_point>(s, file, o, on_problem).run();
    case record_kind::villagers: return importer<villager>(s, file, o, on_problem).run();
  }
  return errc::invalid_argument;
}

}  // namespace cunzhan::station_client
