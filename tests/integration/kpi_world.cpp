// Building the generated county: registry import, enrolment, a year of station records
// written through the station store API, and syncs through the real engine.
//
// What the station API cannot express, and what is done instead:
// - A station's closing date: the hub has no command for it (only `hub enroll
//   --opened-on`), so closed_on is written into hub.db's station row, as an
//   administrator would have to today.
// - Sync sessions in the past: the hub stamps a session with its own clock when it
//   receives it, so every session here happens today (online rates are recounted for
//   today; kpi_recount_test covers a year of sessions inserted directly).
// Everything else takes the officer's dates: created_at, sold_at, requested/due/picked-up
// times, a point's opened_on/closed_on, and the station's opened_on at enrolment.
#include "kpi_world.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <functional>
#include <mutex>
#include <random>
#include <regex>
#include <set>
#include <stdexcept>
#include <thread>

#include "cunzhan/net/https_client.hpp"
#include "cunzhan/shared/csv.hpp"
#include "cunzhan/shared/division_code.hpp"
#include "cunzhan/shared/enrolment.hpp"
#include "cunzhan/shared/uuid.hpp"
#include "cunzhan/station/store.hpp"
#include "cunzhan/station/sync.hpp"

namespace cunzhan::test::integration {
namespace {

namespace sc = station_client;

run_result must_run(const run_result& r, const std::string& what) {
  if (r.exit_code != 0) throw std::runtime_error(what + " failed: " + r.err + r.out);
  return r;
}

std::vector<csv::row> read_csv(const std::string& name) {
  auto rows = must(csv::parse(must(csv::to_utf8(read_file(divisions_dir() / name)), name)), name);
  rows.erase(rows.begin());  // the header
  return rows;
}

sys_seconds instant(std::int64_t s) { return sys_seconds(std::chrono::seconds(s)); }

// One change an officer makes at a station, at the time it happened.
struct event {
  std::int64_t at = 0;
  std::function<void(sc::store&)> apply;
};

const std::vector<std::string> k_brands{"EMS", "YZPY", "SF", "ZTO", "YTO", "STO", "YD", "JD", "JTSD", "DBL"};
const std::vector<std::string> k_categories{"fruit", "vegetable", "grain", "tea", "livestock", "herb"};

}  // namespace

struct kpi_world::generator {
  generator(kpi_world& world, unsigned seed) : w(world), rng(seed) {}
  kpi_world& w;
  std::mt19937 rng;
  std::mutex mu;                                            // syncs and counts from the sending threads
  std::int64_t now = 0, cut = 0, today = 0;                 // cut: records before it go in the first sync
  std::vector<std::string> pool, all_villages, town_codes;  // pool: admin villages not reserved for edges

  int pick(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); }
  std::int64_t between(std::int64_t lo, std::int64_t hi) {
    return std::uniform_int_distribution<std::int64_t>(lo, hi)(rng);
  }
  bool chance(double p) { return std::bernoulli_distribution(p)(rng); }
  const std::string& one_of(const std::vector<std::string>& v) {
    return v[static_cast<std::size_t>(pick(0, int(v.size()) - 1))];
  }
  std::string village() { return chance(0.85) ? one_of(pool) : one_of(all_villages); }

  std::string enroll(const std::string& village, const std::string& name, const std::string& opened,
                     const fs::path& out) {
    auto r = must_run(w.hub.hub({"enroll", "--data", w.hub.data().string(), "--village", village, "--name",
                                 name, "--opened-on", opened, "--hub-url", w.hub.url(), "--ca",
                                 w.hub.ca().string(), "--out", out.string()}),
                      "hub enroll");
    std::smatch m;
    if (!std::regex_search(r.out, m, std::regex("station_id=([0-9a-f-]+)")))
      throw std::runtime_error("no station_id");
    return m[1];
  }

  std::unique_ptr<sc::store> open_store(const fs::path& enrolment_file, const std::string& name) {
    auto s = must(sc::store::open(w.dir_ / name), "open station store");
    auto e = must(parse_enrolment(read_file(enrolment_file)), "enrolment file");
    must(s->meta().init(e, false), "station init");
    return s;
  }

