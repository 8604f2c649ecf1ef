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
#include "cunzhan/shared/time.hpp"

namespace cunzhan::hub::cli {

namespace {

int list_stations(const args& a) {
  auto store = open_store(a);
  if (!store) return report(store.err());
  auto list = (*store)->station_list(a.get("county").value_or(""));
  if (!list) return report(list.err());
  boost::json::array rows;
  std::ostringstream text;
  text << "id                                    village       version  last sync (ok)             name\n";
  for (const auto& st : *list) {
    const std::string last =
        st.last_sync_s ? format_instant(sys_seconds(std::chrono::seconds(*st.last_sync_s))) : "";
    auto null_if_empty = [](const std::string& s) {
      return s.empty() ? boost::json::value(nullptr) : boost::json::value(s);
    };
    rows.push_back(boost::json::object{{"id", st.id},
                                       {"name", st.name},
                                       {"county_code", st.county_code},
                                       {"village_code", st.village_code},
                                       {"revoked", st.revoked},
                                       {"closed_on", null_if_empty(st.closed_on)},
                                       {"last_sync", null_if_empty(last)},
                                       {"program_version", null_if_empty(st.program_version)}});
    text << std::left << std::setw(37) << st.id << " " << std::setw(13) << st.village_code << " "
         << std::setw(8) << (st.program_version.empty() ? "-" : st.program_version) << " " << std::setw(26)
         << (last.empty() ? "-" : last) << " " << st.name << (st.revoked ? " (revoked)" : "") << "\n";
  }
  if (a.has("json"))
    std::cout << boost::json::serialize(rows) << "\n";
  else
    std::cout << text.str() << rows.size() << " stations\n";
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
  auto store = open_store(a);
  if (!store) return report(store.err());
  std::string name;
  auto done = (*store)->write_admin([&](admin_writer& w) -> status {
    auto st = found_station(w.station_by_id(*id), *id);
    if (!st) return std::move(st).err();
    name = st->name;
    if (on) {
      const auto opened = effective_opened_on(*st);
      // closed_on = opened_on would mean it never operated; that is a mistake, not a closing.
      if (*on <= opened) {
        return error(errc::invalid_date, "--on " + *on + " must be after the station's opening day " + opened,
                     "--on " + *on + " 必须晚于站点开办日期 " + opened);
      }
    }
    return w.set_station_closed(*id, on);
  });
  if (!done) return report(done.err());
  if (on) {
    std::cout << "station " << *id << " (" << name << ") closed on " << *on
              << ": operating up to the day before\n";
  } else {
    std::cout << "station " << *id << " (" << name << ") reopened: no closing date\n";
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
  return report(error(errc::invalid_argument, "unknown station command " + argv[0],
                      "未知的 station 子命令 " + argv[0]));
}

}  // namespace cunzhan::hub::cli
