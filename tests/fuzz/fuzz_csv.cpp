// CSV text (UTF-8, UTF-8 with BOM, or GBK bytes) through encoding detection, the parser
// and the station's column readers. Invariants: the chunk cutter's record ends
// (csv::scanner) are the parser's, so parsing piece by piece gives the same rows;
// format_row → parse gives the cells back; a cell a column reads, written back by the
// column and read again, gives the same text (export → import round trip).
#include "cunzhan/shared/csv.hpp"
#include "cunzhan/shared/text.hpp"
#include "fuzz_support.hpp"
#include "input/csv_columns.hpp"

using namespace cunzhan;
using fuzz::require;

namespace {

std::string show(const std::vector<csv::row>& rows) {
  std::string o;
  for (const auto& r : rows) {
    o += std::to_string(r.line) + ":";
    for (const auto& c : r.cells) o += "[" + c + "]";
    o += "\n";
  }
  return o;
}

// Cut where the import's chunk cutter may cut (after any record end) and parse the
// pieces: the same rows as one parse, line numbers included.
void pieces_agree(std::string_view text, const std::vector<csv::row>& whole) {
  csv::scanner sc;
  std::vector<csv::row> joined;
  std::size_t start = 0, line_base = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (sc.feed(text[i]) != csv::scanner::event::record_end || (i % 3) != 0) continue;
    auto part = csv::parse(text.substr(start, i + 1 - start));
    require(part.ok(), "a piece cut at a record end parses", std::string(text.substr(start, i + 1 - start)));
    for (auto& r : *part) {
      r.line += line_base;
      joined.push_back(std::move(r));
    }
    for (std::size_t k = start; k <= i; ++k) line_base += text[k] == '\n';
    start = i + 1;
  }
  auto rest = csv::parse(text.substr(start));
  require(rest.ok(), "the last piece parses");
  for (auto& r : *rest) {
    r.line += line_base;
    joined.push_back(std::move(r));
  }
  require(show(joined) == show(whole), "cutting at record ends changes nothing",
          show(whole) + "---\n" + show(joined));
}

template <class T>
void columns(const std::vector<station_client::csv_column<T>>& cols, const std::vector<std::string>& cells) {
  for (std::size_t i = 0; i < cols.size() && i < cells.size(); ++i) {
    const auto& c = cols[i];
    if (cells[i].empty()) continue;
    T rec{};
    if (c.set(rec, cells[i])) continue;  // refused, with a field error
    const std::string written = c.get(rec);
    if (written.empty()) continue;
    T again{};
    auto err = c.set(again, written);
    require(!err, "a column reads back what it wrote", std::string(c.en) + ": " + written);
    require(c.get(again) == written, "column write → read → write is stable",
            std::string(c.en) + ": " + written);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes = fuzz::as_text(data, size);
  std::string detected;
  auto text = csv::to_utf8(bytes, &detected);
  if (!text) return 0;
  require(is_valid_utf8(*text), "to_utf8 gives UTF-8");
  auto rows = csv::parse(*text);
  if (!rows) return 0;
  pieces_agree(*text, *rows);
  for (const auto& r : *rows) {
    // Formatting a row and parsing it gives the cells back (unescape undoes escape).
    auto back = csv::parse(csv::format_row(r.cells));
    require(back.ok(), "format_row parses");
    const bool blank = r.cells.size() == 1 && r.cells[0].empty();
    if (!blank) {
      require(back->size() == 1, "one formatted row is one row", csv::format_row(r.cells));
      std::vector<std::string> cells;
      for (const auto& c : back->front().cells) cells.push_back(csv::unescape_cell(c));
      require(cells == r.cells, "format_row → parse → unescape_cell gives the cells",
              csv::format_row(r.cells));
    }
    columns(station_client::listing_columns(), r.cells);
    columns(station_client::pickup_columns(), r.cells);
    columns(station_client::point_columns(), r.cells);
  }
  return 0;
}
