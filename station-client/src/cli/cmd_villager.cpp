// `station villager add|list`: the villager register (村民登记). Kept on this PC only:
// the hub gets a random id, the village code and the household size, never the name,
// phone or note.
#include <iostream>

#include <boost/json.hpp>

#include "../input/fields.hpp"
#include "../input/problems.hpp"
#include "../input/villager_input.hpp"
#include "cli_common.hpp"
#include "cunzhan/shared/text.hpp"
#include "cunzhan/shared/villager_json.hpp"
#include "cunzhan/shared/villager_validate.hpp"

namespace cunzhan::station_client::cli {
namespace {

constexpr std::string_view k_help = R"(station villager — the villager register / 村民登记
The register lists the villagers this station serves (代买, 代卖, 代收代发, 缴费, 信息咨询,
培训 …), so the county can count the people served. It stays on this PC: the name, phone
and note are never sent. The hub receives only a random number made at registration
(not derived from the person), the village code and the household size.
本登记簿只保存在本机：姓名、电话和备注从不上传；区县中心只收到登记时随机生成的编号、
所在村代码和家庭人口。
Subcommands: add list (each has --help)
Example / 示例:
  station villager add --name 张三 --phone 13812345678 --household 4
)";
constexpr std::string_view k_add_help = R"(station villager add — register a villager / 登记村民
Options:
  --name NAME          name (姓名), required; stays on this PC
  --phone PHONE        mobile number (手机号), optional; stays on this PC
  --village CODE       12-digit village code of this county (default: this station's)
  --household N        people in the household, 1–99 (家庭人口, default 1)
  --note TEXT          note (备注), stays on this PC
Example / 示例:
  station villager add --name 张三 --phone 13812345678 --household 4
)";
constexpr std::string_view k_list_help =
    R"(station villager list [--village CODE] [--limit N] [--json] — list / 列表
Example / 示例:
  station villager list --village 500153102200
)";

int add(const context& c, const std::vector<std::string>& t) {
  return with_store(c, t, k_add_help, {"--name", "--phone", "--village", "--household", "--note"}, 0,
                    [&](store& s, const args& a) {
                      villager v;
                      std::vector<field_error> errs;
                      if (auto x = a.get("--name")) v.name = *x;
                      if (auto x = a.get("--phone")) v.phone = *x;
                      if (auto x = a.get("--village")) v.village_code = *x;
                      if (auto x = a.get("--note")) v.note = *x;
                      if (auto x = a.get("--household")) {
                        if (auto n = parse_integer(*x); n && *n >= 0 && *n <= 1000)
                          v.household_size = static_cast<int>(*n);
                        else if (n)
                          v.household_size = 0;  // out of range: validation names the limit
                        else
                          errs.push_back(as_field_error("household_size", n.err()));
                      }
                      if (v.village_code.empty()) {
                        auto e = s.meta().enrolment_info();
                        if (!e) return report(c, e.err());
                        v.village_code = e->village_code;
                      }
                      const status problems = all_problems(s, v, std::move(errs));
                      return add_and_show(c, s.villagers(), problems, v, "已登记村民：",
                                          "villager registered: ");
                    });
}

int list(const context& c, const std::vector<std::string>& t) {
  return with_store(c, t, k_list_help, {"--village", "--limit"}, 0, [&](store& s, const args& a) {
    villager_filter f;
    if (auto v = a.get("--village")) f.village_code = *v;
    if (auto bad = read_limit(c, a, f.limit)) return *bad;
    auto r = s.villagers().list(f);
    if (!r) return report(c, r.err());
    if (c.json) {
      print_json_rows(c, *r, [](const auto& v) { return to_json(v, false); });
      return report_damaged(c, s, exit_ok);
    }
    for (const auto& v : *r) {
      *c.out << v.id << '\t' << v.name << '\t' << (v.phone.empty() ? "-" : mask_phone(v.phone)) << '\t'
             << v.village_code << '\t' << v.household_size << '\n';
    }
    *c.out << c.t("村民数：", "villagers: ") << r->size() << '\n';
    return report_damaged(c, s, exit_ok);
  });
}

}  // namespace

result<std::string> villager_ref(store& s, const std::string& id_or_name) {
  auto v = s.villagers().find(id_or_name);
  if (!v) return std::move(v).err();
  return v->id;
}

field_source options_source(const args& a, std::vector<std::pair<std::string_view, std::string_view>> names) {
  return [&a, names = std::move(names)](std::string_view field) -> std::optional<std::string> {
    for (const auto& [f, opt] : names) {
      if (f != field) continue;
      if (const std::string* v = a.get(std::string(opt)); v && !trim(*v).empty()) return *v;
    }
    return std::nullopt;
  };
}

void read_villager(store& s, const args& a, bool required, std::string& id, std::vector<field_error>& errs) {
  read_villager_field(s, options_source(a, {{"villager", "--villager"}}), required, id, errs);
}

int cmd_villager(const context& c, const std::vector<std::string>& tokens) {
  return dispatch(c, tokens, k_help, {{"add", add}, {"list", list}});
}

}  // namespace cunzhan::station_client::cli
