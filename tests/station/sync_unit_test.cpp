// Unit tests of the sync engine's pure parts: the jittered backoff, Retry-After and
// HTTP-date parsing, and the check of a push answer against its batch (nothing is
// acknowledged from an answer that does not fit).
#include <catch2/catch.hpp>

#include <set>

// Internal headers of the station library (cunzhan_station_internals: the tests reach in on purpose).
#include "sync/backoff.hpp"
#include "sync/hub_errors.hpp"
#include "sync/push_check.hpp"

using namespace cunzhan;
using namespace cunzhan::station_client;
using std::chrono::milliseconds;
using std::chrono::seconds;

TEST_CASE("backoff grows exponentially with full jitter and stays under the cap",
          "[station][sync][backoff]") {
  const backoff b(milliseconds(100), milliseconds(1000));
  for (int round = 0; round < 200; ++round) {
    for (int failures = 1; failures <= 30; ++failures) {
      const auto ceiling = std::min<long>(1000, 100L << std::min(failures - 1, 20));
      const auto d = b.next(failures).count();
      INFO("failures=" << failures << " delay=" << d);
      REQUIRE(d >= ceiling / 4);
      REQUIRE(d <= ceiling);
    }
  }
  // Jitter: many draws for the same failure count are not all equal.
  std::set<long> seen;
  for (int i = 0; i < 50; ++i) seen.insert(b.next(4).count());
  CHECK(seen.size() > 5);
  // Zero or negative failure counts behave like the first failure.
  CHECK(b.next(0).count() <= 100);
}

TEST_CASE("Retry-After is read as seconds or as an HTTP date", "[station][sync][backoff]") {
  const sys_seconds now = *parse_http_date("Tue, 01 Dec 2026 21:00:00 GMT");
  CHECK(parse_retry_after("120", now) == seconds(120));
  CHECK(parse_retry_after(" 7 ", now) == seconds(7));
  CHECK(parse_retry_after("0", now) == seconds(0));
  CHECK(parse_retry_after("99999", now) == seconds(3600));  // capped at an hour
  CHECK(parse_retry_after("Tue, 01 Dec 2026 21:01:30 GMT", now) == seconds(90));
  CHECK(parse_retry_after("Tue, 01 Dec 2026 20:00:00 GMT", now) == seconds(0));  // in the past
  CHECK_FALSE(parse_retry_after("", now));
  CHECK_FALSE(parse_retry_after("-5", now));
  CHECK_FALSE(parse_retry_after("soon", now));
  CHECK_FALSE(parse_retry_after("12s", now));
  CHECK_FALSE(parse_retry_after("Tue, 01 Foo 2026 21:01:30 GMT", now));
}

