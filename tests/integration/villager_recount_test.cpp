// Issue 18: the generated 荣昌区 of villager_world (stations' registers, 代买 orders, services,
// listings by seller kind, all through the real sync engine over TLS; population, roster
// and training through the `hub` CLI) and every villager-services figure the hub shows —
// JSON for the county, each township and each station, and the county's CSV — equal to a
// recount done here with plain loops, word for word from KPIS.md "Villager services",
// for last month and last year.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <map>
#include <set>

#include "cunzhan/shared/csv.hpp"
#include "cunzhan/shared/json_util.hpp"
#include "kpi_world.hpp"
#include "villager_world.hpp"

using namespace cunzhan;
using namespace cunzhan::test::integration;
namespace json = boost::json;

namespace {

constexpr std::int64_t k_week = 604800;

struct span {
  std::int64_t first = 0, last = 0;
};
struct per {
  std::string label;
  span now, prev, yago;
};
std::int64_t from_ymd(std::chrono::year_month_day d) { return day_no(date{d}); }
std::chrono::year_month_day ymd(std::int64_t n) {
  return std::chrono::year_month_day{std::chrono::sys_days{std::chrono::days{n}}};
}
// E − 1 year: the same month and day a year earlier (29 February → 28 February).
std::int64_t year_back(std::int64_t e) {
  auto b = ymd(e) - std::chrono::years{1};
  if (!b.ok()) b = b.year() / b.month() / std::chrono::last;
  return from_ymd(b);
}
span window(std::int64_t e) { return {year_back(e) + 1, e}; }
bool in(std::int64_t d, const span& s) { return d >= s.first && d <= s.last; }

per month_period(std::int64_t first) {
  using namespace std::chrono;
  const auto m = ymd(first).year() / ymd(first).month();
  const auto span_of = [](year_month x) {
    return span{from_ymd(x / day{1}), from_ymd(year_month_day{x / last})};
  };
  char label[16];
  std::snprintf(label, sizeof label, "%04d-%02u", int(m.year()), unsigned(m.month()));
  return {label, span_of(m), span_of(m - months{1}), span_of(m - years{1})};
}
per year_period(int y) {
  using namespace std::chrono;
  const auto span_of = [](int x) {
    return span{from_ymd(year{x} / January / 1), from_ymd(year{x} / December / 31)};
  };
  return {std::to_string(y), span_of(y), span_of(y - 1), span_of(y - 1)};
}

// What is in scope: the county (key empty), a township or a station.
struct scope {
  enum { county, township, station } kind = county;
  std::string key;
};

struct totals {
  std::int64_t count = 0, fen = 0;
};
struct expected {
  totals orders, prev, yago;
  std::int64_t returned = 0, cancelled = 0, waiting = 0;
  std::map<std::string, totals> by_cat, by_plat;
  std::optional<double> median;
  std::int64_t served = 0, population = 0, served_before = 0, without_population = 0;
  std::int64_t trained = 0, operating = 0, officers = 0, sessions = 0, leaders = 0;
  std::int64_t trained_to_date = 0, trained_ever = 0;  // serving on E / also leavers (county only)
  double hours = 0;
  std::int64_t coops = 0, firms = 0, households = 0, household_sales = 0;
};

struct recount {
  const villager_world& w;
  std::map<std::string, const vw_station*> station_of;
  std::map<std::string, std::string> villager_village;

  explicit recount(const villager_world& world) : w(world) {
    for (const auto& s : w.stations) station_of[s.id] = &s;
    for (const auto& v : w.villagers) villager_village[v.id] = v.village;
  }
  bool station_in(const scope& s, const std::string& id) const {
    if (s.kind == scope::county) return true;
    if (s.kind == scope::township) return station_of.at(id)->township == s.key;
    return id == s.key;
  }
  bool village_in(const scope& s, const std::string& v) const {
    if (s.kind == scope::county) return true;
    if (s.kind == scope::township) return w.village_township.at(v) == s.key;
    return v == station_of.at(s.key)->village;
  }
  static bool serving(const vw_officer& o, const std::string& station, std::int64_t d) {
    return std::any_of(o.serves.begin(), o.serves.end(), [&](const vw_assignment& a) {
      return a.station == station && a.from <= d && (a.to == 0 || a.to >= d);
    });
  }
  bool serving_in(const vw_officer& o, const scope& s, std::int64_t d) const {
    return std::any_of(o.serves.begin(), o.serves.end(), [&](const vw_assignment& a) {
      return station_in(s, a.station) && serving(o, a.station, d);
    });
  }
  const vw_officer& officer(const std::string& id) const {
    return *std::find_if(w.officers.begin(), w.officers.end(),
                         [&](const vw_officer& o) { return o.id == id; });
  }

