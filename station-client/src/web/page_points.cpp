// Courier points (快递服务点): list, add / edit, close. Served villages are ticked by
// name from the county's village list of the last pull (codes typed before stay ticked).
#include "../input/fields.hpp"
#include "forms.hpp"
#include "html.hpp"
#include "pages.hpp"

namespace cunzhan::station_client::web {
namespace {

const field_names k_point_fields = {"name",         "brands",          "kind",
                                    "village_code", "served_villages", "days_per_week",
                                    "filing_no",    "opened_on",       "note"};

constexpr point_kind k_kinds[] = {point_kind::village_fixed, point_kind::served_village,
                                  point_kind::township_outlet};

std::string kind_label(const ctx& c, point_kind k) {
  return std::string(c.zh() ? label_zh(k) : to_string(k));
}

std::string point_form(const ctx& c, const form_state& f, std::string_view action) {
  const auto villages = village_choices(c);
  std::vector<choice> kinds;
  for (auto k : k_kinds) kinds.push_back({std::string(to_string(k)), kind_label(c, k)});
  std::string o = "<form class=\"box\" method=\"post\" action=\"" + esc(action) + "\">" + csrf_input(c);
  form_errors(o, c, f);
  input_field(o, c, f, {"name", "名称", "Name", "text", "maxlength=\"64\"", true});
  select_field(o, c, f, {"kind", "类型", "Kind", "", "", true}, kinds);
  select_field(o, c, f, {"village_code", "所在村", "Located in", "", "", true}, villages);
  input_field(
      o, c, f,
      {"days_per_week", "每周服务天数（1–7）", "Days per week (1–7)", "text", "inputmode=\"numeric\"", true});
  input_field(o, c, f, {"filing_no", "备案号", "Filing receipt no.", "text", "maxlength=\"64\""});
  input_field(o, c, f, {"opened_on", "开始服务日期", "Opened on", "date", "placeholder=\"YYYY-MM-DD\""});
  checkbox_field(o, c, f, {"brands", "快递品牌", "Courier brands", "", "", true}, brand_choices(c), false);
  std::string served;
  checkbox_field(served, c, f, {"served_villages", "服务的村", "Villages served", "", "", false}, villages,
                 true);
  o += served.replace(0, std::string_view("<div class=\"f").size(), "<div class=\"f wide");
  input_field(o, c, f, {"note", "备注", "Note", "textarea"});
  o += "<div class=\"actions\"><button type=\"submit\">" + std::string(c.t("保存", "Save")) +
       "</button> <a class=\"btn sec\" href=\"/points\">" + std::string(c.t("取消", "Cancel")) +
       "</a></div></form>";
  return o;
}

net::http_response show_form(const ctx& c, int status, const form_state& f, std::string_view action,
                             bool edit) {
  const std::string_view title =
      edit ? c.t("修改快递服务点", "Edit courier point") : c.t("登记快递服务点", "New courier point");
  return html_response(
      status, layout(c, title, "/points", "<h1>" + std::string(title) + "</h1>" + point_form(c, f, action)));
}

std::string edit_action(const std::string& id) { return "/points/edit?id=" + url_encode(id); }

std::string row(const ctx& c, const courier_point& p, const std::vector<choice>& villages) {
  std::vector<std::string> brands, served;
  for (const auto& b : p.brands) brands.push_back(brand_label(c, b));
  for (const auto& v : p.served_villages) served.push_back(village_label(villages, v));
  const bool closed = p.closed_on.has_value();
  std::string o = std::string(closed ? "<tr class=\"closed\">" : "<tr>") + "<td>" + esc(p.name) +
                  "</td><td>" + kind_label(c, p.kind) + "</td><td>" + esc(join(brands, "、")) + "</td><td>" +
                  esc(village_label(villages, p.village_code)) + "</td><td>" + esc(join(served, "、")) +
                  "</td><td class=\"n\">" + std::to_string(p.days_per_week) + "</td><td>" +
                  (p.opened_on ? format_date(*p.opened_on) : "") + "</td><td>";
  if (closed) {
    o += std::string(c.t("已于 ", "closed ")) + format_date(*p.closed_on) + std::string(c.t(" 停止服务", ""));
  } else {
    o += "<a href=\"" + esc(edit_action(p.id)) + "\">" + std::string(c.t("修改", "Edit")) + "</a> ";
    o += "<form class=\"inline\" method=\"post\" action=\"/points/close\" data-confirm=\"" +
         std::string(c.t("确定该服务点停止服务？", "Close this courier point?")) + "\">" + csrf_input(c) +
         "<input type=\"hidden\" name=\"id\" value=\"" + esc(p.id) +
         "\"><input type=\"date\" name=\"closed_on\" value=\"" + format_date(c.db.clock().today()) +
         "\"><button class=\"danger\">" + std::string(c.t("停止服务", "Close")) + "</button></form>";
  }
  return o + "</td></tr>";
}

}  // namespace

net::http_response points_page(ctx& c) {
  auto all = c.db.points().list({});
  if (!all) return error_page(c, 500, all.err(), "/");
  const auto villages = village_choices(c);
  std::string o =
      "<h1>" + std::string(c.t("快递服务点", "Courier points")) + " <a class=\"btn\" href=\"/points/new\">" +
      std::string(c.t("＋ 登记服务点", "+ New point")) + "</a></h1>" + flash(c) + damaged_notice(c);
  o += "<table><thead><tr><th>" + std::string(c.t("名称", "Name")) + "</th><th>" +
       std::string(c.t("类型", "Kind")) + "</th><th>" + std::string(c.t("品牌", "Brands")) + "</th><th>" +
       std::string(c.t("所在村", "Located in")) + "</th><th>" + std::string(c.t("服务的村", "Serves")) +
       "</th><th>" + std::string(c.t("天/周", "Days/wk")) + "</th><th>" + std::string(c.t("开始", "Opened")) +
       "</th><th>" + std::string(c.t("操作", "Actions")) + "</th></tr></thead><tbody>";
  for (const auto& p : *all) o += row(c, p, villages);
  o += "</tbody></table>";
  return html_response(200, layout(c, c.t("快递服务点", "Courier points"), "/points", o));
}

net::http_response point_new_page(ctx& c) {
  form start;
  start.set("kind", "village_fixed");
  start.set("village_code", c.app.station.village_code);
  start.set("opened_on", format_date(c.db.clock().today()));
  return show_form(c, 200, form_state(std::move(start), k_point_fields), "/points/new", false);
}

net::http_response point_add(ctx& c) {
  form_state f(c.body, k_point_fields);
  courier_point p;
  p.village_code = c.app.station.village_code;  // unless the form names another
  if (add_record(c, f, point_columns(), k_point_fields, std::move(p),
                 [&](courier_point rec) { return c.db.points().add(std::move(rec)); })) {
    return redirect("/points?ok=added");
  }
  return show_form(c, 422, f, "/points/new", false);
}

net::http_response point_edit_page(ctx& c) {
  auto p = c.db.points().get(c.query("id"));
  if (!p) return error_page(c, 404, p.err(), "/points");
  return show_form(c, 200, form_state(to_form(*p, point_columns()), k_point_fields), edit_action(p->id),
                   true);
}

net::http_response point_update(ctx& c) {
  const std::string& id = c.query("id");
  form_state f(c.body, k_point_fields);
  auto r = c.db.points().update(id, [&](courier_point& p) -> status {
    return all_problems(c.db, p, apply_edit(p, point_columns(), c.body, k_point_fields));
  });
  if (r) return redirect("/points?ok=updated");
  if (r.err().code == errc::not_found) return error_page(c, 404, r.err(), "/points");
  f.add(c, r.err());
  return show_form(c, 422, f, edit_action(id), true);
}

net::http_response point_close(ctx& c) {
  const std::string_view typed = trim(c.body.get("closed_on"));
  auto day = typed.empty() ? result<date>(c.db.clock().today()) : parse_day(typed);
  if (!day) return error_page(c, 422, to_status({as_field_error("closed_on", day.err())}).err(), "/points");
  auto r = c.db.points().close(c.body.get("id"), *day);
  if (!r) return error_page(c, 409, r.err(), "/points");
  return redirect("/points?ok=closed");
}

}  // namespace cunzhan::station_client::web
