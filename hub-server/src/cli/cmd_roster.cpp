// `hub officer` and `hub training`: the officer roster (信息员队伍) and training sessions
// district staff keep at the hub (KPIS.md "Villager services"). A phone is stored whole
// (staff call officers) and printed masked, here as on every page.
#include <iostream>

#include "cli/args.hpp"
#include "cli/villager_commands.hpp"
#include "cunzhan/shared/division_code.hpp"
#include "cunzhan/shared/text.hpp"
#include "cunzhan/shared/time.hpp"
#include "cunzhan/shared/uuid.hpp"
#include "store/accounts.hpp"
#include "store/hub_store.hpp"
#include "store/roster_store.hpp"

namespace cunzhan::hub::cli {
namespace {

error bad(const std::string& en, const std::string& zh) { return error(errc::invalid_argument, en, zh); }

result<std::string> day_arg(const args& a, const std::string& name, bool required) {
  auto v = a.get(name);
  if (!v) {
    if (required) return bad("--" + name + " YYYY-MM-DD is required", "必须指定 --" + name + " YYYY-MM-DD");
    return std::string();
  }
  if (!parse_date(*v))
    return bad("--" + name + " must be a date YYYY-MM-DD", "--" + name + " 必须是日期 YYYY-MM-DD");
  return *v;
}

// Runs fn(roster, db) in one write transaction; prints nothing on error, changes nothing.
template <class Fn>
int in_tx(const args& a, Fn&& fn) {
  auto store = hub_store::open(a.data_dir(), false);
  if (!store) return report(store.err());
  auto w = (*store)->writer();
  sql::transaction t(w.db());
  if (!t.begun()) return report(t.begun().err());
  roster_store roster(w.db());
  if (auto s = fn(roster, w.db()); !s) return report(s.err());
  if (auto s = t.commit(); !s) return report(s.err());
  return 0;
}

status check_officer(roster_store& r, const std::string& id, std::optional<officer_row>* out = nullptr) {
  auto o = r.officer(id);
  if (!o) return std::move(o).err();
  if (!*o) return error(errc::not_found, "no officer with id " + id, "没有编号为 " + id + " 的信息员");
  if (out) *out = std::move(*o);
  return ok_status();
}

int officer_add(const args& a, const clock_source& clock) {
  auto county = a.required("county");
  auto name = a.required("name");
  if (!county || !name) return report((!county ? county : name).err());
  if (!is_county_code(*county))
    return report(bad("--county must be a 6-digit county code", "--county 必须是 6 位区县代码"));
  const std::string nm(trim(*name));
  if (nm.empty() || utf8_length(nm) > 32 || find_control_char(nm, false))
    return report(bad("--name must be 1–32 characters", "--name 必须为 1–32 个字"));
  const std::string phone = a.get("phone").value_or("");
  if (!phone.empty() && !is_mobile_number(phone))
    return report(bad("--phone must be a mainland mobile number", "--phone 必须是大陆手机号码"));
  const std::string id = uuid_v4();
  return in_tx(a, [&](roster_store& r, sql::database&) -> status {
    if (auto s = r.add_officer({id, *county, nm, phone, ""}, clock.unix_seconds()); !s) return s;
    std::cout << id << "\n";
    return ok_status();
  });
}

int officer_assign(const args& a) {
  auto id = a.required("id");
  auto station = a.required("station");
  auto from = day_arg(a, "from", true);
  auto to = day_arg(a, "to", false);
  for (const auto* r : {&id, &station, &from, &to})
    if (!*r) return report(r->err());
  if (!to->empty() && *to < *from)
    return report(bad("--to must not be before --from", "--to 不能早于 --from"));
  return in_tx(a, [&](roster_store& r, sql::database& db) -> status {
    std::optional<officer_row> o;
    if (auto s = check_officer(r, *id, &o); !s) return s;
    auto st = found_station(accounts(db).station_by_id(*station), *station);
    if (!st) return std::move(st).err();
    if (st->county_code != o->county_code)
      return bad("station " + *station + " is not in the officer's county " + o->county_code,
                 "站点 " + *station + " 不在该信息员所属区县 " + o->county_code);
    return r.add_assignment({*id, *station, *from, *to});
  });
}

int officer_leave(const args& a) {
  auto id = a.required("id");
  auto station = a.required("station");
  auto on = day_arg(a, "on", true);
  for (const auto* r : {&id, &station, &on})
    if (!*r) return report(r->err());
  return in_tx(a, [&](roster_store& r, sql::database&) -> status {
    if (auto s = check_officer(r, *id); !s) return s;
    return r.end_assignment(*id, *station, *on);
  });
}

int officer_leader(const args& a) {
  auto id = a.required("id");
  auto on = day_arg(a, "on", true);
  if (!id || !on) return report((!id ? id : on).err());
  return in_tx(a, [&](roster_store& r, sql::database&) -> status {
    if (auto s = check_officer(r, *id); !s) return s;
    return r.set_leader(*id, *on);
  });
}

int officer_list(const args& a) {
  auto county = a.required("county");
  if (!county) return report(county.err());
  auto store = hub_store::open(a.data_dir(), false);
  if (!store) return report(store.err());
  auto db = (*store)->reader();
  if (!db) return report(db.err());
  roster_store r(db->db());
  auto officers = r.officers(*county);
  if (!officers) return report(officers.err());
  auto assignments = r.assignments(*county);
  if (!assignments) return report(assignments.err());
  for (const auto& o : *officers) {
    std::cout << o.id << "  " << o.name << "  " << (o.phone.empty() ? "-" : mask_phone(o.phone))
              << (o.leader_designated_on.empty() ? "" : "  农村电商带头人 since " + o.leader_designated_on)
              << "\n";
    for (const auto& s : *assignments)
      if (s.officer_id == o.id)
        std::cout << "    station " << s.station_id << "  " << s.from_on << " … "
                  << (s.to_on.empty() ? "" : s.to_on) << "\n";
  }
  return 0;
}

int training_add(const args& a, const clock_source& clock) {
  auto county = a.required("county");
  auto held = day_arg(a, "date", true);
  auto topic = a.required("topic");
  auto hours_text = a.required("hours");
  auto level = a.required("level");
  for (const auto* r : {&county, &held, &topic, &hours_text, &level})
    if (!*r) return report(r->err());
  double hours = 0;
  try {
    std::size_t used = 0;
    hours = std::stod(*hours_text, &used);
    if (used != hours_text->size()) hours = 0;
  } catch (const std::exception&) {
    hours = 0;
  }
  if (!(hours >= 0.5 && hours <= 24) || hours * 2 != static_cast<double>(static_cast<int>(hours * 2)))
    return report(
        bad("--hours must be 0.5–24 in steps of 0.5", "--hours 必须在 0.5 到 24 之间，以 0.5 为单位"));
  if (*level != "county" && *level != "township" && *level != "station")
    return report(
        bad("--level must be county, township or station", "--level 必须是 county、township 或 station"));
  const std::string tp(trim(*topic));
  if (tp.empty() || utf8_length(tp) > 100)
    return report(bad("--topic must be 1–100 characters", "--topic 必须为 1–100 个字"));
  const auto attendees = a.all("attendee");
  if (attendees.empty())
    return report(bad("give at least one --attendee OFFICER_ID", "至少指定一个 --attendee 信息员编号"));
  const std::string id = uuid_v4();
  return in_tx(a, [&](roster_store& r, sql::database&) -> status {
    for (const auto& o : attendees) {
      std::optional<officer_row> row;
      if (auto s = check_officer(r, o, &row); !s) return s;
      if (row->county_code != *county)
        return bad("officer " + o + " is not on county " + *county + "'s roster",
                   "信息员 " + o + " 不属于区县 " + *county);
    }
    training_row t{id, *county, *held, tp, hours, *level, a.get("trainer").value_or(""), attendees};
    if (auto s = r.add_training(t, clock.unix_seconds()); !s) return s;
    std::cout << id << "\n";
    return ok_status();
  });
}

}  // namespace

int cmd_officer(const argv_t& argv, const clock_source& clock) {
  static const char* help =
      "hub officer add --county C --name NAME [--phone 13812345678]   (prints the officer id)\n"
      "hub officer assign --id OFFICER --station STATION --from DATE [--to DATE]\n"
      "hub officer leave --id OFFICER --station STATION --on DATE     (last day served)\n"
      "hub officer leader --id OFFICER --on DATE                      (农村电商带头人 since)\n"
      "hub officer list --county C                                    (phones masked)\n"
      "  信息员名册：登记、分配站点、离岗、认定农村电商带头人、列表（电话脱敏显示）。\n";
  if (wants_help(argv, help) || argv.empty()) return argv.empty() ? 2 : 0;
  const argv_t rest(argv.begin() + 1, argv.end());
  auto a = args::parse(rest, {"data", "county", "name", "phone", "id", "station", "from", "to", "on"}, {});
  if (!a) return report(a.err());
  if (argv[0] == "add") return officer_add(*a, clock);
  if (argv[0] == "assign") return officer_assign(*a);
  if (argv[0] == "leave") return officer_leave(*a);
  if (argv[0] == "leader") return officer_leader(*a);
  if (argv[0] == "list") return officer_list(*a);
  return report(bad("unknown subcommand " + argv[0] + " (add, assign, leave, leader, list)",
                    "未知的子命令 " + argv[0] + "（add、assign、leave、leader、list）"));
}

int cmd_training(const argv_t& argv, const clock_source& clock) {
  static const char* help =
      "hub training add --county C --date DATE --topic TEXT --hours H --level county|township|station\n"
      "                 [--trainer NAME] --attendee OFFICER [--attendee OFFICER ...]   (prints the id)\n"
      "  登记一次培训（日期、主题、学时、级别、培训人、参训信息员）。\n";
  if (wants_help(argv, help) || argv.empty()) return argv.empty() ? 2 : 0;
  const argv_t rest(argv.begin() + 1, argv.end());
  auto a =
      args::parse(rest, {"data", "county", "date", "topic", "hours", "level", "trainer", "attendee"}, {});
  if (!a) return report(a.err());
  if (argv[0] == "add") return training_add(*a, clock);
  return report(bad("unknown subcommand " + argv[0] + " (add)", "未知的子命令 " + argv[0] + "（add）"));
}

}  // namespace cunzhan::hub::cli