  void sync(sc::store& s, const std::string& station) {
    sc::sync_options o;
    o.max_consecutive_failures = 4;
    raw_sync r{station, now_seconds().time_since_epoch().count(), 0};
    const auto rep = sc::run_sync(s, o);
    r.after = now_seconds().time_since_epoch().count();
    if (rep.outcome != sc::sync_outcome::complete)
      throw std::runtime_error("sync failed: " + rep.summary(lang::en));
    std::lock_guard lock(mu);
    w.syncs.push_back(r);
  }

  // A station's records, waiting to be written and sent.
  struct outbox {
    std::string station;
    fs::path enrolment;
    std::string dir;
    std::vector<event> evs;
  };

  // Each station writes the records older than `cut` and syncs, then writes the rest (later
  // changes to entities the hub already holds among them) and syncs again. Stations are
  // independent, so a few run at once, as they would at night.
  void send_all(std::vector<outbox>& todo) {
    std::atomic<std::size_t> next{0};
    std::exception_ptr failed;
    const auto worker = [&] {
      for (std::size_t i; (i = next++) < todo.size();) {
        try {
          auto& b = todo[i];
          std::stable_sort(b.evs.begin(), b.evs.end(),
                           [](const event& x, const event& y) { return x.at < y.at; });
          auto store = open_store(b.enrolment, b.dir);
          apply(*store, b.evs, cut);
          sync(*store, b.station);
          apply(*store, b.evs, std::nullopt);
          sync(*store, b.station);
          const auto rejected = must(store->outbox().counts(), "outbox counts").rejected;
          std::lock_guard lock(mu);
          w.rejected_seen += static_cast<int>(rejected);
        } catch (...) {
          std::lock_guard lock(mu);
          failed = std::current_exception();
          next = todo.size();
        }
      }
    };
    std::vector<std::thread> pool;
    for (int t = 0; t < 4; ++t) pool.emplace_back(worker);
    for (auto& t : pool) t.join();
    if (failed) std::rethrow_exception(failed);
  }

  // Applies the events before `until` (or all), oldest first, in one transaction.
  static void apply(sc::store& s, std::vector<event>& evs, std::optional<std::int64_t> until) {
    must(s.begin_bulk(), "begin");
    auto it = evs.begin();
    for (; it != evs.end() && (!until || it->at < *until); ++it) it->apply(s);
    must(s.commit_bulk(), "commit");
    evs.erase(evs.begin(), it);
  }

  void listing(const raw_station& st, std::int64_t from, const std::string& status, std::vector<event>& evs,
               std::int64_t created = 0, std::int64_t sold_at = 0, std::string village_code = "") {
    raw_listing l{uuid_v7(),
                  st.id,
                  village_code.empty() ? (chance(0.8) ? st.village : village()) : village_code,
                  one_of(k_categories),
                  status,
                  created ? created : between(from, now - 1),
                  0,
                  0};
    cunzhan::listing x;
    x.id = l.id;
    x.product_name = "农产品" + std::to_string(w.listings.size());
    x.category = l.category;
    x.quantity = pick(10, 1000);
    x.unit = "kg";
    x.price_fen = pick(100, 5000);
    x.village_code = l.village;
    x.farmer_name = "农户";
    x.farmer_phone = "13800001234";
    x.created_at = instant(l.created);
    x.status = status == "draft" ? listing_status::draft : listing_status::listed;
    evs.push_back({l.created, [x](sc::store& s) { must(s.listings().add(x), "add listing"); }});
    const std::string id = l.id;
    if (status == "sold") {
      l.sold_at = sold_at ? sold_at : between(l.created, now - 1);
      l.amount = pick(100, 500000);
    }
    if (status == "reserved" || (status == "sold" && chance(0.3))) {
      evs.push_back({between(l.created, status == "sold" ? l.sold_at : now - 1), [id](sc::store& s) {
                       must(s.listings().update(id,
                                                [](cunzhan::listing& v) {
                                                  v.status = listing_status::reserved;
                                                  return ok_status();
                                                }),
                            "reserve");
                     }});
    }
    if (status == "sold") {
      evs.push_back({l.sold_at, [id, q = x.quantity / 2, a = l.amount, t = l.sold_at](sc::store& s) {
                       must(s.listings().sell(id, q, a, instant(t), "拼多多"), "sell");
                     }});
    } else if (status == "withdrawn") {
      evs.push_back(
          {between(l.created, now - 1), [id](sc::store& s) { must(s.listings().withdraw(id), "withdraw"); }});
    }
    w.listings.push_back(std::move(l));
  }

