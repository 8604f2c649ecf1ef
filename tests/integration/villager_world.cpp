// Building the villager world: stations enrolled with `hub enroll --opened-on`, their
// records written through the station store with the officer's dates and sent by the real
// sync engine (records older than 60 days in a first sync, the rest — later steps of the
// orders among them — in a second), then the hub-side tables through the `hub` CLI.
#include "villager_world.hpp"

#include <algorithm>
#include <functional>
#include <random>
#include <regex>
#include <stdexcept>

#include "cunzhan/net/https_client.hpp"
#include "cunzhan/shared/csv.hpp"
#include "cunzhan/shared/division_code.hpp"
#include "cunzhan/shared/enrolment.hpp"
#include "cunzhan/shared/uuid.hpp"
#include "cunzhan/shared/villager.hpp"
#include "cunzhan/station/store.hpp"
#include "cunzhan/station/sync.hpp"
#include "kpi_world.hpp"

namespace cunzhan::test::integration {
namespace {

namespace sc = station_client;
std::string must_out(const run_result& r, const std::string& what) {
  if (r.exit_code != 0) throw std::runtime_error(what + " failed: " + r.err + r.out);
  return r.out;
}
sys_seconds instant(std::int64_t s) { return sys_seconds(std::chrono::seconds(s)); }

struct event {
  std::int64_t at = 0;
  std::function<void(sc::store&)> apply;
};

const std::vector<std::string> k_cats{
    "daily", "appliance_digital", "clothing", "food_drink", "farm_input", "health", "other"};
const std::vector<std::string> k_plats{"taobao", "jd", "pinduoduo", "suning", "douyin", "other"};
const std::vector<std::string> k_coops{"荣昌区绿源蔬菜专业合作社", "荣昌区生猪养殖专业合作社",
                                       "清江镇茶叶专业合作社"};
const std::vector<std::string> k_firms{"重庆荣昌夏布有限公司", "荣昌区农产品加工有限公司"};

}  // namespace

struct villager_world::generator {
  villager_world& w;
  std::mt19937 rng{20261207};
  std::int64_t cut = 0;
  std::vector<std::vector<event>> evs{};  // per station

  int pick(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); }
  std::int64_t between(std::int64_t lo, std::int64_t hi) {
    return std::uniform_int_distribution<std::int64_t>(lo, hi)(rng);
  }
  template <class T>
  const T& one_of(const std::vector<T>& v) {
    return v[static_cast<std::size_t>(pick(0, int(v.size()) - 1))];
  }
  std::string hub_out(std::vector<std::string> args, const std::string& what) {
    args.insert(args.end(), {"--data", w.hub.data().string()});
    return must_out(w.hub.hub(args), what);
  }

  void villager(std::size_t st, const std::string& village) {
    vw_villager v{uuid_v4(), village, w.stations[st].id};
    cunzhan::villager x;
    x.id = v.id;
    x.village_code = village;
    x.household_size = pick(1, 6);
    x.name = "村民" + std::to_string(w.villagers.size());
    x.phone = "1380000" + std::to_string(1000 + w.villagers.size());
    evs[st].push_back({w.now - 1100 * k_day, [x](sc::store& s) { must(s.villagers().add(x), "villager"); }});
    w.villagers.push_back(v);
  }
  void service(std::size_t st, const std::string& villager_id, std::int64_t day) {
    villager_service x;
    x.id = uuid_v4();
    x.villager_id = villager_id;
    x.served_on = date{std::chrono::sys_days{std::chrono::days{day}}};
    x.kind = static_cast<service_kind>(pick(0, 6));
    evs[st].push_back(
        {midnight_of(day) + 10 * 3600, [x](sc::store& s) { must(s.services().add(x), "service"); }});
    w.services.push_back({villager_id, w.stations[st].id, day});
  }

