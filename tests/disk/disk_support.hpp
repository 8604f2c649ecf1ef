// Disk faults for the real programs: Debian's libfiu (`fiu-run -x`, the POSIX preload:
// EIO/ENOSPC from pwrite, fdatasync, pread, open, ftruncate, read) and a small tmpfs
// that really fills up, plus the invariants every faulted command is judged by once the
// disk is healthy again (see README "When the disk is full or failing").
#pragma once
#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "cunzhan/station/store.hpp"
#include "test_support.hpp"

namespace cunzhan::test::disk {

// argv prefix running a program under libfiu with the given control commands, e.g.
// {"enable name=posix/io/sync/fdatasync,failinfo=5"}. No control fifo is left behind.
std::vector<std::string> fiu(const std::vector<std::string>& commands);
std::vector<std::string> with_fiu(const std::vector<std::string>& commands, std::vector<std::string> argv);

// A tmpfs of `bytes` mounted on `dir` for the test (root only); unmounted on scope exit.
// mounted() is false where the machine does not allow it: the caller then says so.
class small_fs {
 public:
  small_fs(const fs::path& dir, std::uint64_t bytes);
  ~small_fs();
  small_fs(const small_fs&) = delete;
  bool mounted() const { return mounted_; }
  const std::string& why_not() const { return why_not_; }
  // Fills the file system up to `leave` free bytes with DIR/filler; free() removes it.
  void fill(std::uint64_t leave = 0);
  void free_space();
  void remount(bool read_only);

 private:
  fs::path dir_;
  bool mounted_ = false;
  std::string why_not_;
};

// How a faulted command's answer compares with what is in the file afterwards.
enum class verdict { ok, clean_error, misleading, data_failure };
const char* name(verdict v);

// What a station command claimed about the record(s) it was asked to save.
enum class claim { saved, not_saved, is_there_unconfirmed, may_be_saved, none };
claim claim_of(const run_result& r);

// The judgement of one command that was asked to store `expected` records and of which
// `found` are in the file afterwards (0..expected), given what it said.
verdict judge_write(const run_result& r, std::int64_t expected, std::int64_t found, std::string& why);

// Words that must never appear unless the file really is damaged or the lock really held.
bool says_corrupt(const run_result& r);

// A listings CSV of n rows named "<prefix>-<i>", about 150 bytes a row (24,000 rows pass
// the import's 1 MiB read chunk three times).
std::string csv_rows(int n, const std::string& prefix);

// An enrolment for the stations of these tests (its hub is unreachable: nothing syncs).
extern const char* const k_enrolment_json;
// A store at `data`, created and enrolled with it, opened in this process.
std::unique_ptr<station_client::store> enrolled_store(const fs::path& data);

// The per-trial seed generator: CUNZHAN_DISK_SEED (default 20) and the trial number.
std::uint64_t base_seed();
int trial_count(int ci_default);

}  // namespace cunzhan::test::disk