  // Orders bought for the villager: ordered in the span, not cancelled or returned.
  totals bought(const scope& s, const span& p, std::map<std::string, totals>* cat = nullptr,
                std::map<std::string, totals>* plat = nullptr) const {
    totals t;
    for (const auto& o : w.orders) {
      if (!station_in(s, o.station) || !in(day_of_instant(o.ordered), p)) continue;
      if (o.status != "ordered" && o.status != "arrived" && o.status != "handed_over") continue;
      ++t.count;
      t.fen += o.amount;
      if (cat) (*cat)[o.category].count++, (*cat)[o.category].fen += o.amount;
      if (plat) (*plat)[o.platform].count++, (*plat)[o.platform].fen += o.amount;
    }
    return t;
  }

  // Distinct villagers served in the 12-month window ending e, living in a village of the
  // scope that has a population row (and, for a station, served by that station).
  std::int64_t served(const scope& s, std::int64_t e) const {
    std::set<std::string> who;
    for (const auto& x : w.services) {
      if (!in(x.day, window(e))) continue;
      const auto v = villager_village.find(x.villager);
      if (v == villager_village.end() || !w.population.count(v->second) || !village_in(s, v->second))
        continue;
      if (s.kind == scope::station && x.station != s.key) continue;
      who.insert(x.villager);
    }
    return static_cast<std::int64_t>(who.size());
  }

