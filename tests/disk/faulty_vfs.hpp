// An SQLite VFS over the default one that fails chosen calls at a chosen moment, for
// faults libfiu cannot place (libfiu fails a kind of call, at random or always; some
// bugs need "the commit's sync fails, then the reopen fails" exactly in that order).
// Installed as the default VFS for the life of the object, so the store under test
// uses it without knowing; every connection must be closed before it goes.
#pragma once
#include <atomic>

namespace cunzhan::test::disk {

class faulty_vfs {
 public:
  faulty_vfs();
  ~faulty_vfs();
  faulty_vfs(const faulty_vfs&) = delete;
  // xSync of the WAL fails with SQLITE_IOERR_FSYNC (a failed fdatasync at COMMIT).
  static inline std::atomic<bool> fail_wal_sync{false};
  // Files opened from now on fail their shared-memory mapping with SQLITE_IOERR_SHMMAP
  // (what a failed write extending DB-shm does to the next open).
  void fail_shm_of_new_files();
  // The n-th xRead from now (1 = the next) fails once with SQLITE_IOERR_READ, as a
  // failed pread does, or, `malformed`, with SQLITE_CORRUPT, as SQLite sometimes
  // reports a page the disk failed to read; reads_seen() counts the reads since.
  void fail_read(int n, bool malformed = false);
  int reads_seen() const;
  void heal();  // no more faults
};

}  // namespace cunzhan::test::disk
