// kill -9 of the hub in the middle of a stream of batches: after a restart the database
// checks clean, every acknowledged batch is there, and no batch is half-applied.
#include <catch2/catch.hpp>

#include <atomic>
#include <thread>

#include <boost/json.hpp>

#include "cunzhan/shared/json_util.hpp"
#include "cunzhan/shared/sqlite.hpp"
#include "hub_fixture.hpp"
#include "hub_process.hpp"

using namespace cunzhan;
using namespace cunzhan::hub::testing;

TEST_CASE("kill -9 during a stream of batches loses nothing acknowledged", "[integration][hub][crash]") {
  hub_process h;
  constexpr int k_batches = 400;
  constexpr int k_ops = 50;
  std::vector<std::vector<std::string>> op_ids(k_batches);
  std::atomic<int> acked{0};
  std::vector<bool> was_acked(k_batches, false);

  std::thread pusher([&] {
    auto c = h.client();
    std::int64_t seq = 0;
    for (int b = 0; b < k_batches; ++b) {
      boost::json::array ops;
      for (int i = 0; i < k_ops; ++i) {
        auto op = listing_op(++seq, uuid_v4(), h.st_a.village_code);
        op_ids[b].emplace_back(op.at("op_id").as_string());
        ops.push_back(std::move(op));
      }
      auto res = c->request("POST", "/v1/sync/push", hub_process::auth(h.st_a.token),
                            boost::json::serialize(batch(std::move(ops))));
      if (!res || res->status != 200) break;  // the hub died under us
      was_acked[b] = true;
      acked.fetch_add(1);
    }
  });
  // Kill once a few batches went through (bounded wait).
  for (int i = 0; i < 3000 && acked.load() < 5; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  h.server->kill_now(9);
  pusher.join();
  REQUIRE(acked.load() >= 5);

  REQUIRE(hub_process::hub({"check", "--data", h.data}).exit_code == 0);
  h.start();  // restarts on the same data

  sql::open_options o;
  o.create = false;
  auto db = sql::database::open(h.data + "/hub.db", o);
  REQUIRE(db);
  auto st = (*db)->prepare("SELECT count(*) FROM op_log WHERE op_id = ?");
  REQUIRE(st);
  int complete = 0;
  for (int b = 0; b < k_batches; ++b) {
    int present = 0;
    for (const auto& id : op_ids[b]) {
      st->reset();
      st->bind(1, id);
      REQUIRE(*st->step());
      present += static_cast<int>(st->column_int(0));
    }
    INFO("batch " << b);
    if (was_acked[b]) CHECK(present == k_ops);
    CHECK((present == 0 || present == k_ops));  // never half-applied
    if (present == k_ops) ++complete;
  }
  CHECK(complete >= acked.load());
  auto listings = (*db)->prepare("SELECT count(*) FROM listing");
  REQUIRE(listings);
  REQUIRE(*listings->step());
  CHECK(listings->column_int(0) == static_cast<std::int64_t>(complete) * k_ops);
}
