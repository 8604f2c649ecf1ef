// `hub province`: the province role's admin commands (init, registry, staff, settings)
// and the dispatch to the link commands.
#include "province/province_cli.hpp"

#include <boost/json.hpp>
#include <cstdio>
#include <iostream>
#include <map>
#include <set>

#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "cunzhan/hub/auth.hpp"
#include "cunzhan/hub/postgres.hpp"
#include "cunzhan/hub/province/periods.hpp"
#include "cunzhan/hub/province/province_store.hpp"
#include "cunzhan/shared/compress.hpp"
#include "cunzhan/shared/csv.hpp"
#include "cunzhan/shared/division_code.hpp"
#include "cunzhan/shared/time.hpp"
#include "cunzhan/shared/uuid.hpp"
#include "province/province_routes.hpp"

namespace cunzhan::hub::province {
namespace {

using cli::args;
using cli::report;
using cli::wants_help;

constexpr const char* k_help =
    "hub province <command> [options]   (the reporting chain: county hubs → province hub)\n"
    "at the province (its own data directory):\n"
    "  init --data DIR --province 51            create province.db / 创建省级数据库\n"
    "  import-divisions --data DIR FILE...      streets/villages/areas/cities CSV (.csv or .csv.zst) / "
    "导入区划\n"
    "  enroll-county --data DIR CODE --url https://HOST:PORT --ca FILE --out FILE [--server-name N]\n"
    "                                           enrolment file for a county hub / 登记区县\n"
    "  revoke-county --data DIR CODE            the county's token stops working / 吊销区县令牌\n"
    "  staff add --data DIR --name NAME [--city 5108 ...]   staff token (whole province, or cities)\n"
    "  staff revoke --data DIR ID\n"
    "  settings --data DIR [--deadline-day N] [--grade-excellent X] [--grade-good X] [--grade-fair X]\n"
    "  backup --data DIR --to FILE              integrity check, then a consistent copy / 检查并备份\n"
    "  report --data DIR [--period P]           every county's state, grade and sales / 各县报送与等级\n"
    "  (then `hub serve --data DIR ...` serves the province's routes and dashboard)\n"
    "at a county hub:\n"
    "  join --data DIR FILE [--from YYYY-MM]    store the province link / 加入省级平台\n"
    "  submit --data DIR [--period YYYY-MM] [--county C] [--connect-port P]\n"
    "                                           send the months due, oldest first (also run by `hub "
    "nightly`);\n"
    "                                           exit 75: province not reached, try later / 报送\n"
    "  status --data DIR                        months sent, versions, waiting / 报送记录\n"
    "every command: --storage postgresql://… (or $CUNZHAN_HUB_STORAGE) keeps the data in PostgreSQL\n"
    "  (schemas province / upstream) instead of province.db / upstream.db / 数据存于 PostgreSQL\n"
    "example: hub province init --data /var/lib/cunzhan-province --province 51\n";

int cmd_init(const argv_t& argv) {
  auto a = args::parse(argv, {"data", "province"}, {});
  if (!a) return report(a.err());
  auto code = a->required("province");
  if (!code) return report(code.err());
  if (code->size() != 2 || code->find_first_not_of("0123456789") != std::string::npos) {
    return report(error(errc::invalid_argument, "--province must be 2 digits (51 = Sichuan)",
                        "--province 应为 2 位数字（51 = 四川）"));
  }
  auto store = open_province(*a, true, *code);
  if (!store) return report(store.err());
  std::cout << "province " << *code << " initialised in " << a->data_dir() << " / 省级数据库已创建\n";
  return 0;
}

struct county_acc {
  std::string city, province, name;
  std::set<std::string> townships;
  int villages = 0;
  bool streets = false, village_file = false;
};

// County names (areas: code,name,cityCode,provinceCode) and city names (cities:
// code,name,provinceCode), as the handbook's registry spells them.
bool read_names(const std::string& file, const std::vector<csv::row>& rows,
                std::map<std::string, county_acc>& acc, std::map<std::string, std::string>& cities,
                status& err) {
  const auto& h = rows.front().cells;
  const bool areas =
      h.size() == 4 && h[0] == "code" && h[1] == "name" && h[2] == "cityCode" && h[3] == "provinceCode";
  const bool city = h.size() == 3 && h[0] == "code" && h[1] == "name" && h[2] == "provinceCode";
  if (!areas && !city) return false;
  for (std::size_t i = 1; i < rows.size(); ++i) {
    const auto& c = rows[i].cells;
    const bool good = c.size() == h.size() && !c[1].empty() &&
                      (areas ? is_county_code(c[0])
                             : c[0].size() == 4 && c[0].find_first_not_of("0123456789") == std::string::npos);
    if (!good) {
      err = error(errc::csv_invalid, file + ":" + std::to_string(rows[i].line) + ": bad code or name",
                  file + " 第 " + std::to_string(rows[i].line) + " 行：代码或名称不正确");
      return true;
    }
    if (areas) {
      auto& x = acc[c[0]];
      x.name = c[1];
      x.city = c[2];
      x.province = c[3];
    } else {
      cities[c[0]] = c[1];
    }
  }
  return true;
}

status read_division_file(const std::string& file, std::map<std::string, county_acc>& acc,
                          std::map<std::string, std::string>& cities) {
  auto bytes = cli::read_file(file);
  if (!bytes) return std::move(bytes).err();
  std::string text = *bytes;
  if (file.size() > 4 && file.substr(file.size() - 4) == ".zst") {
    auto raw = decompress(content_encoding::zstd, *bytes, 256 << 20);
    if (!raw) return std::move(raw).err();
    text = std::move(*raw);
  }
  auto utf8 = csv::to_utf8(text);
  if (!utf8) return std::move(utf8).err();
  auto rows = csv::parse(*utf8);
  if (!rows) return std::move(rows).err();
  if (rows->empty()) return error(errc::csv_invalid, file + ": empty file", file + "：文件为空");
  if (status named = ok_status(); read_names(file, *rows, acc, cities, named)) return named;
  const auto& h = rows->front().cells;
  const bool streets =
      h.size() >= 5 && h[0] == "code" && h[2] == "areaCode" && h[3] == "provinceCode" && h[4] == "cityCode";
  const bool villages = h.size() >= 6 && h[0] == "code" && h[2] == "streetCode" && h[5] == "areaCode";
  if (!streets && !villages) {
    return error(errc::csv_invalid,
                 file +
                     ": header must be code,name,areaCode,provinceCode,cityCode (streets), "
                     "code,name,streetCode,provinceCode,cityCode,areaCode (villages), "
                     "code,name,cityCode,provinceCode (areas) or code,name,provinceCode (cities)",
                 file +
                     "：表头应为 code,name,areaCode,provinceCode,cityCode（乡镇）、"
                     "code,name,streetCode,provinceCode,cityCode,areaCode（村）、"
                     "code,name,cityCode,provinceCode（区县）或 code,name,provinceCode（地市）");
  }
  for (std::size_t i = 1; i < rows->size(); ++i) {
    const auto& c = (*rows)[i].cells;
    const bool wide = c.size() >= (streets ? 5u : 6u);
    const std::string county = wide ? (streets ? c[2] : c[5]) : std::string();
    if (!wide || !is_county_code(county)) {
      return error(errc::csv_invalid, file + ":" + std::to_string((*rows)[i].line) + ": bad county code",
                   file + " 第 " + std::to_string((*rows)[i].line) + " 行：区县代码不正确");
    }
    auto& x = acc[county];
    x.province = c.at(3);
    x.city = c.at(4);
    if (streets) {
      x.streets = true;
      x.townships.insert(c.at(0));
    } else {
      x.village_file = true;
      x.villages += is_administrative_village_code(c.at(0)) ? 1 : 0;
    }
  }
  return ok_status();
}

int cmd_import(const argv_t& argv) {
  auto a = args::parse(argv, {"data"}, {});
  if (!a) return report(a.err());
  if (a->positional().empty())
    return report(error(errc::invalid_argument, "give the division CSV files", "请给出区划 CSV 文件"));
  auto store = open_province(*a);
  if (!store) return report(store.err());
  std::map<std::string, county_acc> acc;
  std::map<std::string, std::string> cities;
  for (const auto& f : a->positional()) {
    if (auto s = read_division_file(f, acc, cities); !s) return report(s.err());  // nothing stored yet
  }
  auto existing = (*store)->counties();
  if (!existing) return report(existing.err());
  std::map<std::string, county_row> rows;
  for (auto& c : *existing) rows[c.code] = c;
  for (const auto& [code, x] : acc) {
    auto& r = rows[code];
    r.code = code;
    r.city_code = x.city;
    r.province_code = x.province;
    if (x.streets) r.townships = static_cast<int>(x.townships.size());
    if (x.village_file) r.villages = x.villages;
    if (!x.name.empty()) r.name = x.name;
  }
  std::vector<county_row> out;
  for (auto& [code, r] : rows) {
    auto city = cities.find(r.city_code);
    if (city != cities.end()) r.city_name = city->second;
    if (acc.count(code) || city != cities.end()) out.push_back(r);
  }
  if (auto s = (*store)->upsert_counties(out); !s) return report(s.err());
  std::cout << out.size() << " counties in the registry updated / 已更新 " << out.size() << " 个区县\n";
  return 0;
}

int cmd_staff(const argv_t& argv, const clock_source& clock) {
  if (argv.empty() || (argv[0] != "add" && argv[0] != "revoke")) {
    return report(error(errc::invalid_argument, "hub province staff add|revoke ...",
                        "用法：hub province staff add|revoke ..."));
  }
  const argv_t rest(argv.begin() + 1, argv.end());
  auto a = args::parse(rest, {"data", "name", "city"}, {});
  if (!a) return report(a.err());
  auto store = open_province(*a);
  if (!store) return report(store.err());
  if (argv[0] == "revoke") {
    if (a->positional().size() != 1)
      return report(error(errc::invalid_argument, "give one staff ID", "请给出一个工作人员编号"));
    if (auto s = (*store)->revoke_staff(a->positional()[0], clock.unix_seconds()); !s) return report(s.err());
    std::cout << "revoked / 已吊销 " << a->positional()[0] << "\n";
    return 0;
  }
  auto name = a->required("name");
  if (!name) return report(name.err());
  staff_row s;
  s.id = uuid_v4();
  s.name = *name;
  for (const auto& c : a->all("city")) {
    if (c.size() != 4 || c.find_first_not_of("0123456789") != std::string::npos) {
      return report(error(errc::invalid_argument, "--city must be a 4-digit city code: " + c,
                          "--city 应为 4 位地市代码：" + c));
    }
    s.cities.push_back(c);
  }
  const issued_token tok = issue_token(token_kind::province_staff);
  s.token_id = tok.token_id;
  s.token_hash = tok.secret_hash;
  if (auto st = (*store)->insert_staff(s, clock.unix_seconds()); !st) return report(st.err());
  std::cout << "staff_id=" << s.id << "\ntoken (shown once / 仅显示一次): " << tok.token << "\n";
  return 0;
}

int cmd_settings(const argv_t& argv) {
  auto a = args::parse(argv, {"data", "deadline-day", "grade-excellent", "grade-good", "grade-fair"}, {});
  if (!a) return report(a.err());
  auto store = open_province(*a);
  if (!store) return report(store.err());
  auto s = (*store)->load_settings();
  if (!s) return report(s.err());
  try {
    if (auto v = a->get("deadline-day")) s->deadline_day = std::stoi(*v);
    if (auto v = a->get("grade-excellent")) s->excellent = std::stod(*v);
    if (auto v = a->get("grade-good")) s->good = std::stod(*v);
    if (auto v = a->get("grade-fair")) s->fair = std::stod(*v);
  } catch (const std::exception&) {
    return report(error(errc::invalid_argument, "settings take numbers", "设置值必须是数字"));
  }
  if (s->deadline_day < 1 || s->deadline_day > 28 ||
      !(s->fair >= 0 && s->fair <= s->good && s->good <= s->excellent && s->excellent <= 1)) {
    return report(error(errc::invalid_argument,
                        "--deadline-day must be 1–28 and 0 ≤ fair ≤ good ≤ excellent ≤ 1",
                        "--deadline-day 应为 1–28，且 0 ≤ 一般 ≤ 良好 ≤ 优秀 ≤ 1"));
  }
  if (auto st = (*store)->save_settings(*s); !st) return report(st.err());
  std::cout << "deadline_day=" << s->deadline_day << " grade_excellent=" << s->excellent
            << " grade_good=" << s->good << " grade_fair=" << s->fair << "\n";
  return 0;
}

// A consistent copy of province.db after a full integrity check (no copy of a damaged file).
int cmd_backup(const argv_t& argv) {
  auto a = args::parse(argv, {"data", "to"}, {});
  if (!a) return report(a.err());
  auto to = a->required("to");
  if (!to) return report(to.err());
  auto store = open_province(*a);
  if (!store) return report(store.err());
  auto check = (*store)->integrity_check();
  if (!check) return report(check.err());
  if (*check != "ok") {
    std::cout << "integrity check failed, no backup written / 完整性检查未通过，未备份:\n" << *check << "\n";
    return 1;
  }
  if (auto s = (*store)->backup_to(*to); !s) return report(s.err());
  std::cout << "integrity ok; backup written to " << *to << " / 已备份\n";
  return 0;
}

// The province's table in the terminal: one line per county, then the totals.
int cmd_report(const argv_t& argv, const clock_source& clock) {
  auto a = args::parse(argv, {"data", "period"}, {});
  if (!a) return report(a.err());
  auto store = open_province(*a);
  if (!store) return report(store.err());
  const std::string period =
      a->get("period").value_or(previous_month(format_date(clock.today()).substr(0, 7)));
  auto in = load_view(**store, staff_row{}, period, clock);  // no cities: the whole province
  if (!in) return report(in.err());
  const auto view = counties_view(*in);
  std::printf("%s  区县 county  状态 state   版本 ver  达标 met  等级 grade      销售额（元）sales\n",
              period.c_str());
  for (const auto& rv : view.at("counties").as_array()) {
    const auto& r = rv.as_object();
    const auto* st = r.if_contains("state");
    const auto& g = r.at("grade");
    const auto fen = r.at("sales").as_object().at("amount_fen").to_number<std::int64_t>();
    std::printf("         %-11s %-11s %-8s %2lld/%-4lld %-14s %lld.%02lld\n",
                r.at("county_code").as_string().c_str(), st ? st->as_string().c_str() : "",
                r.contains("version") ? std::to_string(r.at("version").as_int64()).c_str() : "",
                static_cast<long long>(r.at("met").as_int64()),
                static_cast<long long>(r.at("targeted").as_int64()),
                g.is_object() ? (std::string(g.as_object().at("zh").as_string()) + " " +
                                 g.as_object().at("en").as_string().c_str())
                                    .c_str()
                              : "—",
                static_cast<long long>(fen / 100), static_cast<long long>(fen % 100));
  }
  const auto& t = view.at("totals").as_object();
  const auto fen = t.at("sales").as_object().at("amount_fen").to_number<std::int64_t>();
  std::printf("         全省合计 total: %lld counties submitted / 已报送区县, sales %lld.%02lld\n",
              static_cast<long long>(t.at("counties_submitted").as_int64()),
              static_cast<long long>(fen / 100), static_cast<long long>(fen % 100));
  return 0;
}

}  // namespace

std::string storage_of(const cli::args& a) { return a.get("storage").value_or(default_storage()); }

result<std::unique_ptr<province_store>> open_province(const cli::args& a, bool create,
                                                      const std::string& province_code) {
  return open_province_store(storage_of(a), a.data_dir(), create, province_code);
}

bool is_province(const std::string& storage, const std::string& data_dir) {
  auto there = has_province(storage, data_dir);
  return there && *there;
}

int cmd_province(const argv_t& argv, const clock_source& clock) {
  if (argv.empty() || argv[0] == "--help" || argv[0] == "-h") {
    std::cout << k_help;
    return argv.empty() ? 2 : 0;
  }
  const argv_t rest(argv.begin() + 1, argv.end());
  if (wants_help(rest, k_help)) return 0;
  const std::string& sub = argv[0];
  if (sub == "init") return cmd_init(rest);
  if (sub == "import-divisions") return cmd_import(rest);
  if (sub == "enroll-county") return cmd_enroll_county(rest, clock);
  if (sub == "revoke-county") return cmd_revoke_county(rest, clock);
  if (sub == "staff") return cmd_staff(rest, clock);
  if (sub == "settings") return cmd_settings(rest);
  if (sub == "report") return cmd_report(rest, clock);
  if (sub == "backup") return cmd_backup(rest);
  if (sub == "join") return cmd_join(rest, clock);
  if (sub == "submit") return cmd_submit(rest, clock);
  if (sub == "status") return cmd_status(rest);
  return report(error(errc::invalid_argument,
                      "unknown province command " + sub + " (see hub province --help)",
                      "未知的 province 命令 " + sub + "（见 hub province --help）"));
}

}  // namespace cunzhan::hub::province