  void pickup(const raw_station& st, std::int64_t from, std::vector<event>& evs) {
    static const std::vector<std::string> k_end{"requested", "picked_up", "picked_up", "picked_up",
                                                "picked_up", "cancelled", "failed"};
    raw_pickup p{uuid_v7(), st.id, chance(0.6) ? "outbound" : "inbound", one_of(k_end), pick(1, 20), 0, 0, 0};
    p.requested = between(from, now - 1);
    p.due = p.requested + between(3600, 72 * 3600);
    cunzhan::pickup x;
    x.id = p.id;
    x.brand = one_of(k_brands);
    x.direction = p.direction == "inbound" ? pickup_direction::inbound : pickup_direction::outbound;
    x.parcels = p.parcels;
    x.requested_at = instant(p.requested);
    x.due_at = instant(p.due);
    evs.push_back({p.requested, [x](sc::store& s) { must(s.pickups().add(x), "add pickup"); }});
    const std::int64_t t = std::min(now - 1, p.requested + between(600, 96 * 3600));
    if (p.status == "picked_up" && t < now - 1) {
      p.picked = t;
      evs.push_back({t, [id = p.id, t](sc::store& s) {
                       must(s.pickups().collect(id, instant(t), "ZT123"), "collect");
                     }});
    } else if (p.status == "cancelled") {
      evs.push_back({t, [id = p.id](sc::store& s) { must(s.pickups().cancel(id), "cancel"); }});
    } else if (p.status == "failed") {
      evs.push_back({t, [id = p.id](sc::store& s) { must(s.pickups().fail(id, "联系不上"), "fail"); }});
    } else {
      p.status = "requested";
    }
    w.pickups.push_back(std::move(p));
  }

  // A courier point; opened/closed days given, or random when empty ("-" = never closed).
  void point(const raw_station& st, std::int64_t from, std::vector<event>& evs, raw_point p) {
    static const std::vector<std::string> k_kinds{"village_fixed", "served_village", "township_outlet"};
    p.id = uuid_v7();
    p.station = st.id;
    if (p.kind.empty()) p.kind = one_of(k_kinds);
    if (p.located.empty()) p.located = p.kind == "township_outlet" ? one_of(town_codes) + "000" : village();
    if (p.days == 0) p.days = pick(1, 7);
    if (p.served.empty() && p.kind != "village_fixed") {
      for (int k = pick(0, 4); k > 0; --k) p.served.push_back(village());
      std::sort(p.served.begin(), p.served.end());
      p.served.erase(std::unique(p.served.begin(), p.served.end()), p.served.end());
    }
    if (p.brands.empty()) {
      std::set<std::string> b;
      for (int k = pick(1, 5); k > 0; --k) b.insert(one_of(k_brands));
      p.brands.assign(b.begin(), b.end());
    }
    if (p.opened.empty()) p.opened = day_text(between(today - 500, today));
    if (p.closed.empty() && chance(0.15) && day_no(p.opened) < today)
      p.closed = day_text(between(day_no(p.opened) + 1, today));
    if (p.closed == "-") p.closed.clear();
    courier_point x;
    x.id = p.id;
    x.name = "快递点" + std::to_string(w.points.size());
    x.brands = p.brands;
    x.kind = *parse_point_kind(p.kind);
    x.village_code = p.located;
    x.served_villages = p.served;
    x.days_per_week = p.days;
    x.opened_on = parse_date(p.opened);
    const std::int64_t opened_at = std::clamp(midnight_of(day_no(p.opened)) + 9 * 3600, from, now - 2);
    evs.push_back({opened_at, [x](sc::store& s) { must(s.points().add(x), "add point"); }});
    if (!p.closed.empty()) {
      const std::int64_t at = std::clamp(midnight_of(day_no(p.closed)) + 10 * 3600, opened_at, now - 1);
      evs.push_back({at, [id = p.id, d = *parse_date(p.closed)](sc::store& s) {
                       must(s.points().close(id, d), "close point");
                     }});
    }
    w.points.push_back(std::move(p));
  }

