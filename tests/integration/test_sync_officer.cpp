// What the officer and a nightly job read after a sync: the Chinese messages keep the
// technical detail and tell "hub not reachable" from "hub busy" (and "line cut", see
// tests/station/sync_unit_test.cpp); the counts tell attempts from batches sent and
// batches acknowledged; `station --lang zh status` shows the last run in Chinese; a run
// that never reached the hub leaves nothing "sent, unconfirmed"; `--nightly --json`
// prints one JSON document and still logs its line.
#include <catch2/catch.hpp>

#include <algorithm>

#include "fixture.hpp"

using namespace cunzhan::test;
using namespace cunzhan::test::integration;

namespace {

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::string error_text(const sync_result& s, const char* key) {
  const auto* e = s.json.if_contains("error");
  if (!e || !e->is_object()) return {};
  const auto* m = e->as_object().if_contains(key);
  return m && m->is_string() ? std::string(m->as_string()) : std::string();
}

}  // namespace

TEST_CASE(
    "a hub that cannot be reached: said so in Chinese with the detail, counted apart, nothing left sent",
    "[integration][sync][officer]") {
  hub_fixture hub;
  station_fixture st(hub, k_village_a, "大成村服务站");
  st.import_listings(5, "不通");
  hub.stop();

  auto zh = st.st({"--lang", "zh", "sync", "--deadline", "3"});
  INFO(zh.out << zh.err);
  CHECK(zh.exit_code == 75);
  CHECK(has(zh.out, "连不上区县中心"));
  CHECK(has(zh.out, "connect: Connection refused"));  // the technical detail, kept
  CHECK(!has(zh.out, "网络错误：网络错误"));
  CHECK(has(zh.out, "发出批次 0，确认批次 0"));

  auto s = st.sync({"--deadline", "3"});
  INFO(s.run.out << s.run.err);
  CHECK(s.run.exit_code == 75);
  CHECK(s.num("attempts") >= 2);  // it tried, and tried again...
  CHECK(s.num("retries") >= s.num("attempts") - 1);
  CHECK(s.num("batches") == 0);  // ...but no batch ever went out
  CHECK(s.num("batches_sent") == 0);
  CHECK(s.num("batches_acked") == 0);
  CHECK(s.num("bytes_sent") == 0);
  CHECK(has(error_text(s, "message"), "hub not reachable"));
  CHECK(has(error_text(s, "message_zh"), "连不上区县中心"));
  // Nothing reached any hub: nothing is "sent, unconfirmed".
  CHECK(query_int(st.db(), "SELECT count(*) FROM outbox WHERE state = 'in_flight'") == 0);
  CHECK(query_int(st.db(), "SELECT count(*) FROM outbox WHERE state = 'pending'") == 5);

  // The last run's summary, in the officer's language.
  auto status_zh = st.st({"--lang", "zh", "status"});
  INFO(status_zh.out);
  CHECK(has(status_zh.out, "已发送未确认：0"));
  CHECK(has(status_zh.out, "同步未完成（稍后重试）"));
  CHECK(has(status_zh.out, "连不上区县中心"));
  CHECK(!has(status_zh.out, "sync incomplete"));
  auto status_en = st.st({"--lang", "en", "status"});
  CHECK(has(status_en.out, "sync incomplete (will retry)"));
  CHECK(has(status_en.out, "hub not reachable"));
  auto status_json = st.st({"--json", "status"});
  CHECK(has(status_json.out, "\"message_zh\":\"同步未完成"));

  hub.start();
  auto ok = st.sync({"--deadline", "60"});
  INFO(ok.run.out << ok.run.err);
  CHECK(ok.run.exit_code == 0);
  CHECK(ok.num("batches") >= 1);
  CHECK(ok.num("batches_acked") == ok.num("batches"));
  CHECK(ok.num("attempts") == ok.num("batches"));
  CHECK(ok.num("retries") == 0);
  auto done = st.st({"--lang", "zh", "status"});
  CHECK(has(done.out, "同步完成：新增 5"));
  CHECK(require_exactly_once(hub, st) == 5u);
}

TEST_CASE("nightly with --json: one JSON document on stdout, the line in the log",
          "[integration][sync][officer][nightly]") {
  hub_fixture hub;
  station_fixture st(hub, k_village_a, "大成村服务站");
  st.import_listings(4, "夜里");
  auto r = st.st({"sync", "--nightly", "--json", "--deadline", "60"});
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);
  const auto doc = boost::json::parse(r.out);  // throws (fails) unless exactly one document
  REQUIRE(doc.is_object());
  CHECK(doc.at("outcome").as_string() == "complete");
  CHECK(doc.at("exit_code").to_number<int>() == 0);
  CHECK(doc.at("applied").to_number<int>() == 4);
  CHECK(r.err.empty());
  const std::string log = read_file(st.data() / "sync.log");
  CHECK(std::count(log.begin(), log.end(), '\n') == 1);
  CHECK(has(log, "exit=0 sync complete: applied 4"));

  // A night the hub is down: the document says so, and the log has its second line.
  hub.stop();
  st.import_listings(1, "夜里再");
  auto down = st.st({"sync", "--nightly", "--json", "--deadline", "2"});
  INFO(down.out << down.err);
  CHECK(down.exit_code == 75);
  const auto d = boost::json::parse(down.out);
  CHECK(d.at("outcome").as_string() == "temporary");
  CHECK(d.at("exit_code").to_number<int>() == 75);
  const std::string log2 = read_file(st.data() / "sync.log");
  CHECK(std::count(log2.begin(), log2.end(), '\n') == 2);
}