  // An order whose steps are given (0 = not taken); adds its implied 代买 service.
  void order(std::size_t st, const std::string& villager_id, std::int64_t ordered, std::int64_t arrived,
             std::int64_t handed, std::int64_t returned, std::int64_t cancelled) {
    vw_order o{uuid_v4(),       w.stations[st].id, villager_id, one_of(k_cats), one_of(k_plats), "ordered",
               pick(0, 300000), ordered,           arrived,     handed,         returned,        cancelled};
    proxy_buy_order x;
    x.id = o.id;
    x.villager_id = villager_id;
    x.category = o.category;
    x.platform = o.platform;
    x.item_count = pick(1, 5);
    x.amount_fen = o.amount;
    x.ordered_at = instant(ordered);
    auto& e = evs[st];
    e.push_back({ordered, [x](sc::store& s) { must(s.orders().add(x), "order"); }});
    const std::string id = o.id;
    if (arrived) {
      o.status = "arrived";
      e.push_back({arrived, [id, arrived](sc::store& s) {
                     must(s.orders().arrive(id, instant(arrived), ""), "arrive");
                   }});
    }
    if (handed) {
      o.status = "handed_over";
      e.push_back(
          {handed, [id, handed](sc::store& s) { must(s.orders().hand_over(id, instant(handed)), "hand"); }});
    }
    if (returned) {
      o.status = "returned";
      e.push_back({returned, [id, returned](sc::store& s) {
                     must(s.orders().give_back(id, instant(returned)), "ret");
                   }});
    }
    if (cancelled) {
      o.status = "cancelled";
      e.push_back({cancelled, [id, cancelled](sc::store& s) {
                     must(s.orders().cancel(id, instant(cancelled)), "can");
                   }});
    }
    w.services.push_back({villager_id, o.station, day_of_instant(ordered)});
    w.orders.push_back(o);
  }

  void random_order(std::size_t st, const std::string& villager_id) {
    const std::int64_t last = w.now - 120;
    const std::int64_t ordered = between(w.now - 1000 * k_day, w.now - 2 * 3600);
    std::int64_t arrived = 0, handed = 0, returned = 0, cancelled = 0;
    const int r = pick(0, 19);
    const auto step = [&](std::int64_t from, std::int64_t lo, std::int64_t hi) {
      const std::int64_t t = from + between(lo, hi);
      return t < last ? t : 0;
    };
    if (r < 2) {
      cancelled = step(ordered, 600, 3 * k_day);
    } else if (r < 3) {
      returned = step(ordered, 600, 5 * k_day);
    } else if (r >= 5) {
      arrived = step(ordered, 3600, 8 * k_day);
      if (arrived && r == 5) returned = step(arrived, 600, 12 * k_day);
      if (arrived && r >= 9) handed = step(arrived, 300, 20 * k_day);
    }
    order(st, villager_id, ordered, arrived, handed, returned, cancelled);
  }

  void listing(std::size_t st, const std::string& village, const std::string& kind, const std::string& name,
               const std::string& villager_id) {
    vw_listing l{w.stations[st].id, village, kind, name, villager_id, 0};
    cunzhan::listing x;
    x.id = uuid_v7();
    x.product_name = "农产品" + std::to_string(w.listings.size());
    x.category = "vegetable";
    x.quantity = 100;
    x.unit = "斤";
    x.price_fen = 300;
    x.village_code = village;
    const std::int64_t created = between(w.now - 1000 * k_day, w.now - 3 * 3600);
    x.created_at = instant(created);
    x.seller = *parse_seller_kind(kind);
    x.seller_name = name;
    x.villager_id = villager_id;
    evs[st].push_back({created, [x](sc::store& s) { must(s.listings().add(x), "listing"); }});
    if (pick(0, 3) > 0) {
      l.sold_at = between(created, w.now - 120);
      evs[st].push_back({l.sold_at, [id = x.id, t = l.sold_at](sc::store& s) {
                           must(s.listings().sell(id, 50, 15000, instant(t), "拼多多"), "sell");
                         }});
    }
    if (!villager_id.empty()) w.services.push_back({villager_id, l.station, day_of_instant(created)});
    w.listings.push_back(l);
  }

  void pickup(std::size_t st, const std::string& villager_id) {
    cunzhan::pickup x;
    x.id = uuid_v7();
    x.brand = "ZTO";
    x.direction = pickup_direction::inbound;
    const std::int64_t at = between(w.now - 1000 * k_day, w.now - 3 * 3600);
    x.requested_at = instant(at);
    x.due_at = instant(at + 3600);
    x.villager_id = villager_id;
    evs[st].push_back({at, [x](sc::store& s) { must(s.pickups().add(x), "pickup"); }});
    w.services.push_back({villager_id, w.stations[st].id, day_of_instant(at)});
  }

