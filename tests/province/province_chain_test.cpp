// Issue 15: three county hubs (荣昌区 500153, 苍溪县 510824, 南部县 511321) filled by real
// stations syncing over TLS report to one province hub over pinned TLS: every figure the
// province shows for a county equals that county's own /v1/counties/{code}/kpis for the
// month; a lost answer is resent and recognised (one version); a province unreachable
// for months gets every month, in order, once; a correction after late station syncs is
// a new version with history; another county's code and a revoked county are refused;
// staff scoped to a city see only its counties.
#include <algorithm>
#include <catch2/catch.hpp>
#include <map>

#include "cunzhan/hub/province/periods.hpp"
#include "cunzhan/shared/compress.hpp"
#include "cunzhan/shared/csv.hpp"
#include "cunzhan/shared/time.hpp"
#include "cunzhan/shared/uuid.hpp"
#include "province_world.hpp"

using namespace cunzhan;
using namespace cunzhan::test;
using namespace cunzhan::test::province;
namespace json = boost::json;

namespace {

std::string mid(const std::string& month, int day) {
  return month + "-" + (day < 10 ? "0" : "") + std::to_string(day) + "T10:00:00+08:00";
}

// The province's latest version of a county's month equals the county's own report.
void same_as_county(const province_hub& p, const county& c, const std::string& month,
                    const std::string& token) {
  INFO("county " << c.code << " month " << month);
  const auto mine = c.kpis(month);
  const auto theirs = p.get("/v1/province/counties/" + c.code + "/report?period=" + month, token);
  CHECK(json::serialize(theirs.at("report").at("kpis")) == json::serialize(mine));
  // The township table as the county's; the station table without the "now" columns.
  const auto towns = get_json(c.hub->port(), c.hub->ca(),
                              "/v1/counties/" + c.code + "/townships?period=" + month, c.staff_token);
  CHECK(json::serialize(theirs.at("report").at("townships")) == json::serialize(towns.at("townships")));
  auto stations = get_json(c.hub->port(), c.hub->ca(), "/v1/counties/" + c.code + "/stations?period=" + month,
                           c.staff_token);
  for (auto& s : stations.at("stations").as_array()) {
    s.as_object().erase("last_sync");
    s.as_object().erase("sync_lag_s");
  }
  CHECK(json::serialize(theirs.at("report").at("stations")) == json::serialize(stations.at("stations")));
  // The province's table for the month shows the county's KPI table as it is.
  const auto table = p.get("/v1/province/counties?period=" + month, token);
  bool found = false;
  for (const auto& row : table.at("counties").as_array()) {
    if (row.at("county_code").as_string() != c.code) continue;
    found = true;
    CHECK(json::serialize(row.at("kpis")) == json::serialize(mine.at("kpis")));
    CHECK(row.at("sales").at("amount_fen") == mine.at("activity").at("sales").at("amount_fen"));
  }
  CHECK(found);
}

std::vector<std::string> arrival_order(const province_hub& p, const std::string& code) {
  std::vector<std::string> out;
  for (const auto& r : p.query("SELECT period || ' v' || version FROM submission WHERE county_code = '" +
                               code + "' ORDER BY rowid")) {
    out.push_back(r[0]);
  }
  return out;
}

}  // namespace

