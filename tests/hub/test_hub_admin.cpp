// Admin commands against a serving hub: an online backup while pushes land, a revoked
// staff token answered with 401, and an enrolment for a code that is not a village
// refused with exit 2 and nothing written.
#include <catch2/catch.hpp>

#include <atomic>
#include <filesystem>
#include <regex>
#include <thread>

#include <boost/json.hpp>

#include "cunzhan/shared/sqlite.hpp"
#include "cunzhan/shared/uuid.hpp"
#include "hub_fixture.hpp"
#include "hub_process.hpp"

using namespace cunzhan;
using namespace cunzhan::hub::testing;

namespace {

// The first column of the first row, from a read-only connection of its own.
std::string text_in(const std::string& db_file, const std::string& sql) {
  sql::open_options o;
  o.create = false;
  o.read_only = true;
  o.check_integrity = false;
  auto db = sql::database::open(db_file, o);
  REQUIRE(db);
  auto st = (*db)->prepare(sql);
  REQUIRE(st);
  REQUIRE(*st->step());
  return st->column_text(0);
}

long long count_in(const std::string& db_file, const std::string& sql) {
  return std::stoll(text_in(db_file, sql));
}

}  // namespace

TEST_CASE("hub backup while pushes land is consistent", "[hub][admin]") {
  hub_process h;
  std::atomic<bool> stop{false};
  std::atomic<long long> acked{0};
  std::atomic<bool> pusher_failed{false};
  std::string failure;  // written by the pusher before pusher_failed
  std::thread pusher([&] {
    auto c = h.client();
    for (std::int64_t seq = 1; !stop && seq < 100'000; seq += 50) {
      boost::json::array ops;
      for (int i = 0; i < 50; ++i) ops.push_back(listing_op(seq + i, uuid_v4(), h.st_a.village_code));
      auto r = c->request("POST", "/v1/sync/push", hub_process::auth(h.st_a.token),
                          boost::json::serialize(batch(std::move(ops))));
      if (!r || r->status != 200) {
        failure = r ? "status " + std::to_string(r->status) + " " + r->body : r.err().describe(lang::en);
        pusher_failed = true;
        return;
      }
      acked = seq + 49;
    }
  });
  while (acked < 200 && !pusher_failed) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  if (pusher_failed) {
    pusher.join();
    FAIL("a push before the backup failed: " << failure);
  }
  const long long before = acked;
  const auto file = (h.dir.path() / "backup.db").string();
  auto r = hub_process::hub({"backup", "--data", h.data, "--to", file});
  const long long after_start = acked;
  stop = true;
  pusher.join();
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(text_in(file, "PRAGMA integrity_check") == "ok");
  const auto rows = count_in(file, "SELECT count(*) FROM listing");
  // Every batch acknowledged before the backup began is in it; whole batches only.
  CHECK(rows >= before);
  CHECK(rows <= after_start + 50);
  CHECK(rows % 50 == 0);
  CHECK(count_in(file, "SELECT count(*) FROM op_log") == rows);
  const auto check = hub_process::hub({"check", "--data", h.data});
  INFO("hub check: " << check.out << check.err);
  CHECK(check.exit_code == 0);
}

TEST_CASE("hub staff revoke: that token gets 401 at once", "[hub][admin]") {
  hub_process h;
  const auto out =
      hub_process::must({"staff", "add", "--data", h.data, "--name", "李干事", "--county", "510824"});
  std::smatch id, tok;
  REQUIRE(std::regex_search(out, id, std::regex("staff_id=([0-9a-f-]+)")));
  REQUIRE(std::regex_search(out, tok, std::regex("token=(sf_[0-9a-f_]+)")));
  auto c = h.client();
  const net::header_list auth{{"authorization", "Bearer " + tok[1].str()}};
  auto ok = c->request("GET", "/metrics", auth, "");
  REQUIRE(ok);
  CHECK(ok->status == 200);
  hub_process::must({"staff", "revoke", "--data", h.data, id[1].str()});
  auto refused = c->request("GET", "/metrics", auth, "");
  REQUIRE(refused);
  CHECK(refused->status == 401);
  // The other staff token is untouched.
  auto other = c->request("GET", "/metrics", {{"authorization", "Bearer " + h.staff_token}}, "");
  REQUIRE(other);
  CHECK(other->status == 200);
}

TEST_CASE("hub enroll refuses a code that is not a village, writing nothing", "[hub][admin]") {
  hub_process h;
  const auto db = h.data + "/hub.db";
  const auto stations = count_in(db, "SELECT count(*) FROM station");
  // A township's own code, an unknown village, and a county.
  for (const char* code : {"510824100000", "510824100999", "510824000000"}) {
    INFO(code);
    const auto file = (h.dir.path() / (std::string(code) + ".json")).string();
    auto r = hub_process::hub({"enroll", "--data", h.data, "--village", code, "--name", "假站", "--hub-url",
                               "https://127.0.0.1:" + std::to_string(h.port), "--ca", h.certs + "/ca.pem",
                               "--out", file});
    INFO(r.out << r.err);
    CHECK(r.exit_code == 2);
    CHECK_FALSE(std::filesystem::exists(file));
    CHECK(r.err.find("token=") == std::string::npos);
  }
  CHECK(count_in(db, "SELECT count(*) FROM station") == stations);
}
