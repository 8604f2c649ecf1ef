// When opening the station file needs the full PRAGMA quick_check.
//
// DECISION (kept on purpose, see README "Crash safety"): the full quick_check on open is
// skipped after a clean close. Checking every page on every command would break the
// target of one `station listing add` under 20 ms as soon as the file holds a season of
// records, and a clean close proves nothing was written half-way. Every command — write
// or read — still runs the full check after an unclean close (a crash, a kill, a power
// cut), after a reboot, when the database or its WAL changed outside this program, or
// when the last full check is a day old; `station check` forces it. Tests:
// tests/station/seal_test.cpp (each trigger), tests/station/kill_test.cpp (writes after kills).
//
// quick_check reads every page: it was most of the time of a `station listing add` and
// grows with the file (a year of records: most of a second per command). The check is
// there to refuse a damaged file before anything is written to it. Damage comes from
//  (1) a process dying mid-write, or a power cut on a disk that lies about flushing;
//  (2) something other than this program writing the file: a bad copy or restore, a
//      sync tool, an editor, a test;
//  (3) the disk decaying in place.
// So every clean close leaves a seal next to the file: the identity, size and times of
// the database and its WAL, the boot it was written in and when a full check last
// passed. The next open runs the full check unless the seal is there and still true:
//  - same boot: otherwise the machine went down since, perhaps by a power cut (1);
//  - database and WAL untouched since the seal (inode, size, mtime, ctime): otherwise
//    someone else wrote them (2);
//  - the last full check less than a day old: bounds how long (3) goes unnoticed.
// Opening consumes the seal before anything is written, so a process that dies (1)
// leaves none and the next open checks everything. Without the full check an open still
// makes the cheap checks (sql::database::open: header, page size, whole pages; SQLite:
// page count and schema), and a damaged page met later fails its transaction, which
// rolls back. Any doubt (no seal, unreadable, other format) means the full check.
// Stores of one process share the file: the first open decides, the last close seals.
// The seal is one small file rewritten in place, never created, renamed or removed after
// the first time: a directory change would turn SQLite's directory fsync at the first
// commit of each process into a journal commit, one more disk write per command. A
// checksum covers its content, so a torn or mixed write reads as no seal.
#include <cinttypes>
#include <cstdio>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>

#include "connection.hpp"
#include "cunzhan/platform/files.hpp"
#include "cunzhan/platform/path.hpp"
#include "cunzhan/platform/system.hpp"
#include "cunzhan/shared/time.hpp"

namespace cunzhan::station_client {
namespace {

constexpr std::string_view k_magic = "cunzhan-station-seal 2 ";
constexpr std::int64_t k_full_check_every_s = 24 * 3600;

struct open_files {
  int stores = 0;               // open stores on the file in this process
  std::int64_t last_check = 0;  // unix time of the last passing full check
};

std::mutex g_mu;
std::map<std::string, open_files>& registry() {
  static std::map<std::string, open_files> m;
  return m;
}

std::string file_line(const char* name, const std::string& path) {
  const auto id = platform::file_identity(platform::path_from_utf8(path));
  return std::string(name) + " " + id.value_or("-") + "\n";
}

// Everything the seal vouches for, as it is now. An unknown boot never matches.
std::string current_state(const std::string& db_file) {
  const std::string boot = platform::boot_id();
  return "boot " + (boot.empty() ? "unknown-" + std::to_string(platform::process_id()) : boot) + "\n" +
         file_line("db", db_file) + file_line("wal", db_file + "-wal");
}

std::string checksum(std::string_view body) {  // FNV-1a, 64 bits: against torn writes only
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : body) h = (h ^ c) * 0x100000001b3ULL;
  char out[17];
  std::snprintf(out, sizeof out, "%016" PRIx64, h);
  return out;
}

// The seal's text, or "" when it is missing or unreadable.
std::string read_small(const std::string& path) {
  std::ifstream in(platform::path_from_utf8(path), std::ios::binary);
  char buf[4096];
  in.read(buf, sizeof buf);
  return std::string(buf, static_cast<std::size_t>(in.gcount()));
}

// Rewrites the seal in place (never a new file: see the top), creating it the first time.
void write_in_place(const std::string& path, const std::string& text) {
  const auto p = platform::path_from_utf8(path);
  std::error_code ec;
  {
    std::fstream f(p, std::ios::in | std::ios::out | std::ios::binary);
    if (!f.is_open()) f.open(p, std::ios::out | std::ios::binary);
    if (!f.is_open()) return;
    f.seekp(0);
    f.write(text.data(), static_cast<std::streamsize>(text.size()));
    f.flush();
    if (!f) {
      f.close();
      std::filesystem::resize_file(p, 0, ec);
      return;
    }
  }
  std::filesystem::resize_file(p, text.size(), ec);
}

}  // namespace

store_seal::store_seal(std::string db_file, const clock_source& clock)
    : db_file_(std::move(db_file)), clock_(clock), seal_file_(db_file_ + "-seal") {}

store_seal::~store_seal() {
  if (!open_) return;
  std::lock_guard lock(g_mu);
  auto it = registry().find(db_file_);
  if (it == registry().end() || --it->second.stores > 0) return;
  const std::int64_t last_check = it->second.last_check;
  registry().erase(it);
  // Not synced: a seal lost to a power cut only costs a full check (a new boot does anyway).
  const std::string body = "checked " + std::to_string(last_check) + "\n" + current_state(db_file_);
  const std::string text = std::string(k_magic) + checksum(body) + "\n" + body;
  write_in_place(seal_file_, text);
}

bool store_seal::full_check_needed() {
  std::lock_guard lock(g_mu);
  if (auto it = registry().find(db_file_); it != registry().end() && it->second.stores > 0) {
    last_check_ = it->second.last_check;  // this process holds the file open, checked
    return false;
  }
  const std::string text = read_small(seal_file_);
  const std::size_t eol = text.find('\n');
  if (!text.starts_with(k_magic) || eol == std::string::npos ||
      text.substr(k_magic.size(), eol - k_magic.size()) != checksum(std::string_view(text).substr(eol + 1))) {
    return true;
  }
  std::istringstream seal(text.substr(eol + 1));
  std::string word;
  std::int64_t checked = 0;
  if (!(seal >> word >> checked) || word != "checked" || seal.get() != '\n') return true;
  std::string rest(std::istreambuf_iterator<char>(seal), {});
  const std::int64_t age = clock_.unix_seconds() - checked;
  if (rest != current_state(db_file_) || age < 0 || age >= k_full_check_every_s) return true;
  last_check_ = checked;
  return false;
}

void store_seal::opening() {
  // Before the first write: from here on only a clean close writes a new seal.
  std::lock_guard lock(g_mu);
  if (registry().count(db_file_) > 0) return;
  std::error_code ec;  // emptied, not removed: see the top of the file
  if (std::filesystem::exists(platform::path_from_utf8(seal_file_), ec))
    std::filesystem::resize_file(platform::path_from_utf8(seal_file_), 0, ec);
}

bool store_seal::sole_in_process() const {
  std::lock_guard lock(g_mu);
  auto it = registry().find(db_file_);
  return it != registry().end() && it->second.stores == 1;
}

void store_seal::opened(bool full_check_ran) {
  std::lock_guard lock(g_mu);
  open_files& f = registry()[db_file_];
  ++f.stores;
  if (full_check_ran)
    f.last_check = clock_.unix_seconds();
  else if (f.stores == 1)
    f.last_check = last_check_;
  open_ = true;
}

}  // namespace cunzhan::station_client
