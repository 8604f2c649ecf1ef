// CSV import into the store and export out of it, for officers who keep records in Excel.
// Import accepts UTF-8 (with or without BOM) and GB18030/GBK, Chinese or English headers;
// it checks every row and, if any is bad, imports nothing unless skip_bad is set.
#pragma once
#include <cstddef>
#include <filesystem>
#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>

#include "cunzhan/shared/result.hpp"
#include "cunzhan/station/store.hpp"

namespace cunzhan::station_client {

enum class record_kind { listings, pickups, points, villagers };
std::optional<record_kind> parse_record_kind(std::string_view s);

struct row_problem {
  std::size_t line = 0;  // line of the row in the file (1 is the header)
  field_error field;
};

struct import_options {
  // Import the good rows and write the bad ones to <file>.rejects.csv (cells + reason).
  bool skip_bad = false;
};

struct import_report {
  std::size_t rows = 0;      // data rows read
  std::size_t imported = 0;  // rows written (0 when a bad row stopped the import)
  std::size_t bad_rows = 0;
  std::string encoding;                // "utf-8", "utf-8-bom" or "gb18030"
  std::filesystem::path rejects_file;  // set when rejects were written
};

// Reads the file in chunks (memory stays flat for large files) and writes all good rows
// in one transaction. on_problem sees every problem as it is found.
// Errors: io_error, csv_invalid (unreadable layout, unknown header), encoding_unsupported,
// and storage errors; bad rows are not errors, they are in the report.
result<import_report> import_csv(store& s, record_kind kind, const std::filesystem::path& file,
                                 const import_options& o,
                                 const std::function<void(const row_problem&)>& on_problem);

// Writes every record: UTF-8 with BOM, headers in the given language, cells escaped
// against formula injection. Returns the number of records written.
result<std::size_t> export_csv(store& s, record_kind kind, std::ostream& out, lang headers);

}  // namespace cunzhan::station_client