TEST_CASE("HTTP dates parse to the right instant and nonsense is refused", "[station][sync][backoff]") {
  CHECK(parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT") == parse_instant("1994-11-06T08:49:37Z"));
  CHECK_FALSE(parse_http_date("Sun, 31 Feb 1994 08:49:37 GMT"));
  CHECK_FALSE(parse_http_date("Sun, 06 Nov 1994 25:49:37 GMT"));
  CHECK_FALSE(parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT"));
  CHECK_FALSE(parse_http_date("Sun, 06 Nov 1994 08:49:37 UTC"));
}

namespace {

std::vector<sent_op> batch_of(int first_seq, int n) {
  std::vector<sent_op> out;
  for (int i = 0; i < n; ++i) out.push_back({"op-" + std::to_string(first_seq + i), first_seq + i});
  return out;
}

push_response answer_for(const std::vector<sent_op>& b, std::int64_t acked_through,
                         op_status st = op_status::applied) {
  push_response r;
  r.acked_through = acked_through;
  for (const auto& o : b) r.results.push_back(op_result{o.op_id, st, {}, {}, {}});
  return r;
}

}  // namespace

TEST_CASE("a push answer that fits its batch is accepted", "[station][sync][acked]") {
  const auto b = batch_of(11, 5);
  CHECK(check_push_answer(b, answer_for(b, 15)));
  CHECK(check_push_answer(b, answer_for(b, 15, op_status::duplicate)));
  // acked_through beyond the batch: an earlier run's later batch reached the hub.
  CHECK(check_push_answer(b, answer_for(b, 40)));
  // Answers in another order are still every op answered once.
  auto r = answer_for(b, 15);
  std::swap(r.results[0], r.results[4]);
  CHECK(check_push_answer(b, r));
  // A rejected op may lie beyond acked_through (it does not claim to be durable).
  auto rej = answer_for(b, 14);
  rej.results[4].status = op_status::rejected;
  CHECK(check_push_answer(b, rej));
}

TEST_CASE("a push answer inconsistent with its batch is refused", "[station][sync][acked]") {
  const auto b = batch_of(11, 5);
  SECTION("an op left unanswered") {
    auto r = answer_for(b, 15);
    r.results.pop_back();
    CHECK_FALSE(check_push_answer(b, r));
  }
  SECTION("an op that was not sent") {
    auto r = answer_for(b, 15);
    r.results[2].op_id = "op-999";
    auto st = check_push_answer(b, r);
    REQUIRE_FALSE(st);
    CHECK(st.err().describe(lang::en).find("op-999") != std::string::npos);
    CHECK(!st.err().detail_zh.empty());
  }
  SECTION("an op answered twice") {
    auto r = answer_for(b, 15);
    r.results[3].op_id = r.results[1].op_id;
    CHECK_FALSE(check_push_answer(b, r));
  }
  SECTION("an extra answer") {
    auto r = answer_for(b, 15);
    r.results.push_back(op_result{"op-16", op_status::applied, {}, {}, {}});
    CHECK_FALSE(check_push_answer(b, r));
  }
  SECTION("applied beyond acked_through") {
    CHECK_FALSE(check_push_answer(b, answer_for(b, 14)));
    CHECK_FALSE(check_push_answer(b, answer_for(b, 0, op_status::duplicate)));
  }
}

TEST_CASE("link failures say in both languages whether anything can have reached the hub",
          "[station][sync][errors]") {
  struct row {
    error in;
    const char* en;
    const char* zh;
  };
  const std::vector<row> rows = {
      {error(errc::network_error, "connect: Connection refused", "网络连接失败"),
       "hub not reachable, nothing was sent", "连不上区县中心，未发送任何数据"},
      {error(errc::network_error, "resolve: Host not found", ""), "hub not reachable", "连不上区县中心"},
      {error(errc::timeout, "connect: timed out", "超时"), "hub not reachable", "连不上区县中心"},
      {error(errc::tls_error, "TLS handshake: unexpected eof while reading", ""), "hub not reachable",
       "连不上区县中心"},
      {error(errc::network_error, "send: Broken pipe", ""), "the line was cut while sending",
       "发送途中线路中断"},
      {error(errc::network_error, "receive: end of stream", ""), "cut while waiting for the hub's answer",
       "等待应答时线路中断"},
      {error(errc::network_error, "the connection closed before answering", ""), "cut while waiting",
       "等待应答时线路中断"},
      {error(errc::timeout, "receive: timed out", "超时"), "no answer from the hub in time",
       "等待区县中心应答超时"},
  };
  for (const auto& r : rows) {
    INFO(r.in.detail_en);
    const error out = link_error(r.in);
    CHECK(out.code == r.in.code);  // the wire/JSON code stays what it was
    const std::string en = out.describe(lang::en), zh = out.describe(lang::zh);
    CHECK(en.find(r.en) != std::string::npos);
    CHECK(zh.find(r.zh) != std::string::npos);
    // The technical detail stays, in both languages.
    CHECK(en.find(r.in.detail_en) != std::string::npos);
    CHECK(zh.find(r.in.detail_en) != std::string::npos);
  }
  // Not a link failure: left as it was.
  const error local(errc::db_busy, "locked", "忙");
  CHECK(link_error(local).detail_en == "locked");

  net::http_response busy;
  busy.status = 503;
  busy.body = R"({"error":{"code":"db_busy","message":"database busy","message_zh":"数据库忙"}})";
  const error b = hub_busy(busy);
  // The hub's own storage error is the hub's, never read as this PC's database or disk.
  CHECK(b.code == errc::unavailable);
  CHECK(b.describe(lang::zh).find("区县中心繁忙，请稍后再试（HTTP 503：区县服务器报告：数据库忙）") !=
        std::string::npos);
  CHECK(b.describe(lang::en).find("hub busy, try again later (HTTP 503: the hub reports: database busy)") !=
        std::string::npos);
  busy.status = 500;
  busy.body = "<html>oops</html>";
  CHECK(hub_busy(busy).describe(lang::zh).find("区县中心出错，请稍后再试（HTTP 500：服务器返回 HTTP 500）") !=
        std::string::npos);
}