  // A year (or since opening) of ordinary activity at one station.
  void activity(const raw_station& st, std::vector<event>& evs) {
    const std::int64_t from = std::max(now - 365 * k_day, midnight_of(day_no(st.opened)));
    for (int k = pick(0, 3); k > 0; --k) point(st, from, evs, {});
    static const std::vector<std::string> k_status{"draft", "listed", "listed", "reserved", "sold",
                                                   "sold",  "sold",   "sold",   "withdrawn"};
    for (int k = pick(15, 45); k > 0; --k) listing(st, from, one_of(k_status), evs);
    for (int k = pick(15, 45); k > 0; --k) pickup(st, from, evs);
  }

  // Station 0 (see edge_records): a sale either side of last month's end, a point closing on
  // its last day and one opening on the day after, each alone in a reserved village.
  void edges(const raw_station& st, std::vector<event>& evs) {
    const std::int64_t end = day_no(w.edge.month_end);
    const std::int64_t created = midnight_of(day_no(w.edge.month_start) + 1) + 10 * 3600;
    listing(st, created, "sold", evs, created, midnight_of(end) + 23 * 3600 + 59 * 60, st.village);
    listing(st, created, "sold", evs, created, midnight_of(end + 1) + 60, st.village);
    point(st, created, evs,
          {"",
           "",
           "village_fixed",
           w.edge.village_closed_point,
           day_text(end - 100),
           day_text(end),
           5,
           {},
           {"EMS", "STO", "YTO", "ZTO"}});
    point(st, created, evs,
          {"", "", "served_village", w.edge.village_new_point, day_text(end + 1), "-", 3, {}, {"SF"}});
  }

  // Ops the hub must reject: sold listings in a village code of the county that its
  // registry does not have (the station accepts it offline, before its first pull).
  void unknown_village(const raw_station& st, std::vector<event>& evs) {
    std::string code = town_codes.front() + "399";
    while (std::count(all_villages.begin(), all_villages.end(), code))
      code = town_codes.front() + std::to_string(std::stoi(code.substr(9)) - 1);
    const auto kept = w.listings.size();
    const auto ops = evs.size();
    for (int k = 0; k < 3; ++k)
      listing(st, cut - 30 * k_day, "sold", evs, cut - 20 * k_day, cut - 10 * k_day, code);
    w.rejected_expected += static_cast<int>(evs.size() - ops);  // one op per change: add, reserve, sell
    w.listings.resize(kept);
  }
  // Enrols every station, writes its records and syncs it twice: the records older than
  // `cut`, then the rest (later changes to entities the hub already holds included).
  void run(const world_options& o) {
    now = w.generated_at;
    cut = now - 45 * k_day;
    today = day_no(w.today);
    for (const auto& v : w.villages) {
      all_villages.push_back(v.code);
      if (v.admin) pool.push_back(v.code);
    }
    for (const auto& [code, name] : w.townships) town_codes.push_back(code);
    // Three administrative villages only the edge records touch.
    w.edge.village_station = pool[0];
    w.edge.village_closed_point = pool[1];
    w.edge.village_new_point = pool[2];
    pool.erase(pool.begin(), pool.begin() + 3);
    std::erase_if(all_villages, [&](const std::string& c) {
      return c == w.edge.village_station || c == w.edge.village_closed_point || c == w.edge.village_new_point;
    });

    std::vector<outbox> todo;
    for (int i = 0; i < o.stations; ++i) {
      raw_station st;
      st.name = "苍溪测试站" + std::to_string(i);
      st.village = i == 0 ? w.edge.village_station : chance(0.9) ? one_of(pool) : one_of(all_villages);
      st.opened =
          i == 0 ? day_text(day_no(w.edge.month_start) + 14) : day_text(between(today - 420, today - 5));
      if (i == 1) st.opened = day_text(day_no(w.edge.month_start) - 200);
      const fs::path file = w.dir_ / ("enrol-" + std::to_string(i) + ".json");
      st.id = enroll(st.village, st.name, st.opened, file);
      if (i == 1) st.closed = format_date(w.edge.month_end);
      if (i > 1 && chance(0.06)) st.closed = day_text(between(day_no(st.opened) + 1, today));
      if (!st.closed.empty()) {
        query(w.hub.db(), "UPDATE station SET closed_on = '" + st.closed + "' WHERE id = '" + st.id + "'");
      }
      w.stations.push_back(st);
      if (i >= o.stations - o.silent) continue;  // enrolled, never heard from

      outbox& b = todo.emplace_back(outbox{st.id, file, "station-" + std::to_string(i), {}});
      if (i == 0) {
        edges(st, b.evs);
      } else {
        activity(st, b.evs);
        if (i == 2) unknown_village(st, b.evs);
      }
    }
    send_all(todo);
    w.edge.station = w.stations[0].id;
    w.edge.closed_station = w.stations[1].id;
  }