TEST_CASE("county hubs report their months to the province exactly once, in order, with corrections",
          "[province][integration]") {
  const std::string m3 = month_back(3), m2 = month_back(2), m1 = month_back(1);
  province_hub p;
  const std::string staff = p.staff_add({"--name", "省商务厅"});
  const std::string city_staff = p.staff_add({"--name", "广元市商务局", "--city", "5108"});

  county rc("500153", integration::k_village_a);
  county cx("510824", "510824100205");
  county nb("511321", "511321001201");
  rc.sell({{mid(m2, 3), 120}, {mid(m1, 5), 300}, {mid(m1, 20), 45}}, "荣昌");
  cx.sell({{mid(m2, 8), 88}, {mid(m1, 9), 500}}, "苍溪");
  nb.sell({{mid(m3, 2), 10}, {mid(m2, 2), 20}, {mid(m1, 2), 30}}, "南部");
  rc.join(p, m2);
  cx.join(p, m2);
  nb.join(p, m3);
  // A count target (KPIS.md "Targets"): 0 leaders meet 0, and the province gets the line.
  REQUIRE(cx.hub
              ->hub({"targets", "set", "--data", cx.hub->data().string(), "--county", "510824", "--kpi",
                     "ecommerce_leaders", "--value", "0"})
              .exit_code == 0);

  // 荣昌区's October through a clean proxy: the size of one exchange (full handshake, one
  // report, its answer), to cut 苍溪县's answer to the same request inside its last record.
  std::uint64_t clean_down = 0;
  {
    integration::proxy_fixture px(p.port(), {});
    auto r = rc.submit({"--period", m2, "--connect-port", std::to_string(px.port())});
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
    REQUIRE(r.out.find("accepted, version 1") != std::string::npos);
    px.stop();
    clean_down = px.sum().down;
  }
  REQUIRE(clean_down > 1000);
  {
    {
      // The province stores the version, the answer never arrives: the county must resend.
      integration::proxy_fixture px(p.port(),
                                    {"--cut-down-after", std::to_string(clean_down - 60), "--once"});
      auto r = cx.submit({"--period", m2, "--connect-port", std::to_string(px.port())});
      INFO(r.out << r.err);
      CHECK(r.exit_code == 75);
    }
    CHECK(arrival_order(p, "510824") == std::vector<std::string>{m2 + " v1"});
    // The county knows the month is not confirmed: it waits to be sent again with its id.
    CHECK(cx.hub->hub({"province", "status", "--data", cx.hub->data().string()})
              .out.find(m2 + "  waiting to be sent again") != std::string::npos);
    {
      auto r = cx.submit();
      INFO(r.out << r.err);
      REQUIRE(r.exit_code == 0);
      CHECK(r.out.find(m2 + ": duplicate, version 1") != std::string::npos);  // recognised
      CHECK(r.out.find(m1 + ": accepted, version 1") != std::string::npos);
    }
    CHECK(arrival_order(p, "510824") == std::vector<std::string>{m2 + " v1", m1 + " v1"});
    REQUIRE(rc.submit().exit_code == 0);
    // The monthly submission carries the villager services too (KPIS.md "Villager services").
    const auto reports = p.query("SELECT report FROM submission WHERE county_code = '510824'");
    CHECK(reports.size() == 2);
    for (const auto& row : reports) {
      const auto doc = json::parse(row.at(0));
      const auto& v = doc.at("kpis").at("villager_services");
      CHECK(v.at("proxy_buy").at("count").is_int64());
      CHECK(v.at("people_served_rate").is_object());
      CHECK(v.at("online_sellers").at("cooperatives").is_int64());
      CHECK(doc.at("townships").at(0).at("villager_services").at("trained_station_rate").is_object());
      std::map<std::string, json::value> lines;
      for (const auto& l : doc.at("kpis").at("kpis").as_array())
        lines[std::string(l.at("kpi").as_string())] = l;
      CHECK(lines.at("ecommerce_leaders").at("kind") == "count");
      CHECK(lines.at("ecommerce_leaders").at("figure").at("value").as_int64() == 0);
      CHECK(lines.at("ecommerce_leaders").at("target").as_int64() == 0);
      CHECK(lines.at("ecommerce_leaders").at("pass").as_bool());
      CHECK(lines.at("officers_trained_to_date").at("target").is_null());
      CHECK(lines.at("station_coverage").at("kind") == "share");
    }

    // 南部县 while the province is down: nothing is acknowledged; once it is back, the
    // three months arrive oldest first, once each.
    p.stop();
    {
      auto r = nb.submit();
      INFO(r.out << r.err);
      CHECK(r.exit_code == 75);
    }
    p.start();
    {
      // The county's nightly job sends what is due after its own work.
      auto r = nb.hub->hub({"nightly", "--data", nb.hub->data().string()});
      INFO(r.out << r.err);
      REQUIRE(r.exit_code == 0);
      CHECK(r.out.find("province: sent 3, acknowledged 3") != std::string::npos);
    }
    CHECK(arrival_order(p, "511321") == std::vector<std::string>{m3 + " v1", m2 + " v1", m1 + " v1"});
    CHECK(nb.submit().out.find("sent 0") != std::string::npos);  // nothing due twice

    for (const auto* c : {&rc, &cx, &nb}) {
      for (const auto& m : {m2, m1}) same_as_county(p, *c, m, staff);
    }
    same_as_county(p, nb, m3, staff);

    // A record of last month synced late: a correction, kept beside version 1.
    cx.sell({{mid(m1, 25), 77}}, "苍溪补录");
    {
      auto r = cx.submit();
      INFO(r.out << r.err);
      REQUIRE(r.exit_code == 0);
      CHECK(r.out.find(m1 + ": accepted, version 2") != std::string::npos);
      CHECK(r.out.find(m2 + ":") == std::string::npos);  // October did not change: not sent
    }
    same_as_county(p, cx, m1, staff);
    const auto history = p.get("/v1/province/counties/510824/report?period=" + m1, staff);
    REQUIRE(history.at("versions").as_array().size() == 2);
    bool sales_changed = false;
    for (const auto& ch : history.at("versions").as_array()[1].at("changes").as_array()) {
      if (ch.at("path") == "activity.sales.amount_fen") {
        sales_changed = true;
        CHECK(ch.at("from").to_number<std::int64_t>() == 50000);
        CHECK(ch.at("to").to_number<std::int64_t>() == 57700);
      }
    }
    CHECK(sales_changed);
    const auto first = p.get("/v1/province/counties/510824/report?period=" + m1 + "&version=1", staff);
    CHECK(
        first.at("report").at("kpis").at("activity").at("sales").at("amount_fen").to_number<std::int64_t>() ==
        50000);

    // The submission states: October is past its deadline for everyone; November depends on today.
    const auto subs2 = p.get("/v1/province/submissions?period=" + m2, staff);
    CHECK(subs2.at("late").as_array().size() == 3);
    const bool before_deadline =
        now_seconds().time_since_epoch().count() <= hub::province::deadline_s(m1, 10);
    const auto subs1 = p.get("/v1/province/submissions?period=" + m1, staff);
    CHECK(subs1.at(before_deadline ? "on_time" : "late").as_array().size() == 3);
    CHECK(json::serialize(subs1.at("corrected")) == R"(["510824"])");

    // A county token naming another county; a staff token on the submit route; a county
    // token on a read route.
    const std::string body =
        json::serialize(json::object{{"submission_id", uuid_v4()},
                                     {"county_code", "500153"},
                                     {"period", m1},
                                     {"report", json::object{{"kpis", json::object{}}}}});
    auto other = request(p.port(), p.ca(), "POST", "/v1/province/reports", cx.county_token, body);
    CHECK(other.status == 403);
    CHECK(other.body.find("forbidden") != std::string::npos);
    CHECK(request(p.port(), p.ca(), "POST", "/v1/province/reports", staff, body).status == 403);
    CHECK(request(p.port(), p.ca(), "GET", "/v1/province/counties?period=" + m1, cx.county_token).status ==
          403);
    // Bad submissions are refused with the reason in both languages, and nothing is stored.
    const auto post = [&](const std::string& b) {
      return request(p.port(), p.ca(), "POST", "/v1/province/reports", rc.county_token, b);
    };
    const auto envelope = [&](const std::string& id, const std::string& month, const std::string& county) {
      return json::serialize(json::object{
          {"submission_id", id},
          {"county_code", county},
          {"period", month},
          {"report", json::object{{"kpis", json::object{{"county_code", county},
                                                        {"period", json::object{{"label", month}}}}}}}});
    };
    auto not_ended = post(envelope(uuid_v4(), month_back(0), "500153"));
    CHECK(not_ended.status == 422);
    CHECK(not_ended.body.find("已结束") != std::string::npos);
    const std::string used_id =
        integration::query(rc.hub->data() / "upstream.db",
                           "SELECT submission_id FROM sent WHERE period = '" + m1 + "'")
            .at(0)
            .at(0);
    auto reused = post(envelope(used_id, m1, "500153"));  // the id of m1's report, another content
    CHECK(reused.status == 409);
    CHECK(reused.body.find("already_exists") != std::string::npos);
    CHECK(post("{\"submission_id\": ").status == 400);
    // 5 MiB that zstd packs into a few hundred bytes: refused once inflating passes 4 MiB.
    CHECK(request(p.port(), p.ca(), "POST", "/v1/province/reports", rc.county_token,
                  zstd_compress(std::string(5 << 20, ' ')), {{"content-encoding", "zstd"}})
              .status == 413);
    CHECK(request(p.port(), p.ca(), "GET", "/v1/province/reports", staff).status == 405);
    CHECK(arrival_order(p, "500153") == std::vector<std::string>{m2 + " v1", m1 + " v1"});

    // A revoked county is refused (401) and told so; nothing is stored.
    REQUIRE(p.hub({"revoke-county", "510824"}).exit_code == 0);
    cx.sell({{mid(m1, 26), 1}}, "苍溪再补");
    {
      auto r = cx.submit();
      INFO(r.out << r.err);
      CHECK(r.exit_code == 1);
      CHECK(r.out.find("HTTP 401") != std::string::npos);
    }
    CHECK(arrival_order(p, "510824").size() == 3);

    // /metrics (staff token) counts the answers since the restart above: 南部县's three
    // months and 苍溪县's correction accepted; the refusals by status.
    const auto metrics = request(p.port(), p.ca(), "GET", "/metrics", staff);
    REQUIRE(metrics.status == 200);
    INFO(metrics.body);
    for (const char* line : {"cunzhan_province_submissions_total{answer=\"accepted\"} 4\n",
                             "cunzhan_province_submissions_total{answer=\"duplicate\"} 0\n",
                             "cunzhan_province_submissions_total{answer=\"unchanged\"} 0\n",
                             "cunzhan_province_submissions_refused_total{status=\"401\"} 1\n",
                             "cunzhan_province_submissions_refused_total{status=\"403\"} 2\n",
                             "cunzhan_province_submissions_refused_total{status=\"409\"} 1\n",
                             "cunzhan_province_submissions_refused_total{status=\"422\"} 1\n"})
      CHECK(metrics.body.find(line) != std::string::npos);
    CHECK(request(p.port(), p.ca(), "GET", "/metrics", cx.county_token).status == 401);  // revoked
    CHECK(request(p.port(), p.ca(), "GET", "/metrics", rc.county_token).status == 403);

    // Staff of 广元市 (5108) see 苍溪县 only.
    const auto scoped = p.get("/v1/province/counties?period=" + m1, city_staff);
    REQUIRE(scoped.at("counties").as_array().size() == 1);
    CHECK(scoped.at("counties").as_array()[0].at("county_code") == "510824");
    CHECK(scoped.at("counties").as_array()[0].at("county_name") == "苍溪县");  // areas-51.csv
    CHECK(scoped.at("counties").as_array()[0].at("city_name") == "广元市");    // cities-51.csv
    CHECK(request(p.port(), p.ca(), "GET", "/v1/province/counties/500153/report?period=" + m1, city_staff)
              .status == 403);

    // Province totals add the counties up; CSV in the county's conventions.
    const auto all = p.get("/v1/province/counties?period=" + m1, staff);
    std::int64_t fen = 0;
    for (const auto* c : {&rc, &cx, &nb})
      fen += c->kpis(m1).at("activity").at("sales").at("amount_fen").to_number<std::int64_t>();
    CHECK(all.at("totals").at("sales").at("amount_fen").to_number<std::int64_t>() ==
          fen - 100);  // 苍溪's last sale unsent
    auto csv = request(p.port(), p.ca(), "GET", "/v1/province/report.csv?period=" + m1, staff);
    REQUIRE(csv.status == 200);
    CHECK(csv.body.rfind("\xEF\xBB\xBF", 0) == 0);
    CHECK(csv.body.find("\"=\"\"510824\"\"\",苍溪县,") !=
          std::string::npos);  // ="510824", quoted, then the name
    CHECK(csv.body.find("\r\n") != std::string::npos);
    {  // A count line (ecommerce_leaders, target 0 at 苍溪县): its number, no 分子/分母.
      const auto rows = csv::parse(std::string_view(csv.body).substr(3));
      REQUIRE(rows);
      const auto& head = rows->at(1).cells;
      const auto col = [&](const std::string& name) {
        const auto it = std::find(head.begin(), head.end(), name);
        REQUIRE(it != head.end());
        return static_cast<std::size_t>(it - head.begin());
      };
      bool seen = false;
      for (const auto& r : *rows) {
        if (r.cells.empty() || r.cells[0].find("510824") == std::string::npos) continue;
        seen = true;
        CHECK(r.cells.at(col("农村电商带头人·分子")).empty());
        CHECK(r.cells.at(col("农村电商带头人")) == "0");
        CHECK(r.cells.at(col("农村电商带头人·目标")) == "0");
        CHECK(r.cells.at(col("农村电商带头人·是否达标")) == "达标");
      }
      CHECK(seen);
      bool total = false;
      for (const auto& k : all.at("totals").at("kpis").as_array()) {
        if (k.at("kpi") != "ecommerce_leaders") continue;
        total = true;
        CHECK(k.at("kind") == "count");  // the sum over counties
        CHECK(k.at("figure").at("denominator").as_int64() == 1);
      }
      CHECK(total);
    }
    // A quarter or year view and the trend answer for the same months.
    CHECK(p.get("/v1/province/counties?period=" + m1.substr(0, 4), staff).at("counties").as_array().size() ==
          3);
    const auto trend = p.get("/v1/province/counties/511321/trend?to=" + m1, staff);
    REQUIRE(trend.at("months").as_array().size() == 12);
    CHECK(trend.at("months").as_array()[11].at("period").as_string() == m1);
    // The province's own backup holds every version; on PostgreSQL it says how it is done
    // there (pg_dump) and writes nothing.
    const auto copy = p.data().parent_path() / "province-backup.db";
    const auto backup = p.hub({"backup", "--to", copy.string()});
    if (p.on_postgres()) {
      CHECK(backup.exit_code != 0);
      CHECK(backup.err.find("pg_dump") != std::string::npos);
      CHECK(!fs::exists(copy));
    } else {
      REQUIRE(backup.exit_code == 0);
      CHECK(integration::query_int(copy, "SELECT count(*) FROM submission") ==
            std::stoll(p.query("SELECT count(*) FROM submission").at(0).at(0)));
    }

    CHECK(trend.at("months").as_array()[11].at("sales").at("amount_fen").to_number<std::int64_t>() == 3000);
    CHECK(trend.at("months").as_array()[9].at("sales").at("amount_fen").to_number<std::int64_t>() ==
          1000);  // m3
    // Two review periods side by side: 南部县 in m3 (one month) and in m1.
    const auto cmp = p.get("/v1/province/compare?a=" + m3 + "&b=" + m1, staff);
    CHECK(cmp.at("a").at("period").as_string() == m3);
    CHECK(cmp.at("a").at("counties").as_array().size() == 3);
    for (const auto& row : cmp.at("a").at("counties").as_array()) {
      CHECK(row.at("months_submitted").to_number<int>() == (row.at("county_code") == "511321" ? 1 : 0));
    }

    // Mixed versions: a newer county's extra keys are ignored in the envelope and kept in
    // the report as sent (PROTOCOL.md), so a later province program finds them.
    json::object newer{{"submission_id", uuid_v4()},
                       {"county_code", "500153"},
                       {"period", m3},
                       {"sent_by", "a newer county hub"},
                       {"report", json::object{{"kpis", json::object{{"county_code", "500153"},
                                                                     {"period", json::object{{"label", m3}}},
                                                                     {"new_figure", 7}}},
                                               {"new_table", json::array{1, 2}}}}};
    auto accepted =
        request(p.port(), p.ca(), "POST", "/v1/province/reports", rc.county_token, json::serialize(newer));
    CHECK(accepted.status == 200);
    CHECK(accepted.header("x-province-version") != nullptr);
    const auto kept = p.get("/v1/province/counties/500153/report?period=" + m3, staff);
    CHECK(kept.at("report").at("kpis").at("new_figure").to_number<int>() == 7);
    CHECK(kept.at("report").at("new_table").as_array().size() == 2);

    // `hub backup` takes upstream.db (the link, every submission) along, 0600: a county hub
    // restored from the copies reports on without joining again, and resends nothing.
    const fs::path saved = rc.hub->dir() / "saved", restored = rc.hub->dir() / "restored";
    fs::create_directories(saved);
    fs::create_directories(restored);
    auto b =
        rc.hub->hub({"backup", "--data", rc.hub->data().string(), "--to", (saved / "hub-copy.db").string()});
    INFO(b.out << b.err);
    REQUIRE(b.exit_code == 0);
    REQUIRE(fs::exists(saved / "hub-copy.upstream.db"));
    CHECK((fs::status(saved / "hub-copy.upstream.db").permissions() &
           (fs::perms::group_all | fs::perms::others_all)) == fs::perms::none);
    fs::copy_file(saved / "hub-copy.db", restored / "hub.db");
    fs::copy_file(saved / "hub-copy.upstream.db", restored / "upstream.db");
    const auto status_of = [&](const fs::path& d) {
      return rc.hub->hub({"province", "status", "--data", d.string()}).out;
    };
    CHECK(status_of(restored) == status_of(rc.hub->data()));
    CHECK(status_of(restored).find(m1) != std::string::npos);
    auto again = rc.hub->hub({"province", "submit", "--data", restored.string()});
    INFO(again.out << again.err);
    CHECK(again.exit_code == 0);
    CHECK(again.out.find("sent 0") != std::string::npos);
    // (m3 was the newer county's envelope above.)
    CHECK(arrival_order(p, "500153") == std::vector<std::string>{m2 + " v1", m1 + " v1", m3 + " v1"});
  }
}
