// CSV in and out for officers' spreadsheets: encoding detection (UTF-8, UTF-8 with BOM,
// GB18030 as saved by Excel on Chinese Windows), an RFC 4180 parser that remembers
// line numbers for error messages, and Excel-safe cell escaping.
#include "cunzhan/shared/csv.hpp"

#include <memory>

#include "cunzhan/platform/gb18030.hpp"
#include "cunzhan/shared/text.hpp"

namespace cunzhan::csv {

namespace {

// A cell starts with a formula starter, possibly behind apostrophes a user typed
// ("'=x"); counting those apostrophes in keeps escape → unescape an exact round trip.
bool is_starter(char c) {
  return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
}

bool starts_formula_after_apostrophes(std::string_view cell) {
  std::size_t i = 0;
  while (i < cell.size() && cell[i] == '\'') ++i;
  return i < cell.size() && is_starter(cell[i]);
}

class parser {
 public:
  explicit parser(std::string_view text) : text_(text) {}

  result<std::vector<row>> run() {
    std::vector<row> rows;
    while (pos_ < text_.size()) {
      row r;
      r.line = line_;
      bool any_quoted = false;
      for (;;) {
        bool quoted = false;
        auto cell = read_cell(quoted);
        if (!cell) return std::move(cell).err();
        any_quoted = any_quoted || quoted;
        r.cells.push_back(std::move(*cell));
        if (pos_ < text_.size() && text_[pos_] == ',') {
          ++pos_;
          continue;
        }
        end_of_line();
        break;
      }
      const bool blank = r.cells.size() == 1 && r.cells[0].empty() && !any_quoted;
      if (!blank) rows.push_back(std::move(r));
    }
    return rows;
  }

 private:
  // Reads one cell and stops before the ',' or line end that follows it.
  result<std::string> read_cell(bool& quoted) {
    std::string cell;
    if (pos_ < text_.size() && text_[pos_] == '"') {
      quoted = true;
      const std::size_t start_line = line_;
      ++pos_;
      for (;;) {
        if (pos_ >= text_.size()) {
          const std::string l = std::to_string(start_line);
          return error(errc::csv_invalid, "unterminated quoted cell starting on line " + l,
                       "第 " + l + " 行开始的引号没有闭合");
        }
        const char c = text_[pos_++];
        if (c == '"') {
          if (pos_ < text_.size() && text_[pos_] == '"') {
            cell += '"';
            ++pos_;
            continue;
          }
          break;
        }
        if (c == '\n') ++line_;
        cell += c;
      }
    }
    // Unquoted text, or (leniently, as Excel does) text after a closing quote.
    while (pos_ < text_.size()) {
      const char c = text_[pos_];
      if (c == ',' || c == '\n') break;
      if (c == '\r' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '\n') break;
      cell += c;
      ++pos_;
    }
    return cell;
  }

  void end_of_line() {
    if (pos_ < text_.size() && text_[pos_] == '\r') ++pos_;
    if (pos_ < text_.size() && text_[pos_] == '\n') {
      ++pos_;
      ++line_;
    }
  }

  std::string_view text_;
  std::size_t pos_ = 0;
  std::size_t line_ = 1;
};

}  // namespace

result<std::string> to_utf8(std::string_view bytes, std::string* detected) {
  const bool bom = bytes.substr(0, utf8_bom.size()) == utf8_bom;
  if (bom) bytes.remove_prefix(utf8_bom.size());
  if (is_valid_utf8(bytes)) {
    if (detected) *detected = bom ? "utf-8-bom" : "utf-8";
    return std::string(bytes);
  }
  if (bom) {
    return error(errc::encoding_unsupported, "file has a UTF-8 BOM but is not valid UTF-8",
                 "文件带有 UTF-8 标记，但内容不是有效的 UTF-8");
  }
  auto out = platform::gb18030_to_utf8(bytes);
  if (out && detected) *detected = "gb18030";
  return out;
}

result<std::vector<row>> parse(std::string_view text) { return parser(text).run(); }

namespace {

// RFC 4180 quoting when the cell holds a separator, a quote or a line break.
std::string quote_if_needed(std::string v) {
  if (v.find_first_of(",\"\r\n") == std::string::npos) return v;
  std::string quoted = "\"";
  for (char c : v) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  quoted += '"';
  return quoted;
}

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// ^-?[0-9]+(\.[0-9]+)?%?$ — what Excel reads as a number (or a percentage) and nothing more.
bool is_plain_number(std::string_view s) {
  if (!s.empty() && s.front() == '-') s.remove_prefix(1);
  if (!s.empty() && s.back() == '%') s.remove_suffix(1);
  const auto dot = s.find('.');
  if (dot == std::string_view::npos) return all_digits(s);
  return all_digits(s.substr(0, dot)) && all_digits(s.substr(dot + 1));
}

}  // namespace

std::string escape_cell(std::string_view cell) {
  std::string v;
  // A leading apostrophe makes Excel show the text instead of evaluating it (CSV
  // injection); "-3.5" is escaped too, since Excel would evaluate "-3.5+A1" the same way.
  if (starts_formula_after_apostrophes(cell)) v += '\'';
  v += cell;
  return quote_if_needed(std::move(v));
}

std::string escape_cell(std::string_view cell, cell_kind kind) {
  if (kind == cell_kind::number && is_plain_number(cell)) return std::string(cell);
  // Only digits go inside the formula, so it is a constant and cannot inject anything.
  if (kind == cell_kind::code && all_digits(cell)) return quote_if_needed("=\"" + std::string(cell) + "\"");
  return escape_cell(cell);
}

std::string format_row(const std::vector<typed_cell>& cells) {
  std::string out;
  for (std::size_t i = 0; i < cells.size(); ++i) {
    if (i > 0) out += ',';
    out += escape_cell(cells[i].value, cells[i].kind);
  }
  out += "\r\n";
  return out;
}

std::string report_cell_value(std::string_view cell) {
  if (cell.size() >= 3 && cell.substr(0, 2) == "=\"" && cell.back() == '"' && all_digits(cell.substr(2, cell.size() - 3))) {
    return std::string(cell.substr(2, cell.size() - 3));
  }
  return unescape_cell(cell);
}

std::string format_row(const std::vector<std::string>& cells) {
  std::string out;
  for (std::size_t i = 0; i < cells.size(); ++i) {
    if (i > 0) out += ',';
    out += escape_cell(cells[i]);
  }
  out += "\r\n";
  return out;
}

std::string unescape_cell(std::string_view cell) {
  if (!cell.empty() && cell[0] == '\'' && starts_formula_after_apostrophes(cell.substr(1))) {
    cell.remove_prefix(1);
  }
  return std::string(cell);
}

}  // namespace cunzhan::csv