  // A station of 荣昌区 with a sale, so that county has data a wrong token could leak.
  void other_county() {
    const fs::path file = w.dir_ / "enrol-other.json";
    w.other_station = enroll(k_village_a, "荣昌测试站", day_text(today - 30), file);
    raw_station st{w.other_station, "", k_village_a, "", ""};
    std::vector<outbox> todo{{w.other_station, file, "station-other", {}}};
    const auto kept = w.listings.size();
    listing(st, now - 2 * k_day, "sold", todo[0].evs, now - 2 * k_day, now - k_day, k_village_a);
    w.listings.resize(kept);  // not records of 苍溪县
    send_all(todo);
    std::erase_if(w.syncs, [&](const raw_sync& y) { return y.station == w.other_station; });
  }
};

kpi_world::kpi_world(const world_options& o) {
  const auto div = divisions_dir();
  must_run(hub.hub({"import-divisions", "--data", hub.data().string(), (div / "streets-510824.csv").string(),
                    (div / "villages-510824.csv").string()}),
           "hub import-divisions 510824");
  const auto out = must_run(hub.hub({"staff", "add", "--data", hub.data().string(), "--name", "王科长",
                                     "--county", k_gen_county}),
                            "hub staff add")
                       .out;
  std::smatch m;
  if (!std::regex_search(out, m, std::regex("token=(sf_[0-9a-f_]+)")))
    throw std::runtime_error("no staff token");
  staff_token = m[1];
  for (const auto& r : read_csv("streets-510824.csv")) townships.emplace_back(r.cells[0], r.cells[1]);
  for (const auto& r : read_csv("villages-510824.csv")) {
    villages.push_back({r.cells[0], r.cells[1], r.cells[2], is_administrative_village_code(r.cells[0])});
  }
  for (const auto& r : read_csv("villages-500153.csv")) {
    if (r.cells[0] == k_village_a) other_village_name = r.cells[1];
  }
  net::client_options co;
  co.port = hub.port();
  co.ca_pem = read_file(hub.ca());
  client_ = std::make_unique<net::https_client>(co);

  generated_at = now_seconds().time_since_epoch().count();
  today = shanghai_day(instant(generated_at));
  const date first_of_month = today.year() / today.month() / std::chrono::day{1};
  edge.month_start = first_of_month - std::chrono::months{1};
  edge.month_end = date{std::chrono::sys_days(first_of_month) - std::chrono::days{1}};
  generator g(*this, o.seed);
  g.run(o);
  g.other_county();
}

kpi_world::~kpi_world() = default;

net::http_response kpi_world::get(const std::string& target, const net::header_list& extra, bool bare) {
  net::header_list h = extra;
  if (!bare) h.emplace_back("authorization", "Bearer " + staff_token);
  return must(client_->request("GET", target, h, ""), "GET " + target);
}

boost::json::value kpi_world::get_json(const std::string& target) {
  const auto res = get(target);
  if (res.status != 200)
    throw std::runtime_error("GET " + target + " → " + std::to_string(res.status) + ": " + res.body);
  return boost::json::parse(res.body);
}

std::string kpi_world::dashboard_cookie() {
  // As a browser does: the login page sets the CSRF cookie its form carries as a token.
  const auto page = get("/dashboard", {}, true);
  const std::string* csrf = page.header("set-cookie");
  if (csrf == nullptr) throw std::runtime_error("the login page sets no CSRF cookie");
  const std::string pair = csrf->substr(0, csrf->find(';'));
  const auto res =
      must(client_->request("POST", "/dashboard/login",
                            {{"content-type", "application/x-www-form-urlencoded"}, {"cookie", pair}},
                            "token=" + staff_token + "&csrf=" + pair.substr(pair.find('=') + 1)),
           "dashboard login");
  const std::string* set = res.header("set-cookie");
  if (res.status != 303 || set == nullptr)
    throw std::runtime_error("dashboard login → " + std::to_string(res.status));
  return set->substr(0, set->find(';'));
}

}  // namespace cunzhan::test::integration
