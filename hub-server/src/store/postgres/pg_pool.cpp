#include "store/postgres/pg_pool.hpp"

namespace cunzhan::hub::pg {

pool::pool(pool_settings s) : s_(std::move(s)) {
  if (s_.size == 0) s_.size = 1;
}

pool::lease::~lease() {
  if (p_ && c_) p_->give_back(std::move(c_));
}

result<pool::lease> pool::acquire() {
  std::unique_lock lk(mu_);
  const bool got = cv_.wait_for(lk, s_.acquire_wait, [this] { return !idle_.empty() || open_ < s_.size; });
  if (!got) return error(errc::db_busy, "every database connection is in use", "数据库连接已全部占用");
  if (!idle_.empty()) {
    auto c = std::move(idle_.back());
    idle_.pop_back();
    return lease(*this, std::move(c));
  }
  ++open_;  // reserve the slot, connect without holding the lock
  lk.unlock();
  auto c = connection::open(s_.conn);
  if (!c) {
    lk.lock();
    --open_;
    cv_.notify_one();
    return std::move(c).err();
  }
  return lease(*this, std::move(*c));
}

void pool::give_back(std::unique_ptr<connection> c) {
  std::lock_guard lk(mu_);
  if (c->broken()) {
    --open_;  // closed here; the next acquire opens a fresh one
    c.reset();
  } else {
    idle_.push_back(std::move(c));
  }
  cv_.notify_one();
}

}  // namespace cunzhan::hub::pg
