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
bool is_starter(char c) { return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r'; }

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
    row r;
    std::string cell;
    bool any_quoted = false, cr_outside_quotes = false;
    std::size_t line = 1, quote_line = 0;
    r.line = line;
    auto end_cell = [&] {
      r.cells.push_back(std::move(cell));
      cell.clear();
    };
    auto end_record = [&] {
      end_cell();
      const bool blank = r.cells.size() == 1 && r.cells[0].empty() && !any_quoted;
      if (!blank) rows.push_back(std::move(r));
      r = row{};
      r.line = line;
      any_quoted = false;
    };
    for (const char c : text_) {
      const bool quoted_before = sc_.in_quotes();
      switch (sc_.feed(c)) {
        case scanner::event::text:
          cell += c;
          cr_outside_quotes = c == '\r' && !quoted_before;
          break;
        case scanner::event::quote:
          if (sc_.in_quotes()) {  // an opening quote (a closing one leaves the quotes)
            any_quoted = true;
            quote_line = line;
          }
          cr_outside_quotes = false;
          break;
        case scanner::event::cell_end:
          end_cell();
          cr_outside_quotes = false;
          break;
        case scanner::event::record_end:
          // CRLF: the '\r' before a record's newline is not part of the last cell.
          if (cr_outside_quotes) cell.pop_back();
          cr_outside_quotes = false;
          ++line;
          end_record();
          continue;
      }
      if (c == '\n') ++line;
    }
    if (sc_.in_quotes()) {
      const std::string l = std::to_string(quote_line);
      return error(errc::csv_invalid, "unterminated quoted cell starting on line " + l,
                   "第 " + l + " 行开始的引号没有闭合");
    }
    if (!sc_.at_record_start()) end_record();
    return rows;
  }

 private:
  std::string_view text_;
  scanner sc_;
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

scanner::event scanner::feed(char c) {
  record_start_ = false;
  switch (state_) {
    case state::quoted:
      if (c == '"') state_ = state::after_quote;
      return c == '"' ? event::quote : event::text;
    case state::after_quote:
      if (c == '"') {  // "" inside quotes: one literal quote
        state_ = state::quoted;
        return event::text;
      }
      break;
    case state::cell_start:
      if (c == '"') {
        state_ = state::quoted;
        return event::quote;
      }
      break;
    case state::unquoted: break;
  }
  if (c == ',') {
    state_ = state::cell_start;
    return event::cell_end;
  }
  if (c == '\n') {
    state_ = state::cell_start;
    record_start_ = true;
    return event::record_end;
  }
  state_ = state::unquoted;
  return event::text;
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
  if (cell.size() >= 3 && cell.substr(0, 2) == "=\"" && cell.back() == '"' &&
      all_digits(cell.substr(2, cell.size() - 3))) {
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
