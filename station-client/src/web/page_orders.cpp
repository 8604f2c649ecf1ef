// 代买 orders (工业品进村): what has arrived and waits to be handed over (oldest first),
// with hand-over / return buttons; the add form; orders on their way with arrived /
// cancel buttons; the latest finished ones. Writes go through the store as in the CLI.
#include "../input/fields.hpp"
#include "../input/villager_input.hpp"
#include "forms.hpp"
#include "html.hpp"
#include "pages.hpp"
#include "villager_forms.hpp"

namespace cunzhan::station_client::web {
namespace {

constexpr std::size_t k_page_rows = 100;

const field_names k_order_fields = {"villager_id", "category",   "platform", "item_count",
                                    "amount_yuan", "ordered_at", "note"};

std::string actions(const ctx& c, const proxy_buy_order& o) {
  const std::vector<std::pair<std::string, std::string>> id = {{"id", o.id}};
  switch (o.status) {
    case proxy_buy_status::ordered:
      return button_form(c, "/orders/arrive", id, c.t("已到站", "Arrived")) +
             button_form(c, "/orders/cancel", id, c.t("取消", "Cancel"), "danger",
                         c.t("确定取消这个订单？", "Cancel this order?"));
    case proxy_buy_status::arrived:
      return button_form(c, "/orders/handover", id, c.t("已交付", "Handed over")) +
             button_form(c, "/orders/return", id, c.t("退货", "Returned"), "sec",
                         c.t("确定退货？", "Mark as returned?"));
    default: return "";
  }
}

std::string table(const ctx& c, const std::vector<proxy_buy_order>& rows, const std::vector<choice>& people) {
  std::string o = "<table><thead><tr><th>" + std::string(c.t("村民", "Villager")) + "</th><th>" +
                  std::string(c.t("品类", "Category")) + "</th><th>" + std::string(c.t("平台", "Platform")) +
                  "</th><th>" + std::string(c.t("件数", "Items")) + "</th><th>" +
                  std::string(c.t("金额（元）", "Amount (yuan)")) + "</th><th>" +
                  std::string(c.t("下单", "Ordered")) + "</th><th>" + std::string(c.t("到站", "Arrived")) +
                  "</th><th>" + std::string(c.t("状态", "Status")) + "</th><th>" +
                  std::string(c.t("操作", "Actions")) + "</th></tr></thead><tbody>";
  for (const auto& r : rows) {
    o += "<tr><td>" + esc(village_label(people, r.villager_id)) + "</td><td>" +
         esc(village_label(order_category_choices(c), r.category)) + "</td><td>" +
         esc(village_label(order_platform_choices(c), r.platform)) + "</td><td class=\"n\">" +
         std::to_string(r.item_count) + "</td><td class=\"n\">" + format_yuan(r.amount_fen) + "</td><td>" +
         short_time(r.ordered_at) + "</td><td>" + short_time(r.arrived_at) + "</td><td>" +
         std::string(c.zh() ? label_zh(r.status) : to_string(r.status)) + "</td><td>" + actions(c, r) +
         "</td></tr>";
  }
  return o + "</tbody></table>";
}

net::http_response render(ctx& c, int status, const form_state& f) {
  order_filter wf;
  wf.waiting_handover = true;
  wf.limit = k_page_rows;
  auto waiting = c.db.orders().list(wf);
  if (!waiting) return error_page(c, 500, waiting.err(), "/");
  order_filter of;
  of.status = proxy_buy_status::ordered;
  of.limit = k_page_rows;
  auto on_way = c.db.orders().list(of);
  if (!on_way) return error_page(c, 500, on_way.err(), "/");
  const auto people = villager_choices(c);
  std::string o = "<h1>" + std::string(c.t("代买", "代买 orders")) + "</h1>" + flash(c) + damaged_notice(c);
  o += "<h2 id=\"waiting\">" +
       std::string(c.t("已到站、待交付（最早的在前）：", "Arrived, not handed over (oldest first): ")) +
       std::to_string(waiting->size()) + "</h2>";
  o += waiting->empty()
           ? "<p class=\"muted\">" + std::string(c.t("没有待交付的货物。", "Nothing waiting.")) + "</p>"
           : table(c, *waiting, people);
  o += "<h2>" + std::string(c.t("登记代买订单", "New 代买 order")) +
       "</h2><form class=\"box\" method=\"post\" action=\"/orders\">" + csrf_input(c);
  form_errors(o, c, f);
  if (people.empty())
    o += "<p class=\"muted\">" +
         std::string(c.t("请先在“村民”页登记村民。", "Register the villager first (Villagers).")) + "</p>";
  select_field(o, c, f, {"villager_id", "村民", "Villager", "", "", true}, people);
  select_field(o, c, f, {"category", "品类", "Category", "", "", true}, order_category_choices(c));
  select_field(o, c, f, {"platform", "平台", "Platform", "", "", true}, order_platform_choices(c));
  input_field(o, c, f, {"item_count", "件数", "Items", "text", "inputmode=\"numeric\""});
  input_field(o, c, f, {"amount_yuan", "金额（元）", "Amount (yuan)", "text", "inputmode=\"decimal\"", true});
  input_field(o, c, f, {"ordered_at", "下单时间", "Ordered at", "text", "placeholder=\"YYYY-MM-DD HH:MM\""});
  input_field(o, c, f,
              {"note", "备注（只保存在本机）", "Note (stays on this PC)", "textarea", "maxlength=\"500\""});
  o += "<div class=\"actions\"><button type=\"submit\">" + std::string(c.t("保存", "Save")) +
       "</button></div></form>";
  o += "<h2>" + std::string(c.t("已下单、未到站：", "Ordered, on the way: ")) +
       std::to_string(on_way->size()) + "</h2>";
  if (!on_way->empty()) o += table(c, *on_way, people);
  return html_response(status, layout(c, c.t("代买", "Orders"), "/orders", o));
}

net::http_response done_or_error(ctx& c, const result<proxy_buy_order>& r, std::string_view ok) {
  if (!r) return error_page(c, 409, r.err(), "/orders");
  return redirect("/orders?ok=" + std::string(ok));
}

}  // namespace

net::http_response orders_page(ctx& c) {
  form start;
  start.set("item_count", "1");
  return render(c, 200, form_state(std::move(start), k_order_fields));
}

net::http_response order_add(ctx& c) {
  form_state f(c.body, k_order_fields);
  proxy_buy_order o;
  auto errs = read_order(c.db, form_source(c, {{"villager", "villager_id"}, {"amount", "amount_yuan"}}), o);
  if (save_record(c, f, std::move(o), std::move(errs),
                  [&](proxy_buy_order x) { return c.db.orders().add(std::move(x)); }))
    return redirect("/orders?ok=added");
  return render(c, 422, f);
}

net::http_response order_arrive(ctx& c) {
  return done_or_error(c, c.db.orders().arrive(c.body.get("id"), c.db.clock().now(), ""), "arrived");
}
net::http_response order_handover(ctx& c) {
  return done_or_error(c, c.db.orders().hand_over(c.body.get("id"), c.db.clock().now()), "handed_over");
}
net::http_response order_return(ctx& c) {
  return done_or_error(c, c.db.orders().give_back(c.body.get("id"), c.db.clock().now()), "returned");
}
net::http_response order_cancel(ctx& c) {
  return done_or_error(c, c.db.orders().cancel(c.body.get("id"), c.db.clock().now()), "cancelled");
}

}  // namespace cunzhan::station_client::web