  expected count(const scope& s, const per& p) const {
    expected x;
    const std::int64_t e = p.now.last;
    x.orders = bought(s, p.now, &x.by_cat, &x.by_plat);
    x.prev = bought(s, p.prev);
    x.yago = bought(s, p.yago);
    const std::int64_t t = std::min(midnight_of(e + 1), now_seconds().time_since_epoch().count());
    std::vector<double> days;
    for (const auto& o : w.orders) {
      if (!station_in(s, o.station)) continue;
      if (in(day_of_instant(o.ordered), p.now)) {
        x.returned += o.status == "returned";
        x.cancelled += o.status == "cancelled";
      }
      if (o.status == "handed_over" && in(day_of_instant(o.handed), p.now))
        days.push_back(double(o.handed - o.arrived) / 86400.0);
      const auto done_by_t = [&](std::int64_t at) { return at != 0 && at <= t; };
      if (o.arrived != 0 && t - o.arrived > k_week && !done_by_t(o.handed) && !done_by_t(o.returned) &&
          !done_by_t(o.cancelled))
        ++x.waiting;
    }
    std::sort(days.begin(), days.end());
    if (!days.empty()) {
      const std::size_t n = days.size();
      x.median = n % 2 ? days[n / 2] : (days[n / 2 - 1] + days[n / 2]) / 2;
    }
    for (const auto& [v, town] : w.village_township) {
      if (!village_in(s, v)) continue;
      if (const auto it = w.population.find(v); it != w.population.end()) {
        x.population += it->second;
      } else if (w.village_admin.at(v)) {
        ++x.without_population;
      }
    }
    x.served = served(s, e);
    x.served_before = served(s, year_back(e));
    for (const auto& st : w.stations) {
      if (!station_in(s, st.id)) continue;  // every station operates from 1100 days ago
      ++x.operating;
      x.trained += std::any_of(w.officers.begin(), w.officers.end(), [&](const vw_officer& o) {
        return serving(o, st.id, e) &&
               std::any_of(w.sessions.begin(), w.sessions.end(), [&](const vw_session& m) {
                 return in(m.day, window(e)) && std::count(m.attendees.begin(), m.attendees.end(), o.id);
               });
      });
    }
    std::set<std::string> trained;
    for (const auto& m : w.sessions) {
      if (!in(m.day, p.now)) continue;
      bool any = false;
      for (const auto& a : m.attendees) {
        if (s.kind != scope::county && !serving_in(officer(a), s, m.day)) continue;
        any = true;
        trained.insert(a);
        x.hours += m.hours;
      }
      x.sessions += any;
    }
    x.officers = static_cast<std::int64_t>(trained.size());
    for (const auto& o : w.officers) x.leaders += o.leader_on && *o.leader_on <= e && serving_in(o, s, e);
    // Serving a station of the scope on E, with a session dated on or before E.
    for (const auto& o : w.officers) {
      const bool ever = std::any_of(w.sessions.begin(), w.sessions.end(), [&](const vw_session& m) {
        return m.day <= e && std::count(m.attendees.begin(), m.attendees.end(), o.id);
      });
      x.trained_ever += ever;
      x.trained_to_date += ever && serving_in(o, s, e);
    }
    std::set<std::string> coops, firms, households;
    for (const auto& l : w.listings) {
      if (l.sold_at == 0 || !in(day_of_instant(l.sold_at), p.now)) continue;
      if (s.kind == scope::township && w.village_township.at(l.village) != s.key) continue;
      if (s.kind == scope::station && l.station != s.key) continue;
      if (l.kind == "cooperative") coops.insert(l.seller_name);
      if (l.kind == "enterprise") firms.insert(l.seller_name);
      if (l.kind == "household") {
        ++x.household_sales;
        if (!l.villager.empty()) households.insert(l.villager);
      }
    }
    x.coops = std::ssize(coops), x.firms = std::ssize(firms), x.households = std::ssize(households);
    return x;
  }
};

std::int64_t num(const json::value& v) {
  if (v.is_int64()) return v.as_int64();
  if (v.is_uint64()) return static_cast<std::int64_t>(v.as_uint64());
  FAIL("not an integer: " << json::serialize(v));
  return 0;
}
std::optional<double> dbl(const json::value& v) {
  if (v.is_null()) return std::nullopt;
  return v.is_double() ? v.as_double() : double(num(v));
}
std::optional<double> ratio(std::int64_t n, std::int64_t d) {
  return d == 0 ? std::nullopt : std::optional<double>(double(n) / double(d));
}
void same(const std::optional<double>& got, const std::optional<double>& want) {
  REQUIRE(got.has_value() == want.has_value());
  if (want) CHECK(std::abs(*got - *want) < 1e-9);
}
void check_figure(const json::value& f, std::int64_t n, std::int64_t d) {
  CHECK(num(f.at("numerator")) == n);
  CHECK(num(f.at("denominator")) == d);
  same(dbl(f.at("value")), ratio(n, d));
}
void check_growth(const json::value& g, const totals& now, const totals& earlier, bool amount) {
  const std::int64_t c = amount ? now.fen : now.count, e = amount ? earlier.fen : earlier.count;
  CHECK(num(g.at("current")) == c);
  CHECK(num(g.at("earlier")) == e);
  same(dbl(g.at("value")), e == 0 ? std::nullopt : std::optional<double>(double(c - e) / double(e)));
}
void check_split(const json::value& got, const std::map<std::string, totals>& want) {
  REQUIRE(got.as_object().size() == want.size());
  for (const auto& [code, t] : want) {
    INFO(code);
    CHECK(num(got.at(code).at("count")) == t.count);
    CHECK(num(got.at(code).at("amount_fen")) == t.fen);
  }
}

// One `villager_services` object against the recount.
void check_services(const json::value& v, const expected& x) {
  const auto& b = v.at("proxy_buy");
  CHECK(num(b.at("count")) == x.orders.count);
  CHECK(num(b.at("amount_fen")) == x.orders.fen);
  CHECK(num(b.at("returned")) == x.returned);
  CHECK(num(b.at("cancelled")) == x.cancelled);
  check_split(b.at("by_category"), x.by_cat);
  check_split(b.at("by_platform"), x.by_plat);
  check_growth(b.at("growth").at("amount_mom"), x.orders, x.prev, true);
  check_growth(b.at("growth").at("amount_yoy"), x.orders, x.yago, true);
  check_growth(b.at("growth").at("count_mom"), x.orders, x.prev, false);
  check_growth(b.at("growth").at("count_yoy"), x.orders, x.yago, false);
  same(dbl(b.at("handover_days_median")), x.median);
  CHECK(num(b.at("waiting_over_7_days")) == x.waiting);
  check_figure(v.at("people_served_rate"), x.served, x.population);
  const auto now = ratio(x.served, x.population), before = ratio(x.served_before, x.population);
  const auto& g = v.at("people_served_growth");
  same(dbl(g.at("current")), now);
  same(dbl(g.at("earlier")), before);
  if (now && before) {
    CHECK(g.at("grew").as_bool() == (*now > *before));
  } else {
    CHECK(g.at("grew").is_null());
  }
  CHECK(num(v.at("villages_without_population")) == x.without_population);
  check_figure(v.at("trained_station_rate"), x.trained, x.operating);
  CHECK(num(v.at("officers_trained")) == x.officers);
  CHECK(num(v.at("officers_trained_to_date")) == x.trained_to_date);
  same(dbl(v.at("training_hours")), x.hours);
  CHECK(num(v.at("training_sessions")) == x.sessions);
  CHECK(num(v.at("ecommerce_leaders")) == x.leaders);
  const auto& s = v.at("online_sellers");
  CHECK(num(s.at("cooperatives")) == x.coops);
  CHECK(num(s.at("enterprises")) == x.firms);
  CHECK(num(s.at("households")) == x.households);
  CHECK(num(s.at("household_sales")) == x.household_sales);
}

json::value parse(const std::string& body) {
  auto v = parse_json(body);
  REQUIRE(static_cast<bool>(v));
  return std::move(*v);
}

std::string pct(std::optional<double> v) {
  if (!v) return "";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f%%", *v * 100.0);
  return buf;
}
std::string yuan(std::int64_t fen) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%lld.%02lld", static_cast<long long>(fen / 100),
                static_cast<long long>(fen % 100));
  return buf;
}
std::string fixed(std::optional<double> v, int decimals) {
  if (!v) return "";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, *v);
  return buf;
}

