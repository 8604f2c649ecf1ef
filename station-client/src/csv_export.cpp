// CSV export: every record of a kind through the column tables, UTF-8 with BOM so Excel
// on Chinese Windows opens it correctly, cells escaped against formula injection.
#include "cunzhan/shared/csv.hpp"
#include "cunzhan/station/csv_io.hpp"
#include "input/csv_columns.hpp"

namespace cunzhan::station_client {
namespace {

template <class T>
result<std::size_t> write_all(const std::vector<csv_column<T>>& cols, std::ostream& out, lang headers,
                              const std::function<status(const std::function<bool(const T&)>&)>& each) {
  std::vector<std::string> cells;
  for (const auto& c : cols) cells.emplace_back(headers == lang::zh ? c.zh : c.en);
  out << csv::utf8_bom << csv::format_row(cells);
  std::size_t n = 0;
  auto s = each([&](const T& rec) {
    cells.clear();
    for (const auto& c : cols) cells.push_back(c.get(rec));
    out << csv::format_row(cells);
    ++n;
    return static_cast<bool>(out);
  });
  if (!s) return std::move(s).err();
  out.flush();
  if (!out) return error(errc::io_error, "could not write the CSV output", "无法写出 CSV 文件");
  return n;
}

}  // namespace

result<std::size_t> export_csv(store& s, record_kind kind, std::ostream& out, lang headers) {
  switch (kind) {
    case record_kind::listings:
      return write_all<listing>(listing_columns(), out, headers,
                                [&](const auto& fn) { return s.listings().for_each(fn); });
    case record_kind::pickups:
      return write_all<pickup>(pickup_columns(), out, headers,
                               [&](const auto& fn) { return s.pickups().for_each(fn); });
    case record_kind::points:
      return write_all<courier_point>(point_columns(), out, headers,
                                      [&](const auto& fn) { return s.points().for_each(fn); });
    case record_kind::villagers:
      return write_all<villager>(villager_columns(), out, headers,
                                 [&](const auto& fn) { return s.villagers().for_each(fn); });
  }
  return errc::invalid_argument;
}

}  // namespace cunzhan::station_client
