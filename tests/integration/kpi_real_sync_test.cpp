// Issue 5: a generated 苍溪县 on a real hub — 120 stations across its townships, a year of
// listings, pickups and courier points recorded at the stations and sent through the
// real sync engine over TLS — and every KPI the hub's JSON API reports (county,
// township, station, village coverage) equals a recount done here with plain loops over
// the records the test wrote (KPIS.md, "Precise definitions").
//
// Online and on-time rates count sync sessions by the hub's receive time, so all of them
// happened today: they are recounted for today (and, for on-time, for yesterday when the
// test runs before the morning deadline). kpi_recount_test covers a year of sessions.
#include <catch2/catch.hpp>
#include <map>
#include <set>

#include "kpi_world.hpp"

using namespace cunzhan;
using namespace cunzhan::test::integration;
namespace json = boost::json;

namespace {

struct fig {
  std::int64_t num = 0, den = 0;
  void add(bool yes) {
    ++den;
    num += yes ? 1 : 0;
  }
};
// A numerator known to lie in [lo, hi]: lo == hi unless a sync ran across an hour that
// matters (midnight, the evening hour, the morning deadline).
struct span {
  std::int64_t lo = 0, hi = 0, den = 0;
};

struct act {
  span online, on_time;
  fig timeliness, failure;
  std::int64_t sales = 0, fen = 0, fresh = 0, active = 0, out = 0, in = 0;
  std::map<std::string, std::pair<std::int64_t, std::int64_t>> cats;  // count, fen
};
struct cov {
  fig station, courier, four, freq3, freq5, fixed;
};
struct village_row {
  std::set<std::string> stations, brands;
  int points = 0, freq = 0;
  bool fixed = false;
  std::vector<std::string> reasons;
};

// A reporting period as the test asks for it and its own idea of the days it covers.
struct per {
  std::string query;
  std::int64_t first = 0, last = 0;
  int months = 0;  // 1 month, 3 quarter, 12 year, 0 a from/to range
};

struct expected {
  int stations_operating = 0;
  fig township_courier;
  cov county;
  act county_act;
  std::map<std::string, cov> town_cov;  // counted townships only
  std::map<std::string, act> town_act;
  std::map<std::string, int> town_stations;
  std::map<std::string, bool> town_point;
  std::map<std::string, act> station_act;
  std::map<std::string, village_row> villages;
  std::int64_t prev_fen = 0, prev_count = 0, yago_fen = 0, yago_count = 0;
};

bool operating(const raw_station& s, std::int64_t d) {
  return day_no(s.opened) <= d && (s.closed.empty() || day_no(s.closed) > d);
}
bool active(const raw_point& p, std::int64_t d) {
  return day_no(p.opened) <= d && (p.closed.empty() || day_no(p.closed) > d);
}
bool contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

// Whether some session of the sync certainly / possibly ended in (from, to] or [from, to).
void in_window(const raw_sync& s, std::int64_t from, std::int64_t to, bool left_open, bool& surely,
               bool& maybe) {
  const auto after_from = [&](std::int64_t t) { return left_open ? t > from : t >= from; };
  const auto before_to = [&](std::int64_t t) { return left_open ? t <= to : t < to; };
  surely |= after_from(s.before) && before_to(s.after);
  maybe |= after_from(s.after) && before_to(s.before);
}

// Sales of the county with sold_at in days [a, b].
std::pair<std::int64_t, std::int64_t> sales(const kpi_world& w, std::int64_t a, std::int64_t b) {
  std::pair<std::int64_t, std::int64_t> out{0, 0};
  for (const auto& l : w.listings) {
    if (l.status == "sold" && l.sold_at >= midnight_of(a) && l.sold_at < midnight_of(b + 1)) {
      ++out.first;
      out.second += l.amount;
    }
  }
  return out;
}

date as_date(std::int64_t n) { return date{std::chrono::sys_days{std::chrono::days{n}}}; }
std::int64_t minus_year(std::int64_t n) {
  const date d = as_date(n);
  date r{d.year() - std::chrono::years{1}, d.month(), d.day()};
  return day_no(r.ok() ? r : date{r.year() / r.month() / std::chrono::last});
}

expected recount(const kpi_world& w, const per& p, std::int64_t today) {
  expected e;
  const std::int64_t end = p.last, b = midnight_of(p.first), x = midnight_of(p.last + 1);
  std::map<std::string, std::string> town_of;  // station id → township
  for (const auto& s : w.stations) town_of[s.id] = s.village.substr(0, 9);
  std::set<std::string> counted;
  for (const auto& v : w.villages) {
    if (!v.admin) continue;
    counted.insert(v.township);
    village_row r;
    for (const auto& s : w.stations) {
      if (s.village == v.code && operating(s, end)) r.stations.insert(s.name);
    }
    for (const auto& pt : w.points) {
      if (!active(pt, end) || (pt.located != v.code && !contains(pt.served, v.code))) continue;
      ++r.points;
      r.freq = std::max(r.freq, pt.days);
      r.brands.insert(pt.brands.begin(), pt.brands.end());
      r.fixed |= pt.kind == "village_fixed" && pt.located == v.code;
    }
    if (r.stations.empty()) r.reasons.push_back("no_station");
    if (r.points == 0)
      r.reasons.push_back("no_courier_point");
    else if (r.freq < 3)
      r.reasons.push_back("low_frequency");
    for (cov* c : {&e.county, &e.town_cov[v.township]}) {
      c->station.add(!r.stations.empty());
      c->courier.add(r.points > 0);
      c->four.add(r.brands.size() >= 4);
      c->freq3.add(r.freq >= 3);
      c->freq5.add(r.freq >= 5);
      c->fixed.add(r.fixed);
    }
    e.villages[v.code] = std::move(r);
  }
  for (const auto& t : counted) {
    bool any = false;
    for (const auto& pt : w.points) any |= active(pt, end) && pt.located.substr(0, 9) == t;
    e.town_point[t] = any;
    e.township_courier.add(any);
    e.town_stations[t] = 0;
  }
  for (const auto& s : w.stations) {
    if (!operating(s, end)) continue;
    ++e.stations_operating;
    if (counted.count(town_of[s.id])) ++e.town_stations[town_of[s.id]];
  }
  // Each figure is credited to the station, its township and the county.
  const auto credit = [&](const std::string& station, const std::string& town, auto&& f) {
    f(e.station_act[station]);
    f(e.town_act[town]);
    f(e.county_act);
  };
  for (const auto& s : w.stations) {
    span on, in_time;
    for (std::int64_t d = p.first; d <= std::min(end, today); ++d) {
      if (!operating(s, d)) continue;
      bool on_sure = false, on_maybe = false, t_sure = false, t_maybe = false;
      for (const auto& y : w.syncs) {
        if (y.station != s.id) continue;
        in_window(y, midnight_of(d), midnight_of(d + 1), false, on_sure, on_maybe);
        // On time: after 18:00 on D, by 06:00 on D+1 (the county has not changed the deadline).
        in_window(y, midnight_of(d) + 18 * 3600, midnight_of(d + 1) + 6 * 3600, true, t_sure, t_maybe);
      }
      ++on.den, ++in_time.den;
      on.lo += on_sure, on.hi += on_maybe, in_time.lo += t_sure, in_time.hi += t_maybe;
    }
    credit(s.id, town_of[s.id], [&](act& a) {
      for (auto [into, from] : {std::pair{&a.online, &on}, std::pair{&a.on_time, &in_time}}) {
        into->lo += from->lo, into->hi += from->hi, into->den += from->den;
      }
    });
  }
  for (const auto& l : w.listings) {
    const std::string town = l.village.substr(0, 9);
    if (l.status == "sold" && l.sold_at >= b && l.sold_at < x) {
      credit(l.station, town, [&](act& a) {
        ++a.sales, a.fen += l.amount;
        ++a.cats[l.category].first, a.cats[l.category].second += l.amount;
      });
    }
    if (l.created >= b && l.created < x) credit(l.station, town, [](act& a) { ++a.fresh; });
    if (l.status == "listed" || l.status == "reserved") credit(l.station, town, [](act& a) { ++a.active; });
  }
  for (const auto& k : w.pickups) {
    credit(k.station, town_of[k.station], [&](act& a) {
      if (k.status == "picked_up" && k.picked >= b && k.picked < x)
        (k.direction == "inbound" ? a.in : a.out) += k.parcels;
      if (k.status != "cancelled" && k.due >= b && k.due < x)
        a.timeliness.add(k.status == "picked_up" && k.picked <= k.due);
      if (k.status != "cancelled" && k.requested >= b && k.requested < x) a.failure.add(k.status == "failed");
    });
  }
  // Growth compares with the previous period of the same kind and the one a year before.
  std::int64_t pa = p.first - (p.last - p.first + 1), ya = minus_year(p.first), yb = minus_year(p.last);
  if (p.months > 0) {
    pa = day_no(date{as_date(p.first).year() / as_date(p.first).month() / std::chrono::day{1}} -
                std::chrono::months{p.months});
    yb = day_no(date{std::chrono::sys_days(as_date(ya) + std::chrono::months{p.months})}) - 1;
  }
  std::tie(e.prev_count, e.prev_fen) = sales(w, pa, p.first - 1);
  std::tie(e.yago_count, e.yago_fen) = sales(w, ya, yb);
  return e;
}

// ---- comparing with the hub's JSON ----

std::int64_t num(const json::value& v, std::initializer_list<const char*> path) {
  const json::value* at = &v;
  for (const char* k : path) at = &at->at(k);
  return at->as_int64();
}

void same(const json::value& j, const fig& f, const std::string& what) {
  INFO(what << ": hub " << json::serialize(j) << ", recount " << f.num << "/" << f.den);
  CHECK(num(j, {"numerator"}) == f.num);
  CHECK(num(j, {"denominator"}) == f.den);
  CHECK(j.at("value").is_null() == (f.den == 0));
}

void same(const json::value& j, const span& s, const std::string& what) {
  INFO(what << ": hub " << json::serialize(j) << ", recount " << s.lo << ".." << s.hi << "/" << s.den);
  CHECK(num(j, {"numerator"}) >= s.lo);
  CHECK(num(j, {"numerator"}) <= s.hi);
  CHECK(num(j, {"denominator"}) == s.den);
}

void same(const json::value& j, const cov& c, const std::string& what) {
  same(j.at("station_coverage"), c.station, what + " station coverage");
  same(j.at("village_courier_coverage"), c.courier, what + " village courier");
  same(j.at("four_brand_share"), c.four, what + " four brands");
  same(j.at("delivery_3_days"), c.freq3, what + " ≥3 days");
  same(j.at("delivery_5_days"), c.freq5, what + " ≥5 days");
  same(j.at("fixed_point_rate"), c.fixed, what + " fixed point");
}

void same(const json::value& j, const act& a, const std::string& what) {
  INFO(what);
  same(j.at("online_rate"), a.online, what + " online");
  same(j.at("on_time_rate"), a.on_time, what + " on time");
  same(j.at("pickup_timeliness"), a.timeliness, what + " timeliness");
  same(j.at("pickup_failure_rate"), a.failure, what + " failure");
  CHECK(num(j, {"sales", "count"}) == a.sales);
  CHECK(num(j, {"sales", "amount_fen"}) == a.fen);
  const auto& cats = j.at("sales").at("by_category").as_object();
  CHECK(cats.size() == a.cats.size());
  for (const auto& [cat, cf] : a.cats) {
    INFO(cat);
    REQUIRE(cats.contains(cat));
    CHECK(num(cats.at(cat), {"count"}) == cf.first);
    CHECK(num(cats.at(cat), {"amount_fen"}) == cf.second);
  }
  CHECK(num(j, {"listings", "new"}) == a.fresh);
  CHECK(num(j, {"listings", "active"}) == a.active);
  CHECK(num(j, {"parcels", "outbound"}) == a.out);
  CHECK(num(j, {"parcels", "inbound"}) == a.in);
}

std::vector<std::string> strings(const json::value& v) {
  std::vector<std::string> out;
  for (const auto& s : v.as_array()) out.emplace_back(s.as_string());
  return out;
}

// The four JSON answers for one period, fetched within one Shanghai day (the hub's
// "today" bounds the online rates); `today` is that day.
struct answers {
  json::value kpis, townships, stations, coverage;
  std::int64_t today = 0;
};

answers fetch(kpi_world& w, const std::string& query) {
  for (;;) {
    answers a;
    a.today = day_no(today_shanghai());
    const std::string q = query.empty() ? "" : "?" + query;
    a.kpis = w.get_json("/v1/counties/510824/kpis" + q);
    a.townships = w.get_json("/v1/counties/510824/townships" + q);
    a.stations = w.get_json("/v1/counties/510824/stations" + q);
    a.coverage = w.get_json("/v1/counties/510824/coverage" + q);
    if (day_no(today_shanghai()) == a.today) return a;  // else midnight passed: ask again
  }
}

void check_period(kpi_world& w, const per& p) {
  INFO("period " << (p.query.empty() ? "(default: last month)" : p.query));
  const answers a = fetch(w, p.query);
  const expected e = recount(w, p, a.today);
  const auto& k = a.kpis;
  CHECK(std::string(k.at("period").at("from").as_string()) == day_text(p.first));
  CHECK(std::string(k.at("period").at("to").as_string()) == day_text(p.last));
  CHECK(num(k, {"administrative_villages"}) == static_cast<std::int64_t>(e.villages.size()));
  CHECK(num(k, {"counted_townships"}) == static_cast<std::int64_t>(e.town_cov.size()));
  CHECK(num(k, {"stations_operating"}) == e.stations_operating);
  same(k.at("township_courier_coverage"), e.township_courier, "township courier");
  same(k.at("coverage"), e.county, "county");
  same(k.at("activity"), e.county_act, "county");
  const auto& g = k.at("growth");
  CHECK(num(g, {"sales_amount_mom", "earlier"}) == e.prev_fen);
  CHECK(num(g, {"sales_amount_yoy", "earlier"}) == e.yago_fen);
  CHECK(num(g, {"sales_count_mom", "earlier"}) == e.prev_count);
  CHECK(num(g, {"sales_count_yoy", "earlier"}) == e.yago_count);
  CHECK(num(g, {"sales_amount_mom", "current"}) == e.county_act.fen);
  // The KPI table repeats the figures above.
  for (const auto& line : k.at("kpis").as_array()) {
    const std::string key(line.at("kpi").as_string());
    if (line.at("kind") == "count") {  // {count, 1}: the villager_services figure of that name
      INFO(key);
      CHECK(num(line.at("figure"), {"value"}) == k.at("villager_services").at(key).as_int64());
      CHECK(num(line.at("figure"), {"denominator"}) == 1);
      continue;
    }
    const json::value& f = key == "township_courier_coverage"           ? k.at("township_courier_coverage")
                           : k.at("coverage").as_object().contains(key) ? k.at("coverage").at(key)
                           : k.at("villager_services").as_object().contains(key)
                               ? k.at("villager_services").at(key)
                               : k.at("activity").at(key);
    INFO(key);
    CHECK(num(line.at("figure"), {"numerator"}) == num(f, {"numerator"}));
    CHECK(num(line.at("figure"), {"denominator"}) == num(f, {"denominator"}));
  }

  const auto& towns = a.townships.at("townships").as_array();
  REQUIRE(towns.size() == e.town_cov.size());
  for (const auto& t : towns) {
    const std::string code(t.at("code").as_string());
    REQUIRE(e.town_cov.count(code));
    CHECK(num(t, {"administrative_villages"}) == e.town_cov.at(code).station.den);
    CHECK(num(t, {"stations_operating"}) == e.town_stations.at(code));
    CHECK(t.at("courier_point").as_bool() == e.town_point.at(code));
    same(t.at("coverage"), e.town_cov.at(code), "township " + code);
    same(t.at("activity"), e.town_act.count(code) ? e.town_act.at(code) : act{}, "township " + code);
  }

  const auto& stations = a.stations.at("stations").as_array();
  REQUIRE(stations.size() == w.stations.size());
  std::map<std::string, const json::value*> by_id;
  for (const auto& s : stations) by_id[std::string(s.at("id").as_string())] = &s;
  for (const auto& s : w.stations) {
    INFO("station " << s.name);
    REQUIRE(by_id.count(s.id));
    const auto& j = *by_id.at(s.id);
    CHECK(std::string(j.at("opened_on").as_string()) == s.opened);
    CHECK((j.at("closed_on").is_null() ? std::string() : std::string(j.at("closed_on").as_string())) ==
          s.closed);
    CHECK(j.at("operating").as_bool() == operating(s, p.last));
    bool synced = false;
    for (const auto& y : w.syncs) synced |= y.station == s.id;
    CHECK(j.at("last_sync").is_null() == !synced);
    same(j.at("activity"), e.station_act.count(s.id) ? e.station_act.at(s.id) : act{}, "station " + s.name);
  }

  const auto& rows = a.coverage.at("villages").as_array();
  REQUIRE(rows.size() == e.villages.size());
  for (const auto& r : rows) {
    const std::string code(r.at("code").as_string());
    INFO("village " << code);
    REQUIRE(e.villages.count(code));
    const auto& v = e.villages.at(code);
    const auto names = strings(r.at("stations"));
    CHECK(std::set<std::string>(names.begin(), names.end()) == v.stations);
    CHECK(strings(r.at("brands")) == std::vector<std::string>(v.brands.begin(), v.brands.end()));
    CHECK(num(r, {"courier_points"}) == v.points);
    CHECK(num(r, {"days_per_week"}) == v.freq);
    CHECK(r.at("fixed_point").as_bool() == v.fixed);
    CHECK(strings(r.at("reasons")) == v.reasons);
  }
}

std::string month_label(std::int64_t day) { return day_text(day).substr(0, 7); }

std::vector<per> periods(const kpi_world& w) {
  const std::int64_t ms = day_no(w.edge.month_start), me = day_no(w.edge.month_end), today = day_no(w.today);
  const date lm = w.edge.month_start;
  const int q =
      static_cast<int>((static_cast<unsigned>(lm.month()) - 1) / 3);  // 0-based quarter of last month
  const date q0 = lm.year() / std::chrono::month(q * 3 + 1) / std::chrono::day{1};
  const date y0 = w.today.year() / std::chrono::January / std::chrono::day{1};
  const std::string range = "from=" + day_text(today - 364) + "&to=" + day_text(today);
  return {
      {"", ms, me, 1},  // no period: the last complete month
      {"period=" + month_label(me + 1), me + 1,
       day_no(date{(w.today.year() / w.today.month() / std::chrono::last)}), 1},
      {"period=" + std::to_string(static_cast<int>(lm.year())) + "-Q" + std::to_string(q + 1), day_no(q0),
       day_no(date{std::chrono::sys_days(date{q0 + std::chrono::months{3}}) - std::chrono::days{1}}), 3},
      {"period=" + std::to_string(static_cast<int>(w.today.year())), day_no(y0),
       day_no(date{w.today.year() / std::chrono::December / std::chrono::day{31}}), 12},
      {range, today - 364, today, 0},
      {"from=" + day_text(ms) + "&to=" + day_text(me - 1), ms, me - 1, 0},
  };
}

const json::value& row(const json::value& answer, const char* list, const std::string& key,
                       const char* field = "id") {
  for (const auto& r : answer.at(list).as_array()) {
    if (r.at(field).as_string() == key) return r;
  }
  throw std::runtime_error(std::string("no row ") + key + " in " + list);
}

// The period edges of last month through the real path (kpi_engine_test has them on
// rows inserted directly): which side of the month each record falls on.
void check_edges(kpi_world& w) {
  const auto& e = w.edge;
  const std::int64_t ms = day_no(e.month_start), me = day_no(e.month_end);
  std::int64_t late = 0;  // the sale at 23:59 on the last day
  for (const auto& l : w.listings) {
    if (l.station == e.station && l.sold_at == midnight_of(me) + 23 * 3600 + 59 * 60) late = l.amount;
  }
  REQUIRE(late > 0);
  const auto last_month = w.get_json("/v1/counties/510824/stations");
  const auto& st = row(last_month, "stations", e.station);
  CHECK(num(st, {"activity", "sales", "count"}) == 1);  // 23:59 on the last day in, 00:01 after it out
  CHECK(num(st, {"activity", "sales", "amount_fen"}) == late);
  CHECK(num(st, {"activity", "online_rate", "denominator"}) == me - (ms + 14) + 1);  // opened on the 15th
  CHECK_FALSE(
      row(last_month, "stations", e.closed_station).at("operating").as_bool());  // closed on the last day
  const auto this_month = w.get_json("/v1/counties/510824/stations?period=" + month_label(me + 1));
  CHECK(num(row(this_month, "stations", e.station), {"activity", "sales", "count"}) == 1);

  const auto cov = w.get_json("/v1/counties/510824/coverage");
  CHECK(strings(row(cov, "villages", e.village_station, "code").at("stations")).size() == 1);
  CHECK(num(row(cov, "villages", e.village_closed_point, "code"), {"courier_points"}) ==
        0);  // closed on the last day
  CHECK(num(row(cov, "villages", e.village_new_point, "code"), {"courier_points"}) ==
        0);  // opens the day after
  const auto day_before = "from=" + day_text(ms) + "&to=" + day_text(me - 1);
  const auto before_end = w.get_json("/v1/counties/510824/coverage?" + day_before);
  const auto& closing = row(before_end, "villages", e.village_closed_point, "code");
  CHECK(num(closing, {"courier_points"}) == 1);
  CHECK(closing.at("fixed_point").as_bool());
  CHECK(strings(closing.at("brands")).size() == 4);
  CHECK(row(w.get_json("/v1/counties/510824/stations?" + day_before), "stations", e.closed_station)
            .at("operating")
            .as_bool());
  const auto before_opening =
      w.get_json("/v1/counties/510824/coverage?from=" + day_text(ms) + "&to=" + day_text(ms + 13));
  CHECK(strings(row(before_opening, "villages", e.village_station, "code").at("reasons")).front() ==
        "no_station");
  const auto now = w.get_json("/v1/counties/510824/coverage?period=" + month_label(me + 1));
  CHECK(num(row(now, "villages", e.village_new_point, "code"), {"courier_points"}) == 1);
}

}  // namespace

TEST_CASE("kpi over real sync: every figure equals a recount of what 120 stations sent",
          "[kpi][integration][recount]") {
  kpi_world w;
  CHECK(w.stations.size() == 120);
  CHECK(w.listings.size() > 2000);
  CHECK(w.pickups.size() > 2000);
  CHECK(w.points.size() > 100);
  // The ops in a village the registry lacks were refused and count nowhere.
  CHECK(w.rejected_expected > 0);
  CHECK(w.rejected_seen == w.rejected_expected);
  std::set<std::string> towns;
  for (const auto& s : w.stations) towns.insert(s.village.substr(0, 9));
  CHECK(towns.size() >= 20);  // spread across the county
  for (const auto& p : periods(w)) check_period(w, p);
  check_edges(w);
}
