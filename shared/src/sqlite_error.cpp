// SQLite result codes as the project's errors: a damaged file, a failing disk, a full
// disk (with where and how much is free) and the rest, each with SQLite's own words.
#include <sqlite3.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <optional>

#include "cunzhan/platform/path.hpp"
#include "cunzhan/shared/sqlite.hpp"

namespace cunzhan::sql {
namespace {

// The OS's reason for the last failed file operation of this connection ("" when none).
std::string os_error(sqlite3* db) {
  const int e = db ? sqlite3_system_errno(db) : 0;
  return e == 0 ? std::string() : std::string(std::strerror(e)) + " (errno " + std::to_string(e) + ")";
}

std::string human_bytes(unsigned long long b) {
  const char* unit[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  double v = static_cast<double>(b);
  int i = 0;
  for (; v >= 1024 && i < 4; ++i) v /= 1024;
  char out[32];
  std::snprintf(out, sizeof out, i == 0 ? "%.0f %s" : "%.1f %s", v, unit[i]);
  return out;
}

// The directory of the connection's file and its free space, when they can be read.
struct place {
  std::string dir = "the data directory";
  std::optional<std::filesystem::space_info> space;
  // "/data/dir (free: 12.0 KiB of 2.0 MiB)"
  std::string text() const {
    if (!space) return dir;
    return dir + " (free: " + human_bytes(space->available) + " of " + human_bytes(space->capacity) + ")";
  }
};

place where(sqlite3* db) {
  place p;
  const char* f = db ? sqlite3_db_filename(db, "main") : nullptr;
  if (f == nullptr || *f == '\0') return p;
  const std::filesystem::path file = platform::path_from_utf8(f);
  p.dir = platform::utf8(file.parent_path());
  // std::filesystem::space is statvfs on POSIX and GetDiskFreeSpaceExW on Windows.
  std::error_code ec;
  const auto v = std::filesystem::space(file.parent_path(), ec);
  if (!ec) p.space = v;
  return p;
}

// A write, sync or truncate the disk refused while it has next to no room left is a full
// disk, whatever errno says: a failed fdatasync's ENOSPC is often gone (SQLite reads
// errno after its own clean-up) or arrives as EIO, and "disk I/O error" would send the
// officer to have a healthy disk checked instead of freeing space.
constexpr std::uintmax_t k_nearly_full_bytes = 2u << 20;

bool is_write_side(int rc) {
  switch (rc) {
    case SQLITE_IOERR_WRITE:
    case SQLITE_IOERR_FSYNC:
    case SQLITE_IOERR_DIR_FSYNC:
    case SQLITE_IOERR_TRUNCATE:
    case SQLITE_IOERR_SHMSIZE:
    case SQLITE_IOERR_SHMMAP:
    case SQLITE_IOERR: return true;
    default: return false;
  }
}

// sqlite3_system_errno is errno on POSIX and GetLastError() on Windows.
bool os_says_disk_full(int sys) {
#ifdef _WIN32
  return sys == 112 /* ERROR_DISK_FULL */ || sys == 39 /* ERROR_HANDLE_DISK_FULL */;
#else
  return sys == ENOSPC || sys == EDQUOT;
#endif
}

bool is_corruption(int rc) {
  const int primary = rc & 0xff;
  return primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB;
}

}  // namespace

error sqlite_error(sqlite3* db, int rc) {
  const int primary = rc & 0xff;
  errc code = errc::db_error;
  if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) code = errc::db_busy;
  if (is_corruption(rc)) code = errc::db_corrupt;
  std::string text = sqlite3_errstr(rc);
  if (db != nullptr && sqlite3_errcode(db) == rc) text += std::string(": ") + sqlite3_errmsg(db);
  if (primary == SQLITE_IOERR || primary == SQLITE_FULL) {
    // A failing or full disk, not a damaged file: say which, with the OS's own words.
    // (Not for CANTOPEN: SQLite tries several opens, and the errno left is often another's.)
    const int sys = db ? sqlite3_system_errno(db) : 0;
    if (const std::string os = os_error(db); !os.empty()) text += " — " + os;
    const place at = where(db);
    const bool nearly_full = at.space && at.space->available < k_nearly_full_bytes && is_write_side(rc);
    if (primary == SQLITE_FULL || os_says_disk_full(sys) || nearly_full) {
      const std::string where = at.text();
      text += " [code " + std::to_string(rc) + "]";
      return error(errc::disk_full, "no space left on the disk of " + where + " (sqlite: " + text + ")",
                   "硬盘空间不足：" + where + "（SQLite：" + text + "）");
    }
    if (primary == SQLITE_IOERR) code = errc::db_io_error;
  }
  if (code != errc::db_busy) text += " [code " + std::to_string(rc) + "]";  // for logs: which SQLite error
  return error(code, "sqlite: " + text, "SQLite 错误：" + text);
}

int sqlite_code_of(const error& e) {
  const auto at = e.detail_en.rfind("[code ");
  return at == std::string::npos ? 0 : std::atoi(e.detail_en.c_str() + at + 6);
}

}  // namespace cunzhan::sql
