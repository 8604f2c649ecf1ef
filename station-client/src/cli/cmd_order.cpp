// `station order add|arrive|handover|return|cancel|list`: 代买 orders, goods the station
// orders online for a villager (工业品进村), followed until they are handed over.
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

constexpr std::string_view k_help = R"(station order — 代买 orders for villagers / 代买订单
An order goes ordered → arrived → handed over (or returned, or cancelled before it
arrives); each step keeps its time. Recording an order also records the 代买 service
for the villager (once). The note stays on this PC.
Subcommands: add arrive handover return cancel list (each has --help)
Example / 示例:
  station order add --villager 张三 --category 农资 --platform 拼多多 --items 2 --amount 86.50
)";
constexpr std::string_view k_add_help = R"(station order add — record an order / 登记代买订单
Options:
  --villager ID|NAME   the registered villager (村民编号或姓名), required
  --category C         日用品 家电数码 服装鞋帽 食品饮料 农资 医药健康 其他, or daily
                       appliance_digital clothing food_drink farm_input health other (品类), required
  --platform P         淘宝 京东 拼多多 苏宁 抖音 其他, or taobao jd pinduoduo suning douyin other, required
  --items N            item count (件数, default 1)
  --amount YUAN        amount paid in yuan, at most 2 decimals (金额，元), required
  --ordered-at TIME    default now (下单时间)
  --note TEXT          note (备注), stays on this PC
TIME is YYYY-MM-DD HH:MM (Beijing time) or RFC 3339.
Example / 示例:
  station order add --villager 张三 --category 农资 --platform 拼多多 --items 2 --amount 86.50
)";
constexpr std::string_view k_arrive_help =
    R"(station order arrive ID [--at TIME] [--pickup PICKUP_ID] — the goods arrived / 已到站
--pickup names the inbound parcel (代收) they came with, when it is recorded.
Example / 示例:
  station order arrive 0190a1b2-... --at "2026-11-23 10:00"
)";
constexpr std::string_view k_handover_help =
    R"(station order handover ID [--at TIME] — handed to the villager / 已交付
Example / 示例:
  station order handover 0190a1b2-...
)";
constexpr std::string_view k_return_help = R"(station order return ID [--at TIME] — sent back / 已退货
Example / 示例:
  station order return 0190a1b2-...
)";
constexpr std::string_view k_cancel_help =
    R"(station order cancel ID [--at TIME] — cancelled before it arrived / 已取消
Example / 示例:
  station order cancel 0190a1b2-...
)";
constexpr std::string_view k_list_help =
    R"(station order list [--all] [--status S] [--villager ID|NAME] [--limit N] [--json] — list / 列表
Without options: the orders that have arrived and are not handed over yet, oldest first
(待交付). --all: every order, newest first.
Example / 示例:
  station order list
)";

std::string code_text(const context& c, const std::vector<named_code>& names, const std::string& code) {
  for (const auto& n : names)
    if (n.code == code) return std::string(c.t(n.zh, n.en));
  return code;
}

int print_order(const context& c, const proxy_buy_order& o, std::string_view en, std::string_view zh) {
  if (c.json)
    print_json(c, to_json(o, /*wire=*/false));
  else
    *c.out << c.t(zh, en) << o.id << '\n';
  return exit_ok;
}

int add(const context& c, const std::vector<std::string>& t) {
  return with_store(
      c, t, k_add_help,
      {"--villager", "--category", "--platform", "--items", "--amount", "--ordered-at", "--note"}, 0,
      [&](store& s, const args& a) {
        proxy_buy_order o;
        auto errs = read_order(s,
                               options_source(a, {{"villager", "--villager"},
                                                  {"category", "--category"},
                                                  {"platform", "--platform"},
                                                  {"item_count", "--items"},
                                                  {"amount", "--amount"},
                                                  {"ordered_at", "--ordered-at"},
                                                  {"note", "--note"}}),
                               o);
        if (auto st = all_problems(s, o, std::move(errs)); !st) return report(c, st.err());
        auto r = s.orders().add(std::move(o));
        if (!r) return report(c, r.err());
        return print_order(c, *r, "order added: ", "已登记代买订单：");
      });
}

