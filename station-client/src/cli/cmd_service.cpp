// `station service add|list`: services given to registered villagers (为村民服务), the
// people-served figure of the county. An order, a listing or a pickup for a villager
// records its service by itself; this command is for the others (缴费, 信息咨询, 培训 …).
#include <iostream>

#include <boost/json.hpp>

#include "../input/fields.hpp"
#include "../input/problems.hpp"
#include "../input/villager_input.hpp"
#include "cli_common.hpp"
#include "cunzhan/shared/villager_json.hpp"
#include "cunzhan/shared/villager_validate.hpp"

namespace cunzhan::station_client::cli {
namespace {

constexpr std::string_view k_help = R"(station service — services to villagers / 为村民服务
代买 orders, listings sold for a villager (--villager on listing add) and parcels for a
villager record their service by themselves, once; add the others here. The note stays
on this PC.
Subcommands: add list (each has --help)
Example / 示例:
  station service add --villager 张三 --kind 缴费 --note 代缴电费
)";
constexpr std::string_view k_add_help = R"(station service add — record a service / 登记服务
Options:
  --villager ID|NAME   the registered villager (村民编号或姓名), required
  --kind K             代买 代卖 代收代发 缴费 信息咨询 培训 其他, or proxy_buy proxy_sell parcel
                       bill_payment information training other (服务类型), required
  --date YYYY-MM-DD    the day (服务日期, default today)
  --note TEXT          note (备注), stays on this PC
Example / 示例:
  station service add --villager 张三 --kind 信息咨询 --date 2026-11-20
)";
constexpr std::string_view k_list_help =
    R"(station service list [--villager ID|NAME] [--limit N] [--json] — list, newest first / 列表
Example / 示例:
  station service list --villager 张三
)";

int add(const context& c, const std::vector<std::string>& t) {
  return with_store(c, t, k_add_help, {"--villager", "--kind", "--date", "--note"}, 0,
                    [&](store& s, const args& a) {
                      villager_service v;
                      auto errs = read_service(s,
                                               options_source(a, {{"villager", "--villager"},
                                                                  {"kind", "--kind"},
                                                                  {"served_on", "--date"},
                                                                  {"note", "--note"}}),
                                               v);
                      const status problems = all_problems(s, v, std::move(errs));
                      return add_and_show(c, s.services(), problems, v, "已登记服务：", "service recorded: ");
                    });
}

int list(const context& c, const std::vector<std::string>& t) {
  return with_store(c, t, k_list_help, {"--villager", "--limit"}, 0, [&](store& s, const args& a) {
    service_filter f;
    if (auto x = a.get("--villager")) {
      auto id = villager_ref(s, *x);
      if (!id) return report(c, id.err());
      f.villager_id = *id;
    }
    if (auto bad = read_limit(c, a, f.limit)) return *bad;
    auto r = s.services().list(f);
    if (!r) return report(c, r.err());
    if (c.json) {
      print_json_rows(c, *r, [](const auto& v) { return to_json(v, false); });
      return report_damaged(c, s, exit_ok);
    }
    for (const auto& v : *r) {
      *c.out << v.id << '\t' << format_date(*v.served_on) << '\t'
             << (c.zh() ? label_zh(v.kind) : to_string(v.kind)) << '\t' << v.villager_id << '\t'
             << (v.source_id.empty() ? "-" : v.source_id) << '\n';
    }
    *c.out << c.t("服务记录数：", "services: ") << r->size() << '\n';
    return report_damaged(c, s, exit_ok);
  });
}

}  // namespace

int cmd_service(const context& c, const std::vector<std::string>& tokens) {
  return dispatch(c, tokens, k_help, {{"add", add}, {"list", list}});
}

}  // namespace cunzhan::station_client::cli
