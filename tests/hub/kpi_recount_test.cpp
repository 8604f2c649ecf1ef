// A generated county on the real 荣昌区 (500153) registry: 130 stations, 160 courier
// points and a year of listings, pickups and syncs from a fixed seed. Every KPI the engine
// reports must equal a recount done here by plain loops over the raw rows (KPIS.md).
#include <catch2/catch.hpp>

#include <map>
#include <random>
#include <set>

#include "cunzhan/hub/kpi.hpp"
#include "cunzhan/hub/report_source.hpp"
#include "cunzhan/shared/csv.hpp"
#include "cunzhan/shared/division_code.hpp"
#include "kpi_fixture.hpp"

using namespace cunzhan;
using namespace cunzhan::hub;
using namespace cunzhan::hub::testing;

namespace {

struct raw_station {
  std::string id, village, opened, closed;
};
struct raw_point {
  std::string id, kind, located;
  int days;
  std::string opened, closed;
  std::vector<std::string> served, brands;
};
struct raw_listing {
  std::string id, station, village, category, status;
  std::int64_t amount, sold_at, created_at;
};
struct raw_pickup {
  std::string id, station, village, direction, status;
  std::int64_t parcels, requested, due, picked;
};
struct raw_session {
  std::string station;
  std::int64_t ended;
  bool ok;
};

struct world {
  std::vector<std::pair<std::string, std::string>> townships;  // code, name
  std::vector<std::string> villages;
  std::map<std::string, raw_station> stations;
  std::vector<raw_point> points;
  std::vector<raw_listing> listings;
  std::vector<raw_pickup> pickups;
  std::vector<raw_session> sessions;
};

std::vector<csv::row> read_csv(const std::string& name) {
  auto text = csv::to_utf8(test::read_file(test::divisions_dir() / name));
  auto rows = csv::parse(*text);
  REQUIRE(rows);
  return std::vector<csv::row>(rows->begin() + 1, rows->end());  // skip the header
}

std::string day_text(std::int64_t n) { return format_date(kpi::from_day_number(n)); }

world generate(kpi_db& d) {
  world w;
  std::mt19937 rng(20261122);
  const auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  const auto chance = [&](double p) { return std::bernoulli_distribution(p)(rng); };
  d.begin();
  for (const auto& r : read_csv("streets-500153.csv")) {
    w.townships.emplace_back(r.cells[0], r.cells[1]);
    d.township(r.cells[0], r.cells[1]);
  }
  std::vector<std::string> admin;
  for (const auto& r : read_csv("villages-500153.csv")) {
    w.villages.push_back(r.cells[0]);
    d.village(r.cells[0], r.cells[1]);
    if (is_administrative_village_code(r.cells[0])) admin.push_back(r.cells[0]);
  }
  REQUIRE(admin.size() == 92);
  const auto any_village = [&] {
    return chance(0.85) ? admin[pick(0, int(admin.size()) - 1)]
                        : w.villages[pick(0, int(w.villages.size()) - 1)];
  };
  const std::int64_t d2024 = kpi::day_number(day("2024-06-01")), d2025 = kpi::day_number(day("2025-01-01"));
  const std::int64_t d2027 = kpi::day_number(day("2027-01-01"));
  for (int i = 0; i < 130; ++i) {
    raw_station s{"st" + std::to_string(i), any_village(), day_text(pick(int(d2025), int(d2027) - 60)), ""};
    if (chance(0.15)) s.closed = day_text(kpi::day_number(*parse_date(s.opened)) + pick(1, 300));
    std::int64_t enrolled = at(s.opened + " 09:00");
    if (chance(0.05)) s.opened.clear();  // unset: the enrolment day counts
    d.station(s.id, s.village, s.opened, s.closed, enrolled);
    if (s.opened.empty()) s.opened = format_date(shanghai_day(sys_seconds(std::chrono::seconds(enrolled))));
    w.stations[s.id] = s;
  }
  const std::vector<std::string> brands{"EMS", "YZPY", "SF", "ZTO", "YTO", "STO", "YD", "JD", "JTSD"};
  const std::vector<std::string> kinds{"village_fixed", "served_village", "township_outlet"};
  for (int i = 0; i < 160; ++i) {
    raw_point p;
    p.id = "pt" + std::to_string(i);
    p.kind = kinds[pick(0, 2)];
    p.located =
        p.kind == "township_outlet" ? w.townships[pick(0, int(w.townships.size()) - 1)].first : any_village();
    p.days = pick(1, 7);
    if (!chance(0.05)) p.opened = day_text(pick(int(d2024), int(d2027)));
    if (chance(0.15)) p.closed = day_text(pick(int(d2025), int(d2027)));
    for (int k = pick(0, 4); k > 0; --k) p.served.push_back(any_village());
    std::set<std::string> bs;
    for (int k = pick(1, 5); k > 0; --k) bs.insert(brands[pick(0, int(brands.size()) - 1)]);
    p.brands.assign(bs.begin(), bs.end());
    std::sort(p.served.begin(), p.served.end());
    p.served.erase(std::unique(p.served.begin(), p.served.end()), p.served.end());
    d.point(p.id, p.kind, p.located, p.days, p.opened, p.closed, p.served, p.brands);
    w.points.push_back(p);
  }
  const std::int64_t t0 = at("2025-01-01 00:00"), t1 = at("2027-01-01 00:00");
  const auto instant = [&] { return std::uniform_int_distribution<std::int64_t>(t0, t1 - 1)(rng); };
  const std::vector<std::string> cats{"fruit", "vegetable", "grain", "tea", "livestock"};
  const std::vector<std::string> lstat{"draft", "listed", "reserved", "sold", "sold", "withdrawn"};
  for (int i = 0; i < 6000; ++i) {
    const auto& st = w.stations["st" + std::to_string(pick(0, 129))];
    raw_listing l{"l" + std::to_string(i),
                  st.id,
                  chance(0.8) ? st.village : any_village(),
                  cats[pick(0, 4)],
                  lstat[pick(0, 5)],
                  0,
                  0,
                  instant()};
    if (l.status == "sold") {
      l.amount = pick(100, 500000);
      l.sold_at = instant();
    }
    d.listing(l.id, l.station, l.village, l.category, l.status, l.amount, l.sold_at, l.created_at);
    w.listings.push_back(l);
  }
  const std::vector<std::string> pstat{"requested", "picked_up", "picked_up",
                                       "picked_up", "cancelled", "failed"};
  for (int i = 0; i < 6000; ++i) {
    const auto& st = w.stations["st" + std::to_string(pick(0, 129))];
    raw_pickup p{"p" + std::to_string(i),
                 st.id,
                 st.village,
                 chance(0.6) ? "outbound" : "inbound",
                 pstat[pick(0, 5)],
                 pick(1, 20),
                 instant(),
                 0,
                 0};
    p.due = p.requested + pick(3600, 72 * 3600);
    if (p.status == "picked_up") p.picked = p.requested + pick(600, 96 * 3600);
    d.pickup(p.id, p.station, p.village, p.direction, p.parcels, p.status, p.requested, p.due, p.picked);
    w.pickups.push_back(p);
  }
  const std::int64_t s0 = at("2025-12-01 00:00");
  for (const auto& [id, st] : w.stations) {
    for (std::int64_t t = s0; t < t1; t += 86400) {
      if (!chance(0.8)) continue;
      // Mostly nightly, sometimes by day, sometimes the next early morning.
      const int slot = pick(0, 9);
      const std::int64_t sec = slot < 6   ? pick(17 * 3600, 86399)
                               : slot < 8 ? pick(0, 8 * 3600)
                                          : pick(8 * 3600, 18 * 3600 + 1);
      raw_session s{id, t + sec, chance(0.95)};
      d.session(s.station, s.ended, s.ok);
      w.sessions.push_back(s);
    }
  }
  d.commit();
  return w;
}

// ---- the recount: straight from KPIS.md, one loop per definition ----

std::int64_t dn(const std::string& s) { return kpi::day_number(*parse_date(s)); }
bool operating(const std::string& opened, const std::string& closed, std::int64_t day) {
  return (opened.empty() || dn(opened) <= day) && (closed.empty() || dn(closed) > day);
}

struct recount {
  kpi::coverage cov;
  kpi::figure township_courier, online, on_time, timeliness, failure;
  std::int64_t sales_count = 0, sales_fen = 0, listings_new = 0, listings_active = 0, parcels_out = 0,
               parcels_in = 0;
  std::map<std::string, std::vector<std::string>> reasons;
  std::map<std::string, kpi::figure> station_online;
  std::map<std::string, std::int64_t> station_sales;
};

void add(kpi::figure& f, bool yes) {
  ++f.denominator;
  if (yes) ++f.numerator;
}

recount count(const world& w, const kpi::period& p, std::int64_t today) {
  recount r;
  const std::int64_t end = kpi::day_number(p.end), start = kpi::day_number(p.start);
  const std::int64_t b = p.begin_s(), e = p.end_s();
  std::set<std::string> counted_towns;
  for (const auto& v : w.villages) {
    if (!is_administrative_village_code(v)) continue;
    counted_towns.insert(v.substr(0, 9));
    bool station = false, fixed = false;
    int points = 0, freq = 0;
    std::set<std::string> brands;
    for (const auto& [id, s] : w.stations) station |= s.village == v && operating(s.opened, s.closed, end);
    for (const auto& pt : w.points) {
      if (!operating(pt.opened, pt.closed, end)) continue;
      bool serves = pt.located == v;
      for (const auto& sv : pt.served) serves |= sv == v;
      if (!serves) continue;
      ++points;
      freq = std::max(freq, pt.days);
      brands.insert(pt.brands.begin(), pt.brands.end());
      fixed |= pt.kind == "village_fixed" && pt.located == v;
    }
    add(r.cov.station, station);
    add(r.cov.courier, points > 0);
    add(r.cov.four_brands, brands.size() >= 4);
    add(r.cov.freq3, freq >= 3);
    add(r.cov.freq5, freq >= 5);
    add(r.cov.fixed_point, fixed);
    auto& why = r.reasons[v];
    if (!station) why.push_back("no_station");
    if (points == 0)
      why.push_back("no_courier_point");
    else if (freq < 3)
      why.push_back("low_frequency");
  }
  for (const auto& t : counted_towns) {
    bool any = false;
    for (const auto& pt : w.points)
      any |= operating(pt.opened, pt.closed, end) && pt.located.substr(0, 9) == t;
    add(r.township_courier, any);
  }
  std::map<std::string, std::vector<raw_session>> by_station;  // only to keep the loops short
  for (const auto& x : w.sessions) by_station[x.station].push_back(x);
  for (const auto& [id, s] : w.stations) {
    auto& f = r.station_online[id];
    const auto& mine = by_station[id];
    for (std::int64_t dd = start; dd <= std::min(end, today); ++dd) {
      if (!operating(s.opened, s.closed, dd)) continue;
      const std::int64_t mid = shanghai_midnight(kpi::from_day_number(dd)).time_since_epoch().count();
      bool on = false, in_time = false;
      for (const auto& x : mine) {
        if (!x.ok) continue;
        on |= x.ended >= mid && x.ended < mid + 86400;
        in_time |= x.ended > mid + 18 * 3600 && x.ended <= mid + 86400 + 6 * 3600;
      }
      add(f, on);
      add(r.on_time, in_time);
    }
    r.online += f;
  }
  for (const auto& l : w.listings) {
    if (l.status == "sold" && l.sold_at >= b && l.sold_at < e) {
      ++r.sales_count;
      r.sales_fen += l.amount;
      r.station_sales[l.station] += l.amount;
    }
    if (l.created_at >= b && l.created_at < e) ++r.listings_new;
    if (l.status == "listed" || l.status == "reserved") ++r.listings_active;
  }
  for (const auto& x : w.pickups) {
    if (x.status == "picked_up" && x.picked >= b && x.picked < e)
      (x.direction == "inbound" ? r.parcels_in : r.parcels_out) += x.parcels;
    if (x.status != "cancelled" && x.due >= b && x.due < e)
      add(r.timeliness, x.status == "picked_up" && x.picked <= x.due);
    if (x.status != "cancelled" && x.requested >= b && x.requested < e) add(r.failure, x.status == "failed");
  }
  return r;
}

void same(const kpi::figure& a, const kpi::figure& b, const char* what) {
  INFO(what << ": engine " << a.numerator << "/" << a.denominator << " recount " << b.numerator << "/"
            << b.denominator);
  CHECK(a.numerator == b.numerator);
  CHECK(a.denominator == b.denominator);
}

}  // namespace