  // The month's edges at station 0 (KPIS.md: a service on the window's first day and the
  // day before; orders arrived exactly 7 days and 7 days + 1 s before the period's end T,
  // one handed over at T, one returned after T).
  void edges() {
    const std::int64_t e = w.month_last;
    const auto ymd = std::chrono::year_month_day{std::chrono::sys_days{std::chrono::days{e}}};
    auto back = ymd - std::chrono::years{1};
    if (!back.ok()) back = back.year() / back.month() / std::chrono::last;
    const std::int64_t first = day_no(date{back}) + 1;
    const std::string& v = w.stations[0].village;
    for (std::int64_t d : {first, first - 1}) {
      villager(0, v);
      service(0, w.villagers.back().id, d);
    }
    const std::int64_t t = midnight_of(e + 1), after = t + std::max<std::int64_t>(1, (w.now - t) / 2);
    const std::string& who = w.villagers.front().id;
    order(0, who, t - 10 * k_day, t - 604801, 0, 0, 0);         // waiting
    order(0, who, t - 10 * k_day, t - 604800, 0, 0, 0);         // exactly 7 days: not over
    order(0, who, t - 12 * k_day, t - 9 * k_day, t, 0, 0);      // handed over at T
    order(0, who, t - 12 * k_day, t - 9 * k_day, after, 0, 0);  // handed over after T: waiting
    order(0, who, t - 12 * k_day, t - 8 * k_day, 0, after, 0);  // returned after T: waiting
    order(0, who, t - 3 * k_day, 0, 0, 0, t - k_day);           // cancelled in the month
  }

  void stations() {
    // Three townships with villages, two stations each in administrative villages.
    std::vector<std::string> chosen;
    for (const auto& t : w.townships) {
      std::vector<std::string> admin;
      for (const auto& [code, town] : w.village_township)
        if (town == t && w.village_admin[code]) admin.push_back(code);
      if (admin.size() < 3) continue;
      for (int k = 0; k < 2; ++k) {
        const fs::path file = dir / ("enrol-" + std::to_string(w.stations.size()) + ".json");
        const std::string out = hub_out(
            {"enroll", "--village", admin[k], "--name", "荣昌测试站" + std::to_string(w.stations.size()),
             "--opened-on", day_text(w.today - 1100), "--hub-url", w.hub.url(), "--ca", w.hub.ca().string(),
             "--out", file.string()},
            "hub enroll");
        std::smatch m;
        if (!std::regex_search(out, m, std::regex("station_id=([0-9a-f-]+)")))
          throw std::runtime_error("no station_id");
        w.stations.push_back({m[1], admin[k], t});
        files.push_back(file);
      }
      if (w.stations.size() == 6) break;
    }
  }

  void records() {
    evs.resize(w.stations.size());
    for (std::size_t st = 0; st < w.stations.size(); ++st) {
      const auto& s = w.stations[st];
      std::vector<std::string> town;
      for (const auto& [code, t] : w.village_township)
        if (t == s.township) town.push_back(code);
      const std::size_t first = w.villagers.size();
      for (int k = 0; k < 14; ++k) {
        const int r = pick(0, 9);
        villager(st, r < 6 ? s.village : r < 9 ? one_of(town) : one_of(w.stations).village);
      }
      std::vector<std::string> ids;
      for (std::size_t k = first; k < w.villagers.size(); ++k) ids.push_back(w.villagers[k].id);
      for (const auto& id : ids)
        for (int k = pick(0, 3); k > 0; --k) service(st, id, between(w.today - 1000, w.today - 1));
      for (int k = 0; k < 45; ++k) random_order(st, one_of(ids));
      for (int k = 0; k < 16; ++k) {
        const int r = k % 4;
        const std::string& village = pick(0, 2) ? s.village : one_of(town);
        if (r == 0) listing(st, village, "household", "", one_of(ids));
        if (r == 1) listing(st, village, "household", "", "");
        if (r == 2) listing(st, village, "cooperative", one_of(k_coops), "");
        if (r == 3) listing(st, village, "enterprise", one_of(k_firms), "");
      }
      for (int k = 0; k < 5; ++k) pickup(st, one_of(ids));
      if (st == 0) edges();
    }
  }

