// Session ids and CSRF tokens (see session.hpp).
#include "session.hpp"

#include <fstream>
#include <sstream>

#include "cunzhan/platform/files.hpp"
#include "cunzhan/shared/text.hpp"
#include "cunzhan/shared/uuid.hpp"

namespace cunzhan::station_client::web {
namespace {

constexpr std::size_t k_secret_bytes = 32;

}  // namespace

result<session_keys> session_keys::load(const std::filesystem::path& data_dir) {
  const std::filesystem::path file = data_dir / "web.secret";
  session_keys k;
  {
    std::ifstream in(file, std::ios::binary);
    std::stringstream ss;
    if (in) ss << in.rdbuf();
    k.secret_ = ss.str();
  }
  if (k.secret_.size() == k_secret_bytes) return k;
  k.secret_ = random_bytes(k_secret_bytes);
  // Owner-only and on the disk before use; a torn or short file is simply replaced on
  // the next start.
  if (auto s = platform::write_file_synced(file, k.secret_); !s) return std::move(s).err();
  return k;
}

std::string session_keys::new_session_id() { return to_hex(random_bytes(32)); }

bool session_keys::well_formed(std::string_view id) {
  if (id.size() != 64) return false;
  for (char ch : id) {
    if (!((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f'))) return false;
  }
  return true;
}

std::string session_keys::csrf_token(std::string_view session_id) const {
  // Fixed-length secret first: the token cannot be computed without it.
  return to_hex(sha256(secret_ + std::string(session_id)));
}

bool session_keys::check(std::string_view session_id, std::string_view token) const {
  if (!well_formed(session_id)) return false;
  return constant_time_equal(csrf_token(session_id), token);
}

}  // namespace cunzhan::station_client::web
