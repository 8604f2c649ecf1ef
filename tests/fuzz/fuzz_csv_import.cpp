// CSV import into a real station store (SQLite file), the kind and --skip-bad chosen by
// the first byte, the file (UTF-8 or GBK) the rest. Invariants: after any import the
// store is readable (every record decodes and exports); what was imported exports and
// imports back to the same export (the CSV round trip officers rely on).
#include <fstream>
#include <sstream>

#include "cunzhan/shared/sqlite.hpp"
#include "cunzhan/station/csv_io.hpp"
#include "cunzhan/station/store.hpp"
#include "fuzz_support.hpp"

using namespace cunzhan;
using namespace cunzhan::station_client;
using fuzz::require;

namespace {

std::string export_of(store& s, record_kind kind) {
  std::ostringstream out;
  auto n = export_csv(s, kind, out, lang::zh);
  require(n.ok() && s.damaged().empty(), "export after an import", n.ok() ? "" : n.err().describe(lang::en));
  return out.str();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  static const auto dir = fuzz::enrolled_station_dir();
  static const auto file = dir.parent_path() / "in.csv";
  static const auto again = dir.parent_path() / "again.csv";
  static std::size_t records = 0;
  const record_kind kind = static_cast<record_kind>(data[0] % 4);  // listings … villagers
  import_options o;
  o.skip_bad = (data[0] & 0x80) != 0;
  std::ofstream(file, std::ios::binary | std::ios::trunc)
      .write(reinterpret_cast<const char*>(data + 1), static_cast<std::streamsize>(size - 1));
  auto s = store::open(dir);
  require(s.ok(), "the store opens");
  if (records > 400) {
    // Keep each run's store small, so the checks stay fast: start again from empty
    // (through a connection of our own while the store is open, so its seal covers it).
    sql::open_options so;
    so.create = false;
    so.check_integrity = false;
    if (auto db = sql::database::open((*s)->file_path(), so)) {
      for (const char* table : {"listing", "pickup", "courier_point", "villager", "outbox"}) {
        (void)(*db)->exec(std::string("DELETE FROM ") + table);
      }
    }
    records = 0;
  }
  auto r = import_csv(**s, kind, file, o, [](const row_problem&) {});
  if (!r || r->imported == 0) return 0;
  records += r->imported;
  // Export → import of the export → export: the same file.
  const std::string first = export_of(**s, kind);
  std::ofstream(again, std::ios::binary | std::ios::trunc) << first;
  auto back = import_csv(**s, kind, again, {}, [](const row_problem&) {});
  require(back.ok() && back->bad_rows == 0, "an export imports back without a bad row",
          back.ok() ? first : back.err().describe(lang::en));
  require(export_of(**s, kind) == first, "export → import → export gives the same file", first);
  s->reset();
  fuzz::require_station_readable(dir);
  return 0;
}
