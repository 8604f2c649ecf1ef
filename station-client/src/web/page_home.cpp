// The home page: today's figures, what waits to be synced, the last sync and its
// result, changes the hub rejected (with a link to fix each), and a clock warning.
#include "../store/day_counts.hpp"
#include "forms.hpp"
#include "html.hpp"
#include "pages.hpp"

namespace cunzhan::station_client::web {
namespace {

// Beyond this the hub may count a sync on the wrong day; `station status` warns at the same.
constexpr std::int64_t k_clock_warn_s = 5 * 60;
constexpr std::size_t k_rejected_shown = 20;

std::string card(std::string_view id, std::string_view label, std::int64_t v, bool warn = false) {
  return std::string("<div class=\"card") + (warn ? " warn" : "") + "\"><div>" + std::string(label) +
         "</div><div class=\"v\" id=\"" + std::string(id) + "\">" + std::to_string(v) + "</div></div>";
}

std::string fix_link(const ctx& c, const outbox_op& op) {
  const std::string id = url_encode(op.envelope.entity_id);
  switch (op.envelope.entity) {
    case entity_type::listing:
      return "<a href=\"/listings/edit?id=" + id + "\">" + std::string(c.t("修改", "Fix")) + "</a>";
    case entity_type::courier_point:
      return "<a href=\"/points/edit?id=" + id + "\">" + std::string(c.t("修改", "Fix")) + "</a>";
    case entity_type::villager: return "<a href=\"/villagers\">" + std::string(c.t("查看", "View")) + "</a>";
    case entity_type::proxy_buy: return "<a href=\"/orders\">" + std::string(c.t("查看", "View")) + "</a>";
    case entity_type::service: return "<a href=\"/services\">" + std::string(c.t("查看", "View")) + "</a>";
    default: return "<a href=\"/pickups\">" + std::string(c.t("查看", "View")) + "</a>";
  }
}

std::string rejected_section(const ctx& c) {
  auto ops = c.db.outbox().rejected_ops();
  if (!ops) return "<div class=\"errs\">" + esc(c.describe(ops.err())) + "</div>";
  std::vector<const outbox_op*> open;
  for (const auto& op : *ops) {
    if (!op.superseded_by) open.push_back(&op);
  }
  if (open.empty()) return "";
  std::string o =
      "<h2>" + std::string(c.t("被区县中心退回、需要修改的记录：", "Rejected by the hub, to fix: ")) +
      std::to_string(open.size()) + "</h2><table><thead><tr><th>" + std::string(c.t("类型", "Kind")) +
      "</th><th>" + std::string(c.t("原因", "Reason")) + "</th><th></th></tr></thead><tbody>";
  for (std::size_t i = 0; i < open.size() && i < k_rejected_shown; ++i) {
    const outbox_op& op = *open[i];
    const std::string& msg = c.zh() && !op.error_message_zh.empty() ? op.error_message_zh : op.error_message;
    o += "<tr><td>" + std::string(to_string(op.envelope.entity)) + "</td><td>" + esc(msg) + "</td><td>" +
         fix_link(c, op) + "</td></tr>";
  }
  return o + "</tbody></table>";
}

}  // namespace

std::string queue_summary(const ctx& c) {
  std::string o = "<h2>" + std::string(c.t("同步情况", "Sync")) + "</h2>";
  auto n = c.db.outbox().counts();
  auto last = c.db.meta().last_sync();
  if (!n || !last) return o + "<div class=\"errs\">" + esc(c.describe(!n ? n.err() : last.err())) + "</div>";
  o += "<div class=\"cards\">" +
       card("queue-pending", c.t("待上传", "Waiting to send"), n->pending + n->in_flight) +
       card("queue-rejected", c.t("被退回待修改", "Rejected, to fix"), n->rejected_unresolved,
            n->rejected_unresolved > 0) +
       card("queue-acked", c.t("已确认", "Confirmed by hub"), n->acked) + "</div><p id=\"last-sync\">" +
       std::string(c.t("上次同步：", "Last sync: "));
  if (last->last_sync_at) {
    o += short_time(*last->last_sync_at) + " " +
         std::string(last->last_ok ? c.t("成功", "ok") : c.t("失败", "failed"));
    // A Chinese page shows the summary only when something went wrong, as the detail to
    // pass on to the county.
    const std::string& msg = last->message(c.language);
    if (!msg.empty() && (!c.zh() || !last->last_ok)) o += " — " + esc(msg);
  } else {
    o += std::string(c.t("从未同步", "never"));
  }
  o += "</p>";
  if (last->hub_clock_offset_s && std::abs(*last->hub_clock_offset_s) > k_clock_warn_s) {
    o += "<div class=\"warnbox\" id=\"clock-warning\">" +
         std::string(c.t("警告：本机时钟与区县中心相差 ",
                         "Warning: this computer's clock differs from the hub's by ")) +
         std::to_string(*last->hub_clock_offset_s) +
         std::string(c.t(" 秒，请校准电脑时间，否则统计可能算错日期。",
                         " s; please correct the time, or figures may land on the wrong day.")) +
         "</div>";
  }
  return o;
}

net::http_response home_page(ctx& c) {
  std::string o = "<h1>" + esc(c.app.station.station_name) + "</h1>" + flash(c);
  auto d = counts_for_day(c.db, c.db.clock().today());
  if (!d) return error_page(c, 500, d.err(), "/");
  o += "<h2>" + std::string(c.t("今天 ", "Today ")) + format_date(c.db.clock().today()) +
       "</h2><div class=\"cards\">" +
       card("today-listings", c.t("登记农产品", "Listings added"), d->listings_added) +
       card("today-sold", c.t("售出", "Sold"), d->listings_sold) +
       card("today-pickups", c.t("新登记揽收", "Pickups added"), d->pickups_added) +
       card("today-collected", c.t("已揽收", "Collected"), d->pickups_collected) +
       card("today-due", c.t("到期待揽收", "Due, waiting"), d->pickups_due_open, d->pickups_due_open > 0) +
       card("points-open", c.t("在用服务点", "Open courier points"), d->points_open) + "</div>";
  o += queue_summary(c);
  o += "<form method=\"post\" action=\"/sync\">" + csrf_input(c) + "<button>" +
       std::string(c.t("立即同步", "Sync now")) + "</button></form>";
  o += rejected_section(c);
  if (auto refs = c.db.meta().reference_villages(); refs && refs->empty()) {
    o += "<p class=\"warnbox\">" +
         std::string(
             c.t("还没有下载本县的村庄列表：同步一次后，才能按村名选择服务的村。",
                 "The county's village list has not been fetched yet: sync once to pick villages by name.")) +
         "</p>";
  }
  return html_response(200, layout(c, c.t("首页", "Home"), "/", o));
}

}  // namespace cunzhan::station_client::web