TEST_CASE("kpi: every figure equals a recount on a generated 荣昌区", "[kpi][recount]") {
  kpi_db d;
  const world w = generate(d);
  kpi::options o;
  o.today = day("2026-12-31");
  const std::int64_t today = kpi::day_number(o.today);
  for (const auto& [text, from, to] : std::vector<
           std::tuple<std::optional<std::string>, std::optional<std::string>, std::optional<std::string>>>{
           {"2026-11", {}, {}}, {"2026-Q2", {}, {}}, {"2026", {}, {}}, {{}, "2025-12-20", "2026-01-10"}}) {
    const auto p = *kpi::parse_period(text, from, to);
    INFO("period " << p.label);
    auto r = report::compute(*d.backend, "500153", p, o);
    REQUIRE(r);
    const recount c = count(w, p, today);
    CHECK(r->villages == 92);
    same(r->cov.station, c.cov.station, "station coverage");
    same(r->cov.courier, c.cov.courier, "village courier");
    same(r->cov.four_brands, c.cov.four_brands, "four brands");
    same(r->cov.freq3, c.cov.freq3, "≥3 days");
    same(r->cov.freq5, c.cov.freq5, "≥5 days");
    same(r->cov.fixed_point, c.cov.fixed_point, "fixed point");
    same(r->township_courier, c.township_courier, "township courier");
    same(r->act.online, c.online, "online");
    same(r->act.on_time, c.on_time, "on time");
    same(r->act.timeliness, c.timeliness, "timeliness");
    same(r->act.failure, c.failure, "failure");
    CHECK(r->act.sales_count == c.sales_count);
    CHECK(r->act.sales_fen == c.sales_fen);
    CHECK(r->act.listings_new == c.listings_new);
    CHECK(r->act.listings_active == c.listings_active);
    CHECK(r->act.parcels_out == c.parcels_out);
    CHECK(r->act.parcels_in == c.parcels_in);
    CHECK(r->sales_mom.earlier == count(w, p.previous(), today).sales_fen);
    CHECK(r->sales_yoy.earlier == count(w, p.year_earlier(), today).sales_fen);
    CHECK(r->cov.station.numerator > 0);
    CHECK(r->act.online.numerator > 0);
    REQUIRE(r->villages_table.size() == c.reasons.size());
    for (const auto& v : r->villages_table) {
      INFO(v.code);
      CHECK(v.reasons == c.reasons.at(v.code));
    }
    REQUIRE(r->stations_table.size() == 130);
    for (const auto& s : r->stations_table) {
      INFO(s.id);
      same(s.act.online, c.station_online.at(s.id), "station online");
      CHECK(s.act.sales_fen == (c.station_sales.count(s.id) ? c.station_sales.at(s.id) : 0));
    }
    // Townships partition the county: their figures add up to the county's.
    kpi::figure town_station, town_online;
    for (const auto& t : r->townships_table) {
      town_station += t.cov.station;
      town_online += t.act.online;
    }
    same(town_station, r->cov.station, "townships sum to county coverage");
    CHECK(town_online.denominator <=
          r->act.online.denominator);  // stations in uncounted townships are left out
  }
}
