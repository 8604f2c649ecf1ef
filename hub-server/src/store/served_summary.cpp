#include "store/served_summary.hpp"

#include <cstdio>
#include <map>
#include <set>
#include <string_view>
#include <tuple>
#include <vector>

#include "cunzhan/hub/storage.hpp"
#include "cunzhan/shared/text.hpp"

namespace cunzhan::hub::served_summary {
namespace {

using sql_run::exec;
using sql_run::row_view;
using sql_run::run_fn;

// INSERT … SELECT … ON CONFLICT needs the WHERE in SQLite (parsing ambiguity); it has one.
constexpr const char* k_mark_service =
    "INSERT INTO served_dirty (villager_id) SELECT villager_id FROM service WHERE id = ? ON CONFLICT DO "
    "NOTHING";
constexpr const char* k_mark_villager =
    "INSERT INTO served_dirty (villager_id) VALUES (?) ON CONFLICT DO NOTHING";
constexpr const char* k_marked = "SELECT villager_id FROM served_dirty";
constexpr const char* k_unmark = "DELETE FROM served_dirty";
constexpr const char* k_state =
    "SELECT county_code, village_code, months FROM served_state WHERE villager_id = ?";
constexpr const char* k_villager = "SELECT county_code, village_code FROM villager WHERE id = ?";
// The same services the exact count looks at: the villager's own county (its station's).
constexpr const char* k_months =
    "SELECT DISTINCT station_id, substr(served_on, 1, 7) FROM service WHERE county_code = ? AND villager_id "
    "= ?";
constexpr const char* k_bump =
    "INSERT INTO served_window (county_code, village_code, station_id, end_month, villagers) VALUES (?, ?, "
    "?, ?, ?) "
    "ON CONFLICT (county_code, end_month, station_id, village_code) "
    "DO UPDATE SET villagers = served_window.villagers + excluded.villagers";
constexpr const char* k_save_state =
    "INSERT INTO served_state (villager_id, county_code, village_code, months) VALUES (?, ?, ?, ?) "
    "ON CONFLICT (villager_id) DO UPDATE SET county_code = excluded.county_code, "
    "village_code = excluded.village_code, months = excluded.months";
constexpr const char* k_drop_state = "DELETE FROM served_state WHERE villager_id = ?";

// Months as a number (year × 12 + month − 1): cheap to add and compare.
int month_number(std::string_view m) {
  if (m.size() < 7) return -1;  // not a day the validators let through
  int y = 0, mm = 0;
  for (char ch : m.substr(0, 4)) y = y * 10 + (ch - '0');
  for (char ch : m.substr(5, 2)) mm = mm * 10 + (ch - '0');
  return y * 12 + mm - 1;
}

std::string month_text(int n) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d", n / 12, n % 12 + 1);
  return buf;
}

// What one villager counts in: county and village, and the months served by each station.
struct villager_months {
  std::string county_code, village_code;
  std::map<std::string, std::set<int>> by_station;
};

// served_state.months: "station=YYYY-MM,YYYY-MM;station=…" (station ids are UUIDs).
std::string encode(const villager_months& v) {
  std::string out;
  for (const auto& [station, months] : v.by_station) {
    if (!out.empty()) out += ';';
    out += station + '=';
    bool first = true;
    for (int m : months) {
      if (!first) out += ',';
      out += month_text(m);
      first = false;
    }
  }
  return out;
}

villager_months decode(const std::string& county, const std::string& village, const std::string& months) {
  villager_months v{county, village, {}};
  for (const auto& part : split(months, ';')) {
    const auto eq = part.find('=');
    if (eq == std::string::npos) continue;
    auto& set = v.by_station[part.substr(0, eq)];
    for (const auto& m : split(part.substr(eq + 1), ',')) {
      if (const int n = month_number(m); n >= 0) set.insert(n);
    }
  }
  return v;
}

// The window ends a villager adds one to, by station ('' for the village total): every month
// whose 12 months hold one of theirs.
std::map<std::string, std::set<int>> window_ends(const villager_months& v) {
  std::map<std::string, std::set<int>> out;
  if (v.village_code.empty()) return out;
  auto& village = out[""];
  for (const auto& [station, months] : v.by_station) {
    auto& mine = out[station];
    for (int m : months) {
      for (int i = 0; i < 12; ++i) mine.insert(m + i);
    }
    village.insert(mine.begin(), mine.end());
  }
  return out;
}

using row_key = std::tuple<std::string, std::string, std::string, int>;  // county, village, station, month
using deltas = std::map<row_key, std::int64_t>;

void add_all(const villager_months& v, const std::map<std::string, std::set<int>>& ends, int by, deltas& d) {
  for (const auto& [station, months] : ends) {
    for (int m : months) d[{v.county_code, v.village_code, station, m}] += by;
  }
}

// The difference between what a villager counted before and now, into `d` (villagers of one
// village and month share a row, so the writes are made once for all, at the end).
void diff(const villager_months& before, const villager_months& now, deltas& d) {
  const auto old_ends = window_ends(before), new_ends = window_ends(now);
  if (before.county_code != now.county_code || before.village_code != now.village_code) {
    add_all(before, old_ends, -1, d);
    add_all(now, new_ends, +1, d);
    return;
  }
  static const std::set<int> none;
  const auto months_of = [](const auto& ends, const std::string& station) -> const std::set<int>& {
    auto it = ends.find(station);
    return it == ends.end() ? none : it->second;
  };
  std::set<std::string> stations;
  for (const auto& [k, m] : old_ends) stations.insert(k);
  for (const auto& [k, m] : new_ends) stations.insert(k);
  for (const auto& station : stations) {
    const auto& was = months_of(old_ends, station);
    const auto& is = months_of(new_ends, station);
    for (int m : was) {
      if (!is.count(m)) --d[{now.county_code, now.village_code, station, m}];
    }
    for (int m : is) {
      if (!was.count(m)) ++d[{now.county_code, now.village_code, station, m}];
    }
  }
}

// One marked villager: its rows now, the difference from what it counted before.
status refresh_one(const run_fn& run, const std::string& id, deltas& d) {
  villager_months before;
  auto s = run(k_state, {id}, [&](const row_view& r) { before = decode(r.text(0), r.text(1), r.text(2)); });
  if (!s) return s;
  villager_months now;
  if (s = run(k_villager, {id},
              [&](const row_view& r) {
                now.county_code = r.text(0);
                now.village_code = r.text(1);
              });
      !s)
    return s;
  if (!now.village_code.empty()) {
    s = run(k_months, {now.county_code, id}, [&](const row_view& r) {
      if (const int n = month_number(r.text(1)); n >= 0) now.by_station[r.text(0)].insert(n);
    });
    if (!s) return s;
  }
  diff(before, now, d);
  if (now.by_station.empty()) return exec(run, k_drop_state, {id});
  return exec(run, k_save_state, {id, now.county_code, now.village_code, encode(now)});
}

}  // namespace

status mark_service(const run_fn& run, const std::string& service_id) {
  return exec(run, k_mark_service, {service_id});
}

status mark_villager(const run_fn& run, const std::string& villager_id) {
  return exec(run, k_mark_villager, {villager_id});
}

status refresh(const run_fn& run) {
  std::vector<std::string> ids;
  if (auto s = run(k_marked, {}, [&](const row_view& r) { ids.push_back(r.text(0)); }); !s) return s;
  if (ids.empty()) return ok_status();
  deltas d;
  for (const auto& id : ids) {
    if (auto s = refresh_one(run, id, d); !s) return s;
  }
  for (const auto& [k, by] : d) {
    if (by == 0) continue;  // unchanged, or one villager's loss another's gain
    const auto& [county, village, station, month] = k;
    if (auto s = exec(run, k_bump, {county, village, station, month_text(month), by}); !s) return s;
  }
  return exec(run, k_unmark, {});
}

}  // namespace cunzhan::hub::served_summary

namespace cunzhan::hub {

status refresh_people_served(storage& s) {
  return s.write_sync([](sync_writer& w) { return w.refresh_people_served(); });
}

}  // namespace cunzhan::hub
