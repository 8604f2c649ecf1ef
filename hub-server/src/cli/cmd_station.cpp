// `hub station list`: every station with its last sync and the program version it runs.
// `hub station close|reopen`: a station's closing date, the other half of "operating on
// day D" (opened_on ≤ D and closed_on empty or > D). Closing does not revoke the token:
// a closed station may still sync its last records; `hub revoke` is for lost machines.
#include <iomanip>
#include <iostream>
#include <sstream>

#include <boost/json.hpp>

#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "cunzhan/hub/accounts.hpp"
#include "cunzhan/hub/hub_store.hpp"
#include "cunzhan/hub/op_log.hpp"
#include "cunzhan/shared/time.hpp"

namespace cunzhan::hub::cli {

result<station_row> find_station(sql::database& db, const std::string& id) {
  auto s = accounts(db).station_by_id(id);
  if (!s) return std::move(s).err();
  if (!*s) return error(errc::not_found, "no station with id " + id, "没有编号为 " + id + " 的站点");
  return std::move(**s);
}

namespace {

constexpr const char* kSetClosed = "UPDATE station SET closed_on = ? WHERE id = ?";
// Every station (of one county, or all), with its last successful sync and the program
// version its latest sync announced.
constexpr const char* kList =
    "SELECT st.id, st.name, st.county_code, st.village_code, st.revoked_at IS NOT NULL, st.closed_on, "
    "(SELECT MAX(s.ended_at) FROM sync_session s WHERE s.station_id = st.id AND s.ok = 1), "
    CUNZHAN_SQL_STATION_VERSION " FROM station st WHERE ?1 = '' OR st.county_code = ?1 ORDER BY st.county_code, st.village_code, st.name";

int list_stations(const args& a) {
  auto store = hub_store::open(a.data_dir(), false);
  if (!store) return report(store.err());
  auto db = (*store)->reader();
  if (!db) return report(db.err());
  auto q = db->db().prepare(kList);
  if (!q) return report(q.err());
  q->bind(1, a.get("county").value_or(""));
  boost::json::array rows;
  std::ostringstream text;
  text << "id                                    village       version  last sync (ok)             name\n";
  while (true) {
    auto more = q->step();
    if (!more) return report(more.err());
    if (!*more) break;
    const auto opt_text = [&](int i) { return q->column_is_null(i) ? std::string() : q->column_text(i); };
    const std::string last = q->column_is_null(6) ? "" : format_instant(sys_seconds(std::chrono::seconds(q->column_int(6))));
    const std::string version = opt_text(7);
    auto null_if_empty = [](const std::string& s) { return s.empty() ? boost::json::value(nullptr) : boost::json::value(s); };
    rows.push_back(boost::json::object{{"id", q->column_text(0)}, {"name", q->column_text(1)},
                                       {"county_code", q->column_text(2)}, {"village_code", q->column_text(3)},
                                       {"revoked", q->column_int(4) != 0}, {"closed_on", null_if_empty(opt_text(5))},
                                       {"last_sync", null_if_empty(last)}, {"program_version", null_if_empty(version)}});
    text << std::left << std::setw(37) << q->column_text(0) << " " << std::setw(13) << q->column_text(3) << " "
         << std::setw(8) << (version.empty() ? "-" : version) << " " << std::setw(26) << (last.empty() ? "-" : last)
         << " " << q->column_text(1) << (q->column_int(4) != 0 ? " (revoked)" : "") << "\n";
  }
  if (a.has("json")) std::cout << boost::json::serialize(rows) << "\n";
  else std::cout << text.str() << rows.size() << " stations\n";
  return 0;
}

// The day a station started operating: opened_on, else its enrolment day (as the KPIs count it).
std::string effective_opened_on(const station_row& s) {
  if (!s.opened_on.empty() && parse_date(s.opened_on)) return s.opened_on;
  return format_date(shanghai_day(sys_seconds(std::chrono::seconds(s.enrolled_at))));
}

// Writes closed_on (nullopt clears it) in one transaction; nothing changes on an error.
int set_closed(const args& a, const std::optional<std::string>& on) {
  auto id = a.required("id");
  if (!id) return report(id.err());
  auto store = hub_store::open(a.data_dir(), false);
  if (!store) return report(store.err());
  auto w = (*store)->writer();
  sql::transaction t(w.db());
  if (!t.begun()) return report(t.begun().err());
  auto st = find_station(w.db(), *id);
  if (!st) return report(st.err());
  if (on) {
    const auto opened = effective_opened_on(*st);
    // closed_on = opened_on would mean it never operated; that is a mistake, not a closing.
    if (*on <= opened) {
      return report(error(errc::invalid_date, "--on " + *on + " must be after the station's opening day " + opened,
                          "--on " + *on + " 必须晚于站点开办日期 " + opened));
    }
  }
  auto q = w.db().prepare_cached(kSetClosed);
  if (!q) return report(q.err());
  if (on) {
    (*q)->bind(1, *on);
  } else {
    (*q)->bind_null(1);
  }
  if (auto s = (*q)->bind(2, *id).run(); !s) return report(s.err());
  if (auto s = t.commit(); !s) return report(s.err());
  if (on) {
    std::cout << "station " << *id << " (" << st->name << ") closed on " << *on << ": operating up to the day before\n";
  } else {
    std::cout << "station " << *id << " (" << st->name << ") reopened: no closing date\n";
  }
  return 0;
}

}  // namespace

int cmd_station(const argv_t& argv) {
  static const char* help =
      "hub station close [--data DIR] --id STATION_ID --on YYYY-MM-DD\n"
      "hub station reopen [--data DIR] --id STATION_ID\n"
      "hub station list [--data DIR] [--county CODE] [--json]\n"
      "  close: the station stops operating on that day (it counts up to the day before; KPIs\n"
      "  from that day on leave it out). reopen: clears the closing date. The token stays valid.\n"
      "  list: every station with its last successful sync and the program version it runs.\n"
      "  设置站点关闭日期（当日起不再计为运营），或撤销关闭；list 列出站点、上次同步和程序版本。\n"
      "example: hub station close --data /var/lib/cunzhan-hub --id 3f2a... --on 2026-12-01\n";
  if (wants_help(argv, help)) return 0;
  if (argv.empty()) {
    return report(error(errc::invalid_argument, "use `hub station close`, `reopen` or `list`",
                        "请使用 `hub station close`、`reopen` 或 `list`"));
  }
  const argv_t rest(argv.begin() + 1, argv.end());
  if (argv[0] == "close") {
    auto a = args::parse(rest, {"data", "id", "on"}, {});
    if (!a) return report(a.err());
    auto on = a->required("on");
    if (!on) return report(on.err());
    const auto d = parse_date(*on);
    if (!d || format_date(*d) != *on) {
      return report(error(errc::invalid_date, "--on must be a date YYYY-MM-DD, not '" + *on + "'",
                          "--on 应为 YYYY-MM-DD 日期，而不是 '" + *on + "'"));
    }
    return set_closed(*a, *on);
  }
  if (argv[0] == "list") {
    auto a = args::parse(rest, {"data", "county"}, {"json"});
    if (!a) return report(a.err());
    return list_stations(*a);
  }
  if (argv[0] == "reopen") {
    auto a = args::parse(rest, {"data", "id"}, {});
    if (!a) return report(a.err());
    return set_closed(*a, std::nullopt);
  }
  return report(error(errc::invalid_argument, "unknown station command " + argv[0], "未知的 station 子命令 " + argv[0]));
}

}  // namespace cunzhan::hub::cli