// The county's KPI table as CSV: rows by 指标代码, cells 分子, 分母, 数值, 目标, 是否达标.
void check_csv(const std::string& body, const expected& x, const villager_world& w) {
  REQUIRE(body.rfind("\xEF\xBB\xBF", 0) == 0);
  auto rows = csv::parse(std::string_view(body).substr(3));
  REQUIRE(static_cast<bool>(rows));
  std::map<std::string, std::vector<std::string>> by_key;
  for (const auto& r : *rows)
    if (r.cells.size() >= 7)
      by_key[r.cells[1]] = {r.cells[2], r.cells[3], r.cells[4], r.cells[5], r.cells[6]};
  const auto row = [&](const std::string& key) {
    INFO(key);
    REQUIRE(by_key.count(key));
    return by_key[key];
  };
  const auto value = [&](const std::string& key, const std::string& want) {
    INFO(key);
    CHECK(row(key)[2] == want);
  };
  const auto ratio_row = [&](const std::string& key, std::int64_t n, std::int64_t d) {
    INFO(key);
    const auto r = row(key);
    CHECK(r[0] == std::to_string(n));
    CHECK(r[1] == std::to_string(d));
    CHECK(r[2] == pct(ratio(n, d)));
  };
  const auto kpi_row = [&](const std::string& key, std::int64_t n, std::int64_t d, double target) {
    ratio_row(key, n, d);
    const auto r = row(key);
    CHECK(r[3] == pct(target));
    const auto v = ratio(n, d);
    CHECK(r[4] == (!v ? "" : *v + 1e-9 >= target ? "达标" : "未达标"));
  };
  // A count line: 数值 the count, 目标 a whole number, no 分子/分母.
  const auto count_row = [&](const std::string& key, std::int64_t n, std::int64_t target) {
    INFO(key);
    const auto r = row(key);
    CHECK((r[0].empty() && r[1].empty()));
    CHECK(r[2] == std::to_string(n));
    CHECK(r[3] == std::to_string(target));
    CHECK(r[4] == (n >= target ? "达标" : "未达标"));
  };
  kpi_row("people_served_rate", x.served, x.population, w.people_served_target);
  kpi_row("trained_station_rate", x.trained, x.operating, w.trained_station_target);
  count_row("officers_trained_to_date", x.trained_to_date, w.officers_trained_target);
  ratio_row("people_served_rate_earlier", x.served_before, x.population);
  value("proxy_buy_count", std::to_string(x.orders.count));
  value("proxy_buy_amount_yuan", yuan(x.orders.fen));
  ratio_row("proxy_buy_amount_mom", x.orders.fen - x.prev.fen, x.prev.fen);
  ratio_row("proxy_buy_amount_yoy", x.orders.fen - x.yago.fen, x.yago.fen);
  ratio_row("proxy_buy_count_mom", x.orders.count - x.prev.count, x.prev.count);
  ratio_row("proxy_buy_count_yoy", x.orders.count - x.yago.count, x.yago.count);
  value("handover_days_median", fixed(x.median, 2));
  value("waiting_over_7_days", std::to_string(x.waiting));
  value("villages_without_population", std::to_string(x.without_population));
  value("officers_trained", std::to_string(x.officers));
  value("training_hours", fixed(x.hours, 1));
  value("ecommerce_leaders", std::to_string(x.leaders));
  value("online_cooperatives", std::to_string(x.coops));
  value("online_enterprises", std::to_string(x.firms));
  value("online_households", std::to_string(x.households));
  value("household_sales", std::to_string(x.household_sales));
}

}  // namespace