  void apply(sc::store& s, std::vector<event>& e, std::optional<std::int64_t> until) {
    auto it = e.begin();
    for (; it != e.end() && (!until || it->at < *until); ++it) it->apply(s);
    e.erase(e.begin(), it);
  }
  void sync(sc::store& s) {
    sc::sync_options o;
    o.max_consecutive_failures = 4;
    const auto rep = sc::run_sync(s, o);
    if (rep.outcome != sc::sync_outcome::complete) throw std::runtime_error("sync: " + rep.summary(lang::en));
    if (must(s.outbox().counts(), "outbox").rejected != 0) throw std::runtime_error("the hub rejected ops");
  }
  void send() {
    for (std::size_t st = 0; st < w.stations.size(); ++st) {
      auto& e = evs[st];
      std::stable_sort(e.begin(), e.end(), [](const event& a, const event& b) { return a.at < b.at; });
      auto s = must(sc::store::open(dir / ("station-" + std::to_string(st))), "open store");
      must(s->meta().init(must(parse_enrolment(read_file(files[st])), "enrolment"), false), "init");
      apply(*s, e, cut);
      sync(*s);
      apply(*s, e, std::nullopt);
      sync(*s);
    }
  }

  // Population of every village of the stations' townships (communities too) but station
  // 5's village; 荣昌区's other townships have none.
  void population() {
    std::string text = "village_code,population,households\n";
    for (const auto& [code, town] : w.village_township) {
      if (code == w.stations[5].village) continue;
      const std::string t = town;
      if (std::none_of(w.stations.begin(), w.stations.end(),
                       [&](const vw_station& s) { return s.township == t; }))
        continue;
      const int p = pick(20, 90);
      w.population[code] = p;
      text += code + "," + std::to_string(p) + "," + std::to_string(p / 3) + "\n";
    }
    const fs::path file = dir / "population.csv";
    write_file(file, text);
    hub_out({"import-population", file.string()}, "hub import-population");
  }

  std::string officer(const std::string& name) {
    const std::string out = hub_out({"officer", "add", "--county", k_vw_county, "--name", name, "--phone",
                                     "1391234" + std::to_string(5600 + w.officers.size())},
                                    "hub officer add");
    w.officers.push_back({out.substr(0, out.find('\n')), {}, std::nullopt});
    return w.officers.back().id;
  }
  void assign(std::size_t o, std::size_t st, std::int64_t from) {
    hub_out({"officer", "assign", "--id", w.officers[o].id, "--station", w.stations[st].id, "--from",
             day_text(from)},
            "hub officer assign");
    w.officers[o].serves.push_back({w.stations[st].id, from, 0});
  }
  void leave(std::size_t o, std::size_t st, std::int64_t on) {
    hub_out(
        {"officer", "leave", "--id", w.officers[o].id, "--station", w.stations[st].id, "--on", day_text(on)},
        "hub officer leave");
    for (auto& a : w.officers[o].serves)
      if (a.station == w.stations[st].id && a.to == 0) a.to = on;
  }
  void leader(std::size_t o, std::int64_t on) {
    hub_out({"officer", "leader", "--id", w.officers[o].id, "--on", day_text(on)}, "hub officer leader");
    w.officers[o].leader_on = on;
  }
  void session(std::int64_t day, double hours, std::vector<std::size_t> who) {
    char h[16];
    std::snprintf(h, sizeof h, "%.1f", hours);
    std::vector<std::string> args{"training",    "add",     "--county",     k_vw_county, "--date",
                                  day_text(day), "--topic", "农村电商培训", "--hours",   h,
                                  "--level",     "county"};
    vw_session s{day, hours, {}};
    for (auto o : who) {
      args.insert(args.end(), {"--attendee", w.officers[o].id});
      s.attendees.push_back(w.officers[o].id);
    }
    hub_out(args, "hub training add");
    w.sessions.push_back(s);
  }

