// `station status` warns, in Chinese and in English, when the last sync found this PC's
// clock more than five minutes off the hub's (the offset a sync stores), and stays quiet
// within five minutes.
#include <catch2/catch.hpp>

#include <sqlite3.h>

#include "station_fixture.hpp"

using namespace cunzhan::test;

namespace {

// What a sync run leaves behind: the hub's clock offset in the store's meta table.
void store_offset(const station_env& env, long long offset_s) {
  sqlite3* db = nullptr;
  const std::string path = env.data + "/station.db";
  REQUIRE(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) == SQLITE_OK);
  sqlite3_busy_timeout(db, 10000);
  const std::string sql = "INSERT INTO meta (key, value) VALUES ('sync.hub_clock_offset_s', '" +
                          std::to_string(offset_s) +
                          "') ON CONFLICT(key) DO UPDATE SET value = excluded.value";
  char* msg = nullptr;
  const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &msg);
  INFO((msg ? msg : ""));
  sqlite3_free(msg);
  sqlite3_close(db);
  REQUIRE(rc == SQLITE_OK);
}

}  // namespace

TEST_CASE("station status warns when the hub's clock is more than 5 minutes away", "[station][sync][clock]") {
  station_env env;
  for (long long offset : {301LL, -301LL, 3600LL}) {
    store_offset(env, offset);
    auto en = env.st({"--lang", "en", "status"});
    INFO(en.out << en.err);
    CHECK(en.exit_code == 0);
    CHECK(en.out.find("clock differs from the hub's by " + std::to_string(offset)) != std::string::npos);
    auto zh = env.st({"--lang", "zh", "status"});
    INFO(zh.out << zh.err);
    CHECK(zh.out.find("警告：本机时钟") != std::string::npos);
    CHECK(zh.out.find(std::to_string(offset) + " 秒") != std::string::npos);
    auto js = env.st({"--json", "status"});
    CHECK(js.out.find("\"clock_warning\":true") != std::string::npos);
  }
  for (long long offset : {0LL, 300LL, -300LL}) {
    store_offset(env, offset);
    auto en = env.st({"--lang", "en", "status"});
    CHECK(en.out.find("clock") == std::string::npos);
    auto zh = env.st({"--lang", "zh", "status"});
    CHECK(zh.out.find("时钟") == std::string::npos);
    CHECK(env.st({"--json", "status"}).out.find("\"clock_warning\":false") != std::string::npos);
  }
}
