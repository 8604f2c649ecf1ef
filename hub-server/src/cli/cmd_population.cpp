// `hub import-population FILE`: registered population (户籍人口) and households per
// village, the denominator of people_served_rate (KPIS.md "Villager services"). Same
// conventions as import-divisions (UTF-8 or GB18030/GBK, header row), but every problem
// of the file is listed at once — unknown village codes all named — and nothing is
// changed unless the whole file is good.
#include <iostream>
#include <set>

#include "cli/args.hpp"
#include "cli/villager_commands.hpp"
#include "cunzhan/shared/csv.hpp"
#include "cunzhan/shared/text.hpp"
#include "cunzhan/shared/time.hpp"
#include "store/hub_store.hpp"
#include "store/registry.hpp"
#include "store/roster_store.hpp"

namespace cunzhan::hub::cli {
namespace {

constexpr std::int64_t k_max_population = 10'000'000;
constexpr std::size_t k_max_problems_shown = 200;

std::optional<std::int64_t> count_cell(const std::string& s) {
  const auto t = trim(s);
  if (t.empty() || t.size() > 9) return std::nullopt;
  std::int64_t n = 0;
  for (char c : t) {
    if (c < '0' || c > '9') return std::nullopt;
    n = n * 10 + (c - '0');
  }
  return n;
}

bool is_header(const std::vector<std::string>& cells) {
  if (cells.size() < 3) return false;
  const auto h = [&](std::size_t i) { return std::string(trim(cells[i])); };
  return (h(0) == "village_code" && h(1) == "population" && h(2) == "households") ||
         (h(0) == "村代码" && h(1) == "户籍人口" && h(2) == "户数");
}

struct problems {
  std::vector<field_error> list;
  void add(const std::string& file, std::size_t line, const std::string& en, const std::string& zh) {
    // The field is FILE:LINE, readable in both languages.
    list.push_back({file + ":" + std::to_string(line), errc::csv_invalid, en, zh});
  }
};

// Reads and checks the whole file against the registry; rows only when every line is good.
result<std::vector<population_row>> read_population(registry& reg, const std::string& file) {
  auto rows = read_csv_file(file);
  if (!rows) return std::move(rows).err();
  problems p;
  std::vector<population_row> out;
  if (rows->empty() || !is_header(rows->front().cells)) {
    p.add(file, rows->empty() ? 1 : rows->front().line,
          "the header must be village_code,population,households (or 村代码,户籍人口,户数)",
          "表头应为 village_code,population,households（或 村代码,户籍人口,户数）");
  }
  std::set<std::string> seen;
  for (std::size_t i = 1; i < rows->size(); ++i) {
    const auto& r = (*rows)[i];
    if (r.cells.size() < 3) {
      p.add(file, r.line, "too few columns", "列数不足");
      continue;
    }
    const std::string code(trim(r.cells[0]));
    const auto people = count_cell(r.cells[1]);
    const auto households = count_cell(r.cells[2]);
    auto v = reg.village(code);
    if (!v) return std::move(v).err();
    if (!*v) p.add(file, r.line, "unknown village code " + code, "区划库中没有此村代码：" + code);
    if (!people || *people > k_max_population)
      p.add(file, r.line, "population must be a whole number 0–10000000",
            "户籍人口必须是 0 到 10000000 之间的整数");
    if (!households || (people && *households > *people))
      p.add(file, r.line, "households must be a whole number, at most the population",
            "户数必须是整数且不超过户籍人口");
    if (!seen.insert(code).second)
      p.add(file, r.line, "village " + code + " is listed twice", "村代码重复：" + code);
    if (*v && people && households) out.push_back({code, *people, *households});
  }
  if (!p.list.empty()) {
    const std::size_t n = p.list.size();
    if (n > k_max_problems_shown) p.list.resize(k_max_problems_shown);
    error e(errc::csv_invalid, std::to_string(n) + " problem(s); nothing was imported",
            "共 " + std::to_string(n) + " 处问题，未导入任何数据");
    e.fields = std::move(p.list);
    return e;
  }
  return out;
}

}  // namespace

int cmd_import_population(const argv_t& argv, const clock_source& clock) {
  static const char* help =
      "hub import-population --data DIR FILE\n"
      "  Loads the registered population per village: CSV (UTF-8 or GB18030/GBK) with the header\n"
      "  village_code,population,households (or 村代码,户籍人口,户数). Every problem is listed and\n"
      "  nothing changes unless the whole file is good; a village listed again is replaced.\n"
      "  导入各村户籍人口与户数（三农服务覆盖人数的分母）；文件有任何问题则全部列出且不导入。\n"
      "example: hub import-population --data /var/lib/cunzhan-hub population-500153.csv\n";
  if (wants_help(argv, help)) return 0;
  auto a = args::parse(argv, {"data"}, {});
  if (!a) return report(a.err());
  if (a->positional().size() != 1)
    return report(error(errc::invalid_argument, "give exactly one CSV file", "请指定一个 CSV 文件"));
  auto store = hub_store::open(a->data_dir(), false);
  if (!store) return report(store.err());
  auto w = (*store)->writer();
  sql::transaction t(w.db());
  if (!t.begun()) return report(t.begun().err());
  registry reg(w.db());
  auto rows = read_population(reg, a->positional().front());
  if (!rows) return report(rows.err());
  roster_store roster(w.db());
  if (auto s = roster.put_population(*rows, clock.unix_seconds()); !s) return report(s.err());
  if (auto s = t.commit(); !s) return report(s.err());
  std::cout << a->positional().front() << ": " << rows->size() << " villages imported / 已导入 "
            << rows->size() << " 个村\n";
  return 0;
}

}  // namespace cunzhan::hub::cli