  // One officer per station; officer 0 moves from station 0 to 1 in the middle of last
  // month (station 0 gets officer 6 five days later), officer 1 leaves station 1 on the
  // 10th; leaders designated before, on and after the month's last day.
  void roster() {
    const std::int64_t m = w.month_first, start = w.today - 1100;
    for (std::size_t k = 0; k < w.stations.size(); ++k) {
      officer("信息员" + std::to_string(k));
      assign(k, k, start);
    }
    officer("信息员6");
    leave(0, 0, m + 14);
    assign(0, 1, m + 15);
    assign(6, 0, m + 20);
    leave(1, 1, m + 9);
    leader(0, m - 100);
    leader(1, m - 200);
    leader(3, w.month_last + 3);
    leader(4, w.month_last);
    session(m + 5, 1.5, {1});      // officer 1 trained, then leaves: not trained to date
    session(m + 12, 2.5, {0, 2});  // officer 0 still at station 0
    session(m + 25, 3, {0, 6, 5});
    for (int k = 0; k < 9; ++k) {
      std::vector<std::size_t> who;
      for (std::size_t o = 0; o < w.officers.size(); ++o)
        if (pick(0, 2) == 0) who.push_back(o);
      if (who.empty()) who.push_back(static_cast<std::size_t>(pick(0, 6)));
      session(between(w.today - 900, w.today - 40), 0.5 * pick(1, 12), who);
    }
    hub_out({"targets", "set", "--county", k_vw_county, "--kpi", "people_served_rate", "--value", "0.35"},
            "hub targets set");
    hub_out({"targets", "set", "--county", k_vw_county, "--kpi", "trained_station_rate", "--value", "0.5"},
            "hub targets set");
    // Officer 7 is trained on E, officer 8 the day after (counted to date for the month: 7 only).
    officer("信息员7");
    assign(7, 3, start);
    officer("信息员8");
    assign(8, 4, start);
    session(w.month_last, 1, {7});
    session(w.month_last + 1, 1, {8});
    for (const auto& [kpi, v] : {std::pair{"officers_trained_to_date", w.officers_trained_target},
                                 std::pair{"ecommerce_leaders", w.leaders_target}})
      hub_out({"targets", "set", "--county", k_vw_county, "--kpi", kpi, "--value", std::to_string(v)},
              "hub targets set");
  }

  fs::path dir{};
  std::vector<fs::path> files{};
};

villager_world::villager_world() {
  now = now_seconds().time_since_epoch().count();
  today = day_of_instant(now);
  const date d = shanghai_day(sys_seconds(std::chrono::seconds(now)));
  const date first = d.year() / d.month() / std::chrono::day{1};
  month_last = day_no(first) - 1;
  month_first = day_no(date{first - std::chrono::months{1}});
  const auto rows = [](const std::string& name) {
    auto r = must(csv::parse(must(csv::to_utf8(read_file(divisions_dir() / name)), name)), name);
    r.erase(r.begin());
    return r;
  };
  for (const auto& r : rows("streets-500153.csv")) townships.push_back(r.cells[0]);
  for (const auto& r : rows("villages-500153.csv")) {
    village_township[r.cells[0]] = r.cells[2];
    village_admin[r.cells[0]] = is_administrative_village_code(r.cells[0]);
  }
  const std::string out = must_out(
      hub.hub({"staff", "add", "--data", hub.data().string(), "--name", "王科长", "--county", k_vw_county}),
      "hub staff add");
  std::smatch m;
  if (!std::regex_search(out, m, std::regex("token=(sf_[0-9a-f_]+)"))) throw std::runtime_error("no token");
  staff_token = m[1];
  generator g{*this};
  g.dir = dir_.path();
  g.cut = now - 60 * k_day;
  g.stations();
  g.records();
  g.send();
  g.population();
  g.roster();
}

std::string villager_world::get(const std::string& target) {
  net::client_options co;
  co.port = hub.port();
  co.ca_pem = read_file(hub.ca());
  net::https_client client(co);
  const auto res =
      must(client.request("GET", target, {{"authorization", "Bearer " + staff_token}}, ""), target);
  if (res.status != 200)
    throw std::runtime_error("GET " + target + ": " + std::to_string(res.status) + res.body);
  return res.body;
}

}  // namespace cunzhan::test::integration
