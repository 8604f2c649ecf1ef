// Pickups (快递揽收/代收): what is due today (or overdue) with collect / cancel / fail
// buttons, the add form, and the recent list. Writes go through the store as in the CLI.
#include <algorithm>

#include "../input/fields.hpp"
#include "forms.hpp"
#include "html.hpp"
#include "pages.hpp"

namespace cunzhan::station_client::web {
namespace {

constexpr std::size_t k_page_rows = 100;

const field_names k_pickup_fields = {"brand",      "direction", "parcels",     "weight_kg",
                                     "listing_id", "due_at",    "tracking_no", "note"};

std::string status_label(const ctx& c, pickup_status s) {
  return std::string(c.zh() ? label_zh(s) : to_string(s));
}

std::string direction_label(const ctx& c, pickup_direction d) {
  return std::string(d == pickup_direction::outbound ? c.t("寄出（揽收）", "outbound")
                                                     : c.t("代收", "inbound"));
}

bool due_by_today(const pickup& p, date today) {
  return p.status == pickup_status::requested && p.due_at && shanghai_day(*p.due_at) <= today;
}

// The actions of a waiting pickup: collect (with an optional tracking number), cancel,
// fail (with the reason the CLI also requires).
std::string actions(const ctx& c, const pickup& p) {
  if (p.status != pickup_status::requested) return "";
  const std::string id = esc(p.id);
  std::string o = "<form class=\"inline\" method=\"post\" action=\"/pickups/collect\">" + csrf_input(c) +
                  "<input type=\"hidden\" name=\"id\" value=\"" + id +
                  "\"><input name=\"tracking_no\" placeholder=\"" +
                  std::string(c.t("运单号（可不填）", "tracking no. (optional)")) + "\"><button>" +
                  std::string(c.t("已揽收", "Collected")) + "</button></form>";
  o += "<form class=\"inline\" method=\"post\" action=\"/pickups/fail\">" + csrf_input(c) +
       "<input type=\"hidden\" name=\"id\" value=\"" + id +
       "\"><input name=\"failure_reason\" placeholder=\"" + std::string(c.t("失败原因", "reason")) +
       "\"><button class=\"sec\">" + std::string(c.t("揽收失败", "Failed")) + "</button></form>";
  o += button_form(c, "/pickups/cancel", {{"id", p.id}}, c.t("取消", "Cancel"), "danger",
                   c.t("确定取消这次揽收？", "Cancel this pickup?"));
  return o;
}

std::string table(const ctx& c, const std::vector<const pickup*>& rows) {
  std::string o = "<table><thead><tr><th>" + std::string(c.t("快递", "Brand")) + "</th><th>" +
                  std::string(c.t("方向", "Direction")) + "</th><th>" + std::string(c.t("件数", "Parcels")) +
                  "</th><th>" + std::string(c.t("应揽收", "Due")) + "</th><th>" +
                  std::string(c.t("状态", "Status")) + "</th><th>" + std::string(c.t("运单号", "Tracking")) +
                  "</th><th>" + std::string(c.t("操作", "Actions")) + "</th></tr></thead><tbody>";
  for (const pickup* p : rows) {
    o += "<tr><td>" + esc(brand_label(c, p->brand)) + "</td><td>" + direction_label(c, p->direction) +
         "</td><td class=\"n\">" + std::to_string(p->parcels) + "</td><td>" + short_time(p->due_at) +
         "</td><td>" + status_label(c, p->status) +
         (p->failure_reason.empty() ? "" : "：" + esc(p->failure_reason)) + "</td><td>" +
         esc(p->tracking_no) + "</td><td>" + actions(c, *p) + "</td></tr>";
  }
  return o + "</tbody></table>";
}

std::string add_form(const ctx& c, const form_state& f) {
  std::string o = "<h2>" + std::string(c.t("登记揽收 / 代收", "New pickup or parcel")) +
                  "</h2><form class=\"box\" method=\"post\" action=\"/pickups\">" + csrf_input(c);
  form_errors(o, c, f);
  select_field(o, c, f, {"brand", "快递品牌", "Courier brand", "", "", true}, brand_choices(c));
  select_field(o, c, f, {"direction", "方向", "Direction", "", "", true},
               {{"outbound", direction_label(c, pickup_direction::outbound)},
                {"inbound", direction_label(c, pickup_direction::inbound)}});
  input_field(o, c, f, {"parcels", "件数", "Parcels", "text", "inputmode=\"numeric\""});
  input_field(o, c, f, {"weight_kg", "总重量（公斤）", "Total weight (kg)", "text", "inputmode=\"decimal\""});
  input_field(o, c, f, {"due_at", "应揽收时间", "Collect by", "text", "placeholder=\"YYYY-MM-DD HH:MM\""});
  input_field(o, c, f, {"tracking_no", "运单号", "Tracking number", "text", "maxlength=\"40\""});
  input_field(o, c, f, {"listing_id", "关联产品编号", "Listing id", "text"});
  input_field(o, c, f, {"note", "备注", "Note", "textarea"});
  o += "<div class=\"actions\"><button type=\"submit\">" + std::string(c.t("保存", "Save")) +
       "</button></div></form>";
  return o;
}

net::http_response render(ctx& c, int status, const form_state& f) {
  pickup_filter pf;
  pf.status = parse_pickup_status(c.query("status"));
  auto all = c.db.pickups().list(pf);
  if (!all) return error_page(c, 500, all.err(), "/");
  // At most k_page_rows rows in all (each waiting one carries three small forms, about
  // 1 KB), so the page stays under 150 KB on an old PC however much is due: what is due
  // comes first, the other recent records fill the rest, and a due pickup is shown once.
  std::vector<const pickup*> due, others;
  std::size_t due_total = 0;
  for (const auto& p : *all) {
    if (due_by_today(p, c.db.clock().today())) {
      if (++due_total <= k_page_rows) due.push_back(&p);
    } else {
      others.push_back(&p);
    }
  }
  const std::size_t others_total = others.size();
  others.resize(std::min(others.size(), k_page_rows - due.size()));
  std::string o = "<h1>" + std::string(c.t("快递揽收", "Pickups")) + "</h1>" + flash(c) + damaged_notice(c);
  o += "<h2>" + std::string(c.t("今天要揽收（含逾期）：", "Due today (or overdue): ")) +
       std::to_string(due_total) + "</h2>";
  o += due.empty() ? "<p class=\"muted\">" + std::string(c.t("没有待揽收的快递。", "Nothing due.")) + "</p>"
                   : table(c, due);
  if (due_total > due.size()) {
    o +=
        "<p class=\"muted\" id=\"due-more\">" + std::string(c.t("只显示其中 ", "Showing ")) +
        std::to_string(due.size()) + std::string(c.t(" 条，还有 ", " of them; ")) +
        std::to_string(due_total - due.size()) +
        std::string(c.t(" 条：处理完这些后刷新本页，或用 `station pickup list --status requested` 查看全部。",
                        " more: refresh after dealing with these, or see all with `station pickup list "
                        "--status requested`.")) +
        "</p>";
  }
  o += add_form(c, f);
  o += "<h2>" + std::string(c.t("其他最近的记录", "Other recent records")) + "</h2>";
  if (!others.empty()) o += table(c, others);
  if (others_total > others.size()) {
    o += "<p class=\"muted\" id=\"others-more\">" + std::string(c.t("另有 ", "")) +
         std::to_string(others_total - others.size()) +
         std::string(c.t(" 条记录未显示，可用 `station pickup list` 查看。",
                         " more records not shown; see them with `station pickup list`.")) +
         "</p>";
  }
  return html_response(status, layout(c, c.t("快递揽收", "Pickups"), "/pickups", o));
}

net::http_response done_or_error(ctx& c, const result<pickup>& r, std::string_view ok) {
  if (!r) return error_page(c, 409, r.err(), "/pickups");
  return redirect("/pickups?ok=" + std::string(ok));
}

}  // namespace

net::http_response pickups_page(ctx& c) {
  form start;
  start.set("direction", "outbound");
  start.set("parcels", "1");
  return render(c, 200, form_state(std::move(start), k_pickup_fields));
}

net::http_response pickup_add(ctx& c) {
  form_state f(c.body, k_pickup_fields);
  if (add_record(c, f, pickup_columns(), k_pickup_fields, pickup{},
                 [&](pickup p) { return c.db.pickups().add(std::move(p)); })) {
    return redirect("/pickups?ok=added");
  }
  return render(c, 422, f);
}

net::http_response pickup_collect(ctx& c) {
  return done_or_error(c,
                       c.db.pickups().collect(c.body.get("id"), c.db.clock().now(),
                                              std::string(trim(c.body.get("tracking_no")))),
                       "collected");
}

net::http_response pickup_cancel(ctx& c) {
  return done_or_error(c, c.db.pickups().cancel(c.body.get("id")), "cancelled");
}

net::http_response pickup_fail(ctx& c) {
  const std::string reason(trim(c.body.get("failure_reason")));
  if (reason.empty())
    return error_page(c, 422, to_status({required_field("failure_reason")}).err(), "/pickups");
  return done_or_error(c, c.db.pickups().fail(c.body.get("id"), reason), "failed");
}

}  // namespace cunzhan::station_client::web
