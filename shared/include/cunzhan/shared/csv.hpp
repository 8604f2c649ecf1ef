// CSV for officers and Excel: RFC 4180 parsing with line numbers, UTF-8 / GB18030
// detection (Excel on Chinese Windows saves GBK), and Excel-safe writing (UTF-8 BOM,
// formula-injection escaping of cells that start with = + - @ or a tab).
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "cunzhan/shared/result.hpp"

namespace cunzhan::csv {

struct row {
  std::size_t line = 0;  // 1-based line in the file where the row starts
  std::vector<std::string> cells;
};

// Converts file bytes to UTF-8: strips a UTF-8 BOM; valid UTF-8 is kept; otherwise the
// bytes are decoded as GB18030 (a superset of GBK; platform/gb18030.hpp). encoding_unsupported if
// neither decodes. `detected` receives "utf-8", "utf-8-bom" or "gb18030".
result<std::string> to_utf8(std::string_view bytes, std::string* detected = nullptr);

// The one definition of CSV quoting, a byte at a time; parse() is built on it and the
// import's chunk cutter uses it to find record ends, so both always agree. A '"' opens a
// quoted cell only at the start of a cell (`5" 红薯` is plain text); inside, "" is a
// quote and a lone '"' closes the cell; text after the closing quote is kept (as Excel
// does). A newline ends the record only outside quotes.
class scanner {
 public:
  enum class event {
    text,        // the byte belongs to the current cell
    quote,       // a quote that opens or (perhaps) closes a cell: not part of it
    cell_end,    // ',' outside quotes
    record_end,  // '\n' outside quotes
  };
  event feed(char c);
  bool in_quotes() const { return state_ == state::quoted; }
  bool at_record_start() const { return state_ == state::cell_start && record_start_; }

 private:
  enum class state { cell_start, unquoted, quoted, after_quote } state_ = state::cell_start;
  bool record_start_ = true;
};

// Parses UTF-8 CSV text (comma separated, quotes per RFC 4180, CRLF or LF). Blank lines
// are skipped. Errors: csv_invalid with the line of an unterminated quote.
result<std::vector<row>> parse(std::string_view text);

// Quotes a cell when needed and escapes formula starters with a leading apostrophe.
std::string escape_cell(std::string_view cell);
std::string format_row(const std::vector<std::string>& cells);  // ends with "\r\n"

// Report tables (the hub's KPI CSVs) say what each cell is, so Excel shows figures as
// figures and codes as codes. Whatever does not fit its kind is written as text (guarded).
enum class cell_kind {
  text,    // guarded as escape_cell does
  number,  // a plain number or percentage (^-?[0-9]+(\.[0-9]+)?%?$) is written bare, so
           // "-14.29%" stays a number; nothing else can start with '-' unguarded
  code,    // a digit string (a division code) written as ="500153102200", a constant text
           // formula, so Excel neither shows 5.00153E+11 nor drops digits
};
struct typed_cell {
  std::string value;
  cell_kind kind = cell_kind::text;
};
std::string escape_cell(std::string_view cell, cell_kind kind);
std::string format_row(const std::vector<typed_cell>& cells);  // ends with "\r\n"
// Reading a report cell back: ="123" → 123, other cells as unescape_cell.
std::string report_cell_value(std::string_view cell);
inline constexpr std::string_view utf8_bom = "\xEF\xBB\xBF";

// Undoes escape_cell's apostrophe on import so export → import round-trips.
std::string unescape_cell(std::string_view cell);

}  // namespace cunzhan::csv
