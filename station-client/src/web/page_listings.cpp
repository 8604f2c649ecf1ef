// Listings (农产品): the list with filters (status, category, registration date), and
// add / edit / sell / withdraw forms. Every write goes through the store, which
// validates exactly as for the CLI and the CSV import.
#include "../input/fields.hpp"
#include "forms.hpp"
#include "html.hpp"
#include "pages.hpp"
#include "villager_forms.hpp"

namespace cunzhan::station_client::web {
namespace {

constexpr std::size_t k_page_rows = 100;  // keeps the page well under 150 KB

const field_names k_listing_fields = {"product_name", "category",     "quantity",      "unit",
                                      "price_yuan",   "harvest_date", "village_code",  "farmer_name",
                                      "farmer_phone", "status",       "sales_channel", "note",
                                      "seller_kind",  "seller_name",  "villager_id"};
const field_names k_sell_fields = {"sold_quantity", "sold_amount_yuan", "sold_at", "sales_channel"};

constexpr listing_status k_statuses[] = {listing_status::draft, listing_status::listed,
                                         listing_status::reserved, listing_status::sold,
                                         listing_status::withdrawn};

std::string status_label(const ctx& c, listing_status s) {
  return std::string(c.zh() ? label_zh(s) : to_string(s));
}

// A new listing starts as draft or listed; an edit may move along the allowed
// transitions except to sold, which needs the sale form (quantity and amount).
std::vector<choice> status_choices(const ctx& c, std::optional<listing_status> current) {
  std::vector<choice> out;
  for (auto s : k_statuses) {
    const bool ok =
        current ? (s == *current || (s != listing_status::sold && listing_transition_allowed(*current, s)))
                : (s == listing_status::draft || s == listing_status::listed);
    if (ok) out.push_back({std::string(to_string(s)), status_label(c, s)});
  }
  return out;
}

std::string listing_form(const ctx& c, const form_state& f, std::string_view action,
                         std::optional<listing_status> current) {
  std::string o = "<form class=\"box\" method=\"post\" action=\"" + esc(action) + "\">" + csrf_input(c);
  form_errors(o, c, f);
  input_field(o, c, f, {"product_name", "产品名称", "Product", "text", "maxlength=\"64\"", true});
  select_field(o, c, f, {"category", "品类", "Category", "", "", true}, category_choices(c));
  input_field(o, c, f, {"quantity", "数量", "Quantity", "text", "inputmode=\"decimal\"", true});
  select_field(o, c, f, {"unit", "单位", "Unit", "", "", true}, unit_choices(c));
  input_field(o, c, f,
              {"price_yuan", "单价（元）", "Price per unit (yuan)", "text",
               "inputmode=\"decimal\" placeholder=\"2.50\""});
  input_field(o, c, f, {"harvest_date", "采收日期", "Harvest date", "date", "placeholder=\"YYYY-MM-DD\""});
  select_field(o, c, f, {"village_code", "所在村", "Village", "", "", true}, village_choices(c));
  input_field(
      o, c, f,
      {"farmer_name", "农户姓名（只存本机）", "Farmer (kept on this PC)", "text", "maxlength=\"32\""});
  input_field(o, c, f,
              {"farmer_phone", "农户手机（只上传打码号码）", "Farmer's mobile (only a mask is sent)", "tel",
               "placeholder=\"13812345678\""});
  select_field(o, c, f, {"status", "状态", "Status", "", "", true}, status_choices(c, current));
  input_field(o, c, f,
              {"sales_channel", "销售渠道", "Sales channel", "text", "placeholder=\"拼多多 / 抖音 / 本地\""});
  input_field(o, c, f, {"note", "备注", "Note", "textarea"});
  select_field(o, c, f, {"seller_kind", "销售主体", "Seller", "", ""},
               {{"household", c.zh() ? "农户" : "household"},
                {"cooperative", c.zh() ? "合作社" : "cooperative"},
                {"enterprise", c.zh() ? "企业" : "enterprise"}});
  input_field(
      o, c, f,
      {"seller_name", "合作社或企业名称", "Cooperative or enterprise name", "text", "maxlength=\"64\""});
  auto people = villager_choices(c);
  people.insert(people.begin(), {"", std::string(c.t("（不是登记的村民）", "(not a registered villager)"))});
  select_field(o, c, f,
               {"villager_id", "代卖村民（记为代卖服务）", "Villager sold for (a 代卖 service)", "", ""},
               people);
  o += "<div class=\"actions\"><button type=\"submit\">" + std::string(c.t("保存", "Save")) +
       "</button> <a class=\"btn sec\" href=\"/listings\">" + std::string(c.t("取消", "Cancel")) +
       "</a></div></form>";
  return o;
}

net::http_response show_form(const ctx& c, int status, const form_state& f, std::string_view action,
                             std::optional<listing_status> current) {
  const std::string_view title = current ? c.t("修改产品", "Edit listing") : c.t("登记农产品", "New listing");
  return html_response(status,
                       layout(c, title, "/listings",
                              "<h1>" + std::string(title) + "</h1>" + listing_form(c, f, action, current)));
}

std::string edit_action(const std::string& id) { return "/listings/edit?id=" + url_encode(id); }

bool in_dates(const listing& l, const std::optional<date>& from, const std::optional<date>& to) {
  if (!l.created_at) return !from && !to;
  const date d = shanghai_day(*l.created_at);
  return (!from || d >= *from) && (!to || d <= *to);
}

std::string filters(const ctx& c) {
  std::string o =
      "<form class=\"filters\" method=\"get\" action=\"/listings\">" + std::string(c.t("状态 ", "Status "));
  o += "<select name=\"status\"><option value=\"\">" + std::string(c.t("全部", "all")) + "</option>";
  for (auto s : k_statuses) {
    const std::string v(to_string(s));
    o += "<option value=\"" + v + "\"" + (c.query("status") == v ? " selected" : "") + ">" +
         status_label(c, s) + "</option>";
  }
  o += "</select>" + std::string(c.t("品类 ", "Category ")) +
       "<select name=\"category\"><option value=\"\">" + std::string(c.t("全部", "all")) + "</option>";
  for (const auto& ch : category_choices(c)) {
    o += "<option value=\"" + ch.value + "\"" + (c.query("category") == ch.value ? " selected" : "") + ">" +
         esc(ch.label) + "</option>";
  }
  o += "</select>" + std::string(c.t("登记日期 ", "Registered ")) +
       "<input type=\"date\" name=\"from\" value=\"" + esc(c.query("from")) +
       "\"> – <input type=\"date\" name=\"to\" value=\"" + esc(c.query("to")) + "\"> <button>" +
       std::string(c.t("筛选", "Filter")) + "</button> <a href=\"/listings\">" +
       std::string(c.t("清除", "Clear")) + "</a></form>";
  return o;
}

std::string row(const ctx& c, const listing& l) {
  std::string o = "<tr><td>" + esc(l.product_name) + "</td><td>" + esc(category_label(c, l.category)) +
                  "</td><td class=\"n\">" + format_decimal(l.quantity) + " " + esc(l.unit) +
                  "</td><td class=\"n\">" + format_yuan(l.price_fen) + "</td><td>" + esc(l.farmer_name) +
                  " " + esc(l.farmer_phone_masked) + "</td><td>" + status_label(c, l.status) + "</td><td>" +
                  (l.created_at ? format_date(shanghai_day(*l.created_at)) : "") + "</td><td>";
  const bool open = l.status != listing_status::sold && l.status != listing_status::withdrawn;
  if (open) {
    o += "<a href=\"" + esc(edit_action(l.id)) + "\">" + std::string(c.t("修改", "Edit")) + "</a> ";
    if (listing_transition_allowed(l.status, listing_status::sold)) {
      o += "<a href=\"/listings/sell?id=" + url_encode(l.id) + "\">" + std::string(c.t("售出", "Sold")) +
           "</a> ";
    }
    o += button_form(
        c, "/listings/withdraw", {{"id", l.id}}, c.t("下架", "Withdraw"), "danger",
        c.t("下架后不能再上架，确定吗？", "A withdrawn listing cannot be listed again. Withdraw?"));
  }
  return o + "</td></tr>";
}

}  // namespace

net::http_response listings_page(ctx& c) {
  listing_filter f;
  f.status = parse_listing_status(c.query("status"));
  f.category = c.query("category");
  const auto from = parse_date(c.query("from")), to = parse_date(c.query("to"));
  auto all = c.db.listings().list(f);
  if (!all) return error_page(c, 500, all.err(), "/");
  std::vector<const listing*> rows;
  for (const auto& l : *all) {
    if (in_dates(l, from, to)) rows.push_back(&l);
  }
  std::string o = "<h1>" + std::string(c.t("农产品", "Listings")) +
                  " <a class=\"btn\" href=\"/listings/new\">" +
                  std::string(c.t("＋ 登记农产品", "+ New listing")) + "</a></h1>" + flash(c) +
                  damaged_notice(c) + filters(c);
  o += "<table><thead><tr><th>" + std::string(c.t("产品", "Product")) + "</th><th>" +
       std::string(c.t("品类", "Category")) + "</th><th>" + std::string(c.t("数量", "Quantity")) +
       "</th><th>" + std::string(c.t("单价（元）", "Price (yuan)")) + "</th><th>" +
       std::string(c.t("农户", "Farmer")) + "</th><th>" + std::string(c.t("状态", "Status")) + "</th><th>" +
       std::string(c.t("登记日期", "Registered")) + "</th><th>" + std::string(c.t("操作", "Actions")) +
       "</th></tr></thead><tbody>";
  for (std::size_t i = 0; i < rows.size() && i < k_page_rows; ++i) o += row(c, *rows[i]);
  o += "</tbody></table><p class=\"muted\">" + std::string(c.t("共 ", "")) + std::to_string(rows.size()) +
       std::string(c.t(" 条", " listings"));
  if (rows.size() > k_page_rows) {
    o += std::string(c.t("，只显示最新的 ", "; showing the newest ")) + std::to_string(k_page_rows) +
         std::string(c.t(" 条，请用筛选缩小范围或导出全部。", ". Narrow the filter, or export them all."));
  }
  o += "</p>";
  return html_response(200, layout(c, c.t("农产品", "Listings"), "/listings", o));
}

net::http_response listing_new_page(ctx& c) {
  form start;
  start.set("status", "listed");
  start.set("village_code", c.app.station.village_code);
  return show_form(c, 200, form_state(std::move(start), k_listing_fields), "/listings/new", std::nullopt);
}

net::http_response listing_add(ctx& c) {
  form_state f(c.body, k_listing_fields);
  listing l;
  l.village_code = c.app.station.village_code;  // unless the form names another
  if (add_record(c, f, listing_columns(), k_listing_fields, std::move(l),
                 [&](listing rec) { return c.db.listings().add(std::move(rec)); })) {
    return redirect("/listings?ok=added");
  }
  return show_form(c, 422, f, "/listings/new", std::nullopt);
}

net::http_response listing_edit_page(ctx& c) {
  auto l = c.db.listings().get(c.query("id"));
  if (!l) return error_page(c, 404, l.err(), "/listings");
  return show_form(c, 200, form_state(to_form(*l, listing_columns()), k_listing_fields), edit_action(l->id),
                   l->status);
}

net::http_response listing_update(ctx& c) {
  const std::string& id = c.query("id");
  auto before = c.db.listings().get(id);
  if (!before) return error_page(c, 404, before.err(), "/listings");
  form_state f(c.body, k_listing_fields);
  auto r = c.db.listings().update(id, [&](listing& l) -> status {
    auto errs = apply_edit(l, listing_columns(), c.body, k_listing_fields);
    return all_problems(c.db, l, std::move(errs));
  });
  if (r) return redirect("/listings?ok=updated");
  f.add(c, r.err());
  return show_form(c, 422, f, edit_action(id), before->status);
}

namespace {

net::http_response sell_form(const ctx& c, int status, const listing& l, const form_state& f) {
  std::string o = "<h1>" + std::string(c.t("售出：", "Sold: ")) + esc(l.product_name) + "</h1><p>" +
                  format_decimal(l.quantity) + " " + esc(l.unit) + " × " + format_yuan(l.price_fen) +
                  std::string(c.t(" 元", " yuan")) +
                  "</p><form class=\"box\" method=\"post\" action=\"/listings/sell?id=" + url_encode(l.id) +
                  "\">" + csrf_input(c);
  form_errors(o, c, f);
  input_field(o, c, f, {"sold_quantity", "售出数量", "Quantity sold", "text", "inputmode=\"decimal\"", true});
  input_field(o, c, f,
              {"sold_amount_yuan", "售出金额（元）", "Amount (yuan)", "text", "inputmode=\"decimal\"", true});
  input_field(o, c, f, {"sold_at", "售出时间", "Sold at", "text", "placeholder=\"YYYY-MM-DD HH:MM\""});
  input_field(o, c, f, {"sales_channel", "销售渠道", "Sales channel", "text"});
  o += "<div class=\"actions\"><button type=\"submit\">" + std::string(c.t("确认售出", "Mark sold")) +
       "</button> <a class=\"btn sec\" href=\"/listings\">" + std::string(c.t("取消", "Cancel")) +
       "</a></div></form>";
  return html_response(status, layout(c, c.t("售出", "Sold"), "/listings", o));
}

}  // namespace

net::http_response listing_sell_page(ctx& c) {
  auto l = c.db.listings().get(c.query("id"));
  if (!l) return error_page(c, 404, l.err(), "/listings");
  form start;
  start.set("sold_quantity", format_decimal(l->quantity));
  start.set("sold_amount_yuan",
            format_yuan(static_cast<std::int64_t>(l->quantity * static_cast<double>(l->price_fen) + 0.5)));
  start.set("sold_at", short_time(c.db.clock().now()));
  start.set("sales_channel", l->sales_channel);
  return sell_form(c, 200, *l, form_state(std::move(start), k_sell_fields));
}

net::http_response listing_sell(ctx& c) {
  auto l = c.db.listings().get(c.query("id"));
  if (!l) return error_page(c, 404, l.err(), "/listings");
  form_state f(c.body, k_sell_fields);
  listing sale;
  auto errs = read_fields(sale, listing_columns(), c.body, k_sell_fields);
  for (const char* need : {"sold_quantity", "sold_amount_yuan"}) {
    if (trim(c.body.get(need)).empty()) errs.push_back(required_field(need));
  }
  if (errs.empty()) {
    auto r = c.db.listings().sell(l->id, sale.sold_quantity, sale.sold_amount_fen,
                                  sale.sold_at.value_or(c.db.clock().now()), sale.sales_channel);
    if (r) return redirect("/listings?ok=sold");
    f.add(c, r.err());
  } else {
    f.add(c, to_status(std::move(errs)).err());
  }
  return sell_form(c, 422, *l, f);
}

net::http_response listing_withdraw(ctx& c) {
  auto r = c.db.listings().withdraw(c.body.get("id"));
  if (!r) return error_page(c, 409, r.err(), "/listings");
  return redirect("/listings?ok=withdrawn");
}

}  // namespace cunzhan::station_client::web
