// A fixed-size pool of PostgreSQL connections for one hub process. Connections open on
// first need; one found broken (server restarted, network cut) is dropped when returned
// and a new one opens next time, so a database restart costs a few 503s, not a hub restart.
#pragma once
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <vector>

#include "store/postgres/pg_conn.hpp"

namespace cunzhan::hub::pg {

struct pool_settings {
  settings conn;
  std::size_t size = 8;  // connections per hub process (the database's max_connections is shared)
  std::chrono::milliseconds acquire_wait{10000};  // then db_busy (503): the request is retried later
};

class pool {
 public:
  explicit pool(pool_settings s);
  pool(const pool&) = delete;

  // A borrowed connection, returned to the pool when dropped.
  class lease {
   public:
    lease(pool& p, std::unique_ptr<connection> c) : p_(&p), c_(std::move(c)) {}
    lease(lease&& o) noexcept = default;
    ~lease();
    connection& operator*() { return *c_; }
    connection* operator->() { return c_.get(); }

   private:
    pool* p_;
    std::unique_ptr<connection> c_;
  };

  result<lease> acquire();
  const pool_settings& config() const { return s_; }

 private:
  void give_back(std::unique_ptr<connection> c);

  pool_settings s_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<connection>> idle_;
  std::size_t open_ = 0;  // connections in existence (idle or leased)
};

}  // namespace cunzhan::hub::pg
