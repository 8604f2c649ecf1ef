// The fault-placing VFS (see faulty_vfs.hpp): each file is the real one behind a small
// header that routes its methods through here.
#include "faulty_vfs.hpp"

#include <sqlite3.h>

#include <stdexcept>

namespace cunzhan::test::disk {
namespace {

sqlite3_vfs* g_real = nullptr;
sqlite3_vfs g_vfs{};
std::atomic<int> g_generation{0};       // bumped by every open
std::atomic<int> g_shm_fails_from{-1};  // files opened at this generation or later fail xShmMap
std::atomic<int> g_reads{0};            // xRead calls since fail_read()
std::atomic<int> g_read_fails_at{0};    // the one that fails (0: none)
std::atomic<int> g_read_error{SQLITE_IOERR_READ};

struct file {
  sqlite3_file base;
  int flags;
  int generation;
  sqlite3_file* real() { return reinterpret_cast<sqlite3_file*>(this + 1); }
};

file* of(sqlite3_file* f) { return reinterpret_cast<file*>(f); }
sqlite3_file* real(sqlite3_file* f) { return of(f)->real(); }

int x_close(sqlite3_file* f) { return real(f)->pMethods->xClose(real(f)); }
int x_read(sqlite3_file* f, void* b, int n, sqlite3_int64 o) {
  if (++g_reads == g_read_fails_at) return g_read_error;
  return real(f)->pMethods->xRead(real(f), b, n, o);
}
int x_write(sqlite3_file* f, const void* b, int n, sqlite3_int64 o) {
  return real(f)->pMethods->xWrite(real(f), b, n, o);
}
int x_truncate(sqlite3_file* f, sqlite3_int64 n) { return real(f)->pMethods->xTruncate(real(f), n); }
int x_sync(sqlite3_file* f, int flags) {
  if ((of(f)->flags & SQLITE_OPEN_WAL) != 0 && faulty_vfs::fail_wal_sync) return SQLITE_IOERR_FSYNC;
  return real(f)->pMethods->xSync(real(f), flags);
}
int x_file_size(sqlite3_file* f, sqlite3_int64* n) { return real(f)->pMethods->xFileSize(real(f), n); }
int x_lock(sqlite3_file* f, int l) { return real(f)->pMethods->xLock(real(f), l); }
int x_unlock(sqlite3_file* f, int l) { return real(f)->pMethods->xUnlock(real(f), l); }
int x_check_reserved(sqlite3_file* f, int* out) {
  return real(f)->pMethods->xCheckReservedLock(real(f), out);
}
int x_file_control(sqlite3_file* f, int op, void* arg) {
  return real(f)->pMethods->xFileControl(real(f), op, arg);
}
int x_sector_size(sqlite3_file* f) { return real(f)->pMethods->xSectorSize(real(f)); }
int x_device(sqlite3_file* f) { return real(f)->pMethods->xDeviceCharacteristics(real(f)); }
int x_shm_map(sqlite3_file* f, int page, int size, int extend, void volatile** p) {
  const int from = g_shm_fails_from;
  if (from >= 0 && of(f)->generation >= from) return SQLITE_IOERR_SHMMAP;
  return real(f)->pMethods->xShmMap(real(f), page, size, extend, p);
}
int x_shm_lock(sqlite3_file* f, int o, int n, int fl) {
  return real(f)->pMethods->xShmLock(real(f), o, n, fl);
}
void x_shm_barrier(sqlite3_file* f) { real(f)->pMethods->xShmBarrier(real(f)); }
int x_shm_unmap(sqlite3_file* f, int del) { return real(f)->pMethods->xShmUnmap(real(f), del); }
int x_fetch(sqlite3_file* f, sqlite3_int64 o, int n, void** p) {
  return real(f)->pMethods->xFetch(real(f), o, n, p);
}
int x_unfetch(sqlite3_file* f, sqlite3_int64 o, void* p) {
  return real(f)->pMethods->xUnfetch(real(f), o, p);
}

const sqlite3_io_methods k_methods = {
    3,          x_close,       x_read,           x_write,        x_truncate,    x_sync,   x_file_size,
    x_lock,     x_unlock,      x_check_reserved, x_file_control, x_sector_size, x_device, x_shm_map,
    x_shm_lock, x_shm_barrier, x_shm_unmap,      x_fetch,        x_unfetch};

int x_open(sqlite3_vfs*, sqlite3_filename name, sqlite3_file* f, int flags, int* out_flags) {
  file* w = of(f);
  w->base.pMethods = nullptr;
  w->flags = flags;
  w->generation = g_generation++;
  const int rc = g_real->xOpen(g_real, name, w->real(), flags, out_flags);
  if (w->real()->pMethods != nullptr) w->base.pMethods = &k_methods;
  return rc;
}

}  // namespace

faulty_vfs::faulty_vfs() {
  g_real = sqlite3_vfs_find(nullptr);
  if (g_real == nullptr || g_real->iVersion < 1) throw std::runtime_error("no default SQLite VFS");
  g_vfs = *g_real;  // the real methods (they use pAppData, which is copied too)
  g_vfs.zName = "cunzhan-faulty";
  g_vfs.pNext = nullptr;
  g_vfs.szOsFile = static_cast<int>(sizeof(file)) + g_real->szOsFile;
  g_vfs.xOpen = x_open;
  heal();
  sqlite3_vfs_register(&g_vfs, 1);
}

faulty_vfs::~faulty_vfs() {
  heal();
  sqlite3_vfs_register(g_real, 1);
  sqlite3_vfs_unregister(&g_vfs);
}

void faulty_vfs::fail_shm_of_new_files() { g_shm_fails_from = g_generation.load(); }

void faulty_vfs::fail_read(int n, bool malformed) {
  g_read_error = malformed ? SQLITE_CORRUPT : SQLITE_IOERR_READ;
  g_reads = 0;
  g_read_fails_at = n;
}

int faulty_vfs::reads_seen() const { return g_reads; }

void faulty_vfs::heal() {
  fail_wal_sync = false;
  g_shm_fails_from = -1;
  g_read_fails_at = 0;
}

}  // namespace cunzhan::test::disk