TEST_CASE("villager services: a generated county through the real sync path recounted",
          "[integration][kpi]") {
  villager_world w;
  const recount rc(w);
  const int year = int(ymd(w.today).year()) - 1;
  for (const per& p : {month_period(w.month_first), year_period(year)}) {
    {
      INFO("period " << p.label);
      const std::string q = "?period=" + p.label, base = std::string("/v1/counties/") + k_vw_county;
      const auto kpis = parse(w.get(base + "/kpis" + q));
      const expected county = rc.count({}, p);
      {
        INFO("county");
        check_services(kpis.at("villager_services"), county);
      }
      for (const auto& line : kpis.at("kpis").as_array()) {
        const std::string key(line.at("kpi").as_string());
        if (key == "officers_trained_to_date" || key == "ecommerce_leaders") {
          INFO(key);
          const bool officers = key == "officers_trained_to_date";
          const std::int64_t n = officers ? county.trained_to_date : county.leaders;
          const std::int64_t target = officers ? w.officers_trained_target : w.leaders_target;
          CHECK(line.at("kind").as_string() == "count");
          check_figure(line.at("figure"), n, 1);
          CHECK(num(line.at("target")) == target);
          CHECK(line.at("pass").as_bool() == (n >= target));
          continue;
        }
        if (key != "people_served_rate" && key != "trained_station_rate") continue;
        INFO(key);
        CHECK(line.at("kind").as_string() == "share");
        const bool people = key == "people_served_rate";
        const std::int64_t n = people ? county.served : county.trained;
        const std::int64_t d = people ? county.population : county.operating;
        const double target = people ? w.people_served_target : w.trained_station_target;
        check_figure(line.at("figure"), n, d);
        same(dbl(line.at("target")), target);
        if (const auto v = ratio(n, d)) {
          CHECK(line.at("pass").as_bool() == (*v + 1e-9 >= target));
        } else {
          CHECK(line.at("pass").is_null());
        }
      }
      check_csv(w.get(base + "/report.csv" + q + "&table=kpis"), county, w);

      const auto towns = parse(w.get(base + "/townships" + q));
      std::set<std::string> seen;
      for (const auto& t : towns.at("townships").as_array()) {
        const std::string code(t.at("code").as_string());
        INFO("township " << code);
        seen.insert(code);
        check_services(t.at("villager_services"), rc.count({scope::township, code}, p));
      }
      for (const auto& s : w.stations) CHECK(seen.count(s.township));

      const auto stations = parse(w.get(base + "/stations" + q));
      REQUIRE(stations.at("stations").as_array().size() == w.stations.size());
      for (const auto& s : stations.at("stations").as_array()) {
        const std::string id(s.at("id").as_string());
        INFO("station " << id);
        check_services(s.at("villager_services"), rc.count({scope::station, id}, p));
      }
      // The generated records do reach every branch of the definitions in the month.
      if (p.label.size() == 7) {
        CHECK(county.waiting >= 3);
        CHECK(county.returned + county.cancelled >= 1);
        CHECK(county.median.has_value());
        CHECK(county.without_population >= 1);
        CHECK(county.coops >= 1);
        // A trained leaver is not counted to date; a session after E is not either.
        CHECK(county.trained_ever > county.trained_to_date);
        CHECK(county.trained_to_date >= 1);
        CHECK(county.leaders == w.leaders_target);  // equal to its target: met
      }
    }
  }
}