// arrive, handover, return, cancel: ID [--at TIME] (+ extra options), then the step.
using step_fn = result<proxy_buy_order> (*)(store&, const std::string& id, sys_seconds at, const args&);

int step(const context& c, const std::vector<std::string>& t, std::string_view help,
         std::vector<std::string_view> opts, step_fn fn, std::string_view en, std::string_view zh) {
  opts.push_back("--at");
  return with_store(c, t, help, opts, 1, [&](store& s, const args& a) {
    sys_seconds at = s.clock().now();
    if (auto v = a.get("--at")) {
      auto tm = parse_time(*v);
      if (!tm) return report(c, to_status({as_field_error("at", tm.err())}).err());
      at = *tm;
    }
    auto r = fn(s, a.positional[0], at, a);
    if (!r) return report(c, r.err());
    return print_order(c, *r, en, zh);
  });
}

int arrive(const context& c, const std::vector<std::string>& t) {
  return step(
      c, t, k_arrive_help, {"--pickup"},
      [](store& s, const std::string& id, sys_seconds at, const args& a) {
        const std::string* p = a.get("--pickup");
        return s.orders().arrive(id, at, p ? *p : std::string());
      },
      "order arrived: ", "已到站：");
}
int handover(const context& c, const std::vector<std::string>& t) {
  return step(
      c, t, k_handover_help, {},
      [](store& s, const std::string& id, sys_seconds at, const args&) {
        return s.orders().hand_over(id, at);
      },
      "handed over: ", "已交付：");
}
int give_back(const context& c, const std::vector<std::string>& t) {
  return step(
      c, t, k_return_help, {},
      [](store& s, const std::string& id, sys_seconds at, const args&) {
        return s.orders().give_back(id, at);
      },
      "order returned: ", "已退货：");
}
int cancel(const context& c, const std::vector<std::string>& t) {
  return step(
      c, t, k_cancel_help, {},
      [](store& s, const std::string& id, sys_seconds at, const args&) { return s.orders().cancel(id, at); },
      "order cancelled: ", "已取消：");
}

int list(const context& c, const std::vector<std::string>& t) {
  return with_store(c, t, k_list_help, {"--status", "--villager", "--limit"}, 0,
                    [&](store& s, const args& a) {
                      order_filter f;
                      f.waiting_handover = !a.has("--all") && !a.has("--status");
                      if (auto v = a.get("--status")) {
                        f.status = parse_order_status_text(*v);
                        if (!f.status) return usage_error(c, "unknown status " + *v, "未知状态 " + *v);
                      }
                      if (auto v = a.get("--villager")) {
                        auto id = villager_ref(s, *v);
                        if (!id) return report(c, id.err());
                        f.villager_id = *id;
                      }
                      if (auto bad = read_limit(c, a, f.limit)) return *bad;
                      auto r = s.orders().list(f);
                      if (!r) return report(c, r.err());
                      if (c.json) {
                        print_json_rows(c, *r, [](const auto& o) { return to_json(o, false); });
                        return report_damaged(c, s, exit_ok);
                      }
                      for (const auto& o : *r) {
                        *c.out << o.id << '\t' << (c.zh() ? label_zh(o.status) : to_string(o.status)) << '\t'
                               << code_text(c, proxy_buy_categories(), o.category) << '\t'
                               << code_text(c, proxy_buy_platforms(), o.platform) << '\t' << o.item_count
                               << '\t' << format_yuan(o.amount_fen) << '\t' << format_instant(*o.ordered_at)
                               << '\t' << (o.arrived_at ? format_instant(*o.arrived_at) : std::string("-"))
                               << '\n';
                      }
                      *c.out << (f.waiting_handover ? c.t("待交付订单数：", "arrived, not handed over: ")
                                                    : c.t("订单数：", "orders: "))
                             << r->size() << '\n';
                      return report_damaged(c, s, exit_ok);
                    },
                    {"--all"});
}

}  // namespace

int cmd_order(const context& c, const std::vector<std::string>& tokens) {
  return dispatch(c, tokens, k_help,
                  {{"add", add},
                   {"arrive", arrive},
                   {"handover", handover},
                   {"return", give_back},
                   {"cancel", cancel},
                   {"list", list}});
}

}  // namespace cunzhan::station_client::cli
