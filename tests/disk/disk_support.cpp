// Disk-fault helpers (see disk_support.hpp).
#include "disk_support.hpp"

#include <sys/mount.h>
#include <sys/statvfs.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

#include "cunzhan/shared/enrolment.hpp"

namespace cunzhan::test::disk {

std::vector<std::string> fiu(const std::vector<std::string>& commands) {
  // test::run does not search PATH.
  std::vector<std::string> a{"/usr/bin/fiu-run", "-x", "-f", ""};
  for (const auto& c : commands) {
    a.push_back("-c");
    a.push_back(c);
  }
  return a;
}

std::vector<std::string> with_fiu(const std::vector<std::string>& commands, std::vector<std::string> argv) {
  auto a = fiu(commands);
  a.insert(a.end(), argv.begin(), argv.end());
  return a;
}

small_fs::small_fs(const fs::path& dir, std::uint64_t bytes) : dir_(dir) {
  fs::create_directories(dir_);
  const std::string opts = "size=" + std::to_string(bytes) + ",mode=0700";
  if (::mount("tmpfs", dir_.c_str(), "tmpfs", 0, opts.c_str()) == 0) {
    mounted_ = true;
  } else {
    why_not_ = std::string("mount tmpfs on ") + dir_.string() + ": " + std::strerror(errno);
  }
}

small_fs::~small_fs() {
  if (mounted_) ::umount2(dir_.c_str(), MNT_DETACH);
}

void small_fs::fill(std::uint64_t leave) {
  struct statvfs v {};
  if (::statvfs(dir_.c_str(), &v) != 0) return;
  const std::uint64_t avail = static_cast<std::uint64_t>(v.f_bavail) * v.f_frsize;
  if (avail <= leave) return;
  std::ofstream f(dir_ / "filler", std::ios::binary | std::ios::app);
  const std::string block(4096, 'x');
  for (std::uint64_t n = 0; n + block.size() <= avail - leave; n += block.size())
    f.write(block.data(), block.size());
  f.close();
}

void small_fs::free_space() {
  std::error_code ec;
  fs::remove(dir_ / "filler", ec);
}

void small_fs::remount(bool read_only) {
  if (!mounted_) return;
  ::mount("tmpfs", dir_.c_str(), "tmpfs", MS_REMOUNT | (read_only ? MS_RDONLY : 0), nullptr);
}

const char* name(verdict v) {
  switch (v) {
    case verdict::ok: return "ok";
    case verdict::clean_error: return "clean error";
    case verdict::misleading: return "misleading";
    case verdict::data_failure: return "data failure";
  }
  return "?";
}

namespace {
bool has(const std::string& s, const char* w) { return s.find(w) != std::string::npos; }
}  // namespace

claim claim_of(const run_result& r) {
  const std::string& e = r.err;
  if (r.exit_code == 0) return claim::saved;
  if (has(e, "is in the station database, but the disk could not confirm"))
    return claim::is_there_unconfirmed;
  if (has(e, "May have been saved") || has(e, "may have been saved") || has(e, "could not be read again"))
    return claim::may_be_saved;
  if (has(e, "NOT saved") || has(e, "nothing was imported") || has(e, "NOTHING was imported"))
    return claim::not_saved;
  return claim::none;
}

verdict judge_write(const run_result& r, std::int64_t expected, std::int64_t found, std::string& why) {
  if (r.signal != 0 || r.exit_code == 127) {
    why =
        r.signal != 0 ? "killed by signal " + std::to_string(r.signal) : "the program did not run (exit 127)";
    return verdict::data_failure;
  }
  if (found != 0 && found != expected) {
    why = "partial: " + std::to_string(found) + " of " + std::to_string(expected) + " stored";
    return verdict::data_failure;
  }
  switch (claim_of(r)) {
    case claim::saved:
      if (found == expected) return verdict::ok;
      why = "exit 0 but not stored";
      return verdict::data_failure;
    case claim::is_there_unconfirmed:
      if (found == expected) return verdict::clean_error;
      why = "said it is in the database, but it is not";
      return verdict::misleading;
    case claim::may_be_saved: return verdict::clean_error;
    case claim::not_saved:
      if (found == 0) return verdict::clean_error;
      why = "said not saved, but it is stored (a ghost)";
      return verdict::misleading;
    case claim::none:
      if (found == 0) return verdict::clean_error;
      why = "failed (exit " + std::to_string(r.exit_code) +
            ") without saying it may be saved, yet it is stored (a ghost)";
      return verdict::misleading;
  }
  return verdict::misleading;
}

bool says_corrupt(const run_result& r) {
  const std::string all = r.out + r.err;
  return has(all, "corrupt") || has(all, "malformed") || has(all, "not a database") ||
         has(all, "quick_check failed") || has(all, "已损坏");
}

std::string csv_rows(int n, const std::string& prefix) {
  std::ostringstream csv;
  csv << "product_name,category,quantity,unit,price_yuan,farmer_name,farmer_phone,status,note\n";
  for (int i = 0; i < n; ++i) {
    csv << prefix << "-" << i << ",fruit," << (10 + i % 90) << ",斤,1.50,农户" << i % 50 << ",138"
        << (10000000 + i) << ",listed,第" << i << "行：一段足够长的备注，让文件超过一个读取块的大小\n";
  }
  return csv.str();
}

const char* const k_enrolment_json =
    R"({"format": "cunzhan-enrolment/1", "hub_url": "https://127.0.0.1:9", "server_name": "hub.test",
  "ca_pem": "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n",
  "station_id": "0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b", "station_name": "方家坝村服务站",
  "village_code": "500153001200", "kind": "village", "token": "secret-token-for-tests"})";

std::unique_ptr<station_client::store> enrolled_store(const fs::path& data) {
  auto s = station_client::store::open(data);
  if (!s) throw std::runtime_error("store open: " + s.err().describe(lang::en));
  auto e = parse_enrolment(k_enrolment_json);
  if (!e) throw std::runtime_error("enrolment: " + e.err().describe(lang::en));
  if (auto i = (*s)->meta().init(*e, false); !i)
    throw std::runtime_error("init: " + i.err().describe(lang::en));
  return std::move(*s);
}

std::uint64_t base_seed() {
  const char* s = std::getenv("CUNZHAN_DISK_SEED");
  return s && *s ? std::strtoull(s, nullptr, 10) : 20;
}

int trial_count(int ci_default) {
  const char* s = std::getenv("CUNZHAN_DISK_TRIALS");
  return s && *s ? std::atoi(s) : ci_default;
}

}  // namespace cunzhan::test::disk
