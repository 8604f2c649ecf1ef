// The villager register (村民登记) and the services given to villagers (为村民服务). The
// register stays on this PC: the page says so, and only the masked phone is listed.
// Writes go through the store as in the CLI (`station villager`, `station service`).
#include "../input/fields.hpp"
#include "../input/villager_input.hpp"
#include "cunzhan/shared/text.hpp"
#include "forms.hpp"
#include "html.hpp"
#include "pages.hpp"
#include "villager_forms.hpp"

namespace cunzhan::station_client::web {
namespace {

constexpr std::size_t k_page_rows = 200;

const field_names k_villager_fields = {"name", "phone", "village_code", "household_size", "note"};
const field_names k_service_fields = {"villager_id", "kind", "served_on", "note"};

std::string privacy_note(const ctx& c) {
  return "<p class=\"muted\" id=\"privacy\">" +
         std::string(c.t(
             "姓名、电话和备注只保存在本机，从不上传；区县中心只收到登记时随机生成的编号、所在村和家庭人口。",
             "Names, phones and notes stay on this PC and are never sent; the hub receives only a random "
             "number made at registration, the village and the household size.")) +
         "</p>";
}

net::http_response render_villagers(ctx& c, int status, const form_state& f) {
  villager_filter vf;
  vf.limit = k_page_rows;
  auto all = c.db.villagers().list(vf);
  if (!all) return error_page(c, 500, all.err(), "/");
  const auto villages = village_choices(c);
  std::string o = "<h1>" + std::string(c.t("村民登记", "Villager register")) + "</h1>" + flash(c) +
                  damaged_notice(c) + privacy_note(c);
  o += "<h2>" + std::string(c.t("登记村民", "Register a villager")) +
       "</h2><form class=\"box\" method=\"post\" action=\"/villagers\">" + csrf_input(c);
  form_errors(o, c, f);
  input_field(o, c, f, {"name", "姓名", "Name", "text", "maxlength=\"32\"", true});
  input_field(o, c, f, {"phone", "手机号", "Mobile", "tel", "maxlength=\"20\""});
  select_field(o, c, f, {"village_code", "所在村", "Village", "", "", true}, villages);
  input_field(o, c, f,
              {"household_size", "家庭人口", "People in the household", "text", "inputmode=\"numeric\""});
  input_field(o, c, f, {"note", "备注", "Note", "textarea", "maxlength=\"500\""});
  o += "<div class=\"actions\"><button type=\"submit\">" + std::string(c.t("保存", "Save")) +
       "</button></div></form>";
  o += "<h2>" + std::string(c.t("已登记：", "Registered: ")) + std::to_string(all->size()) + "</h2>";
  o += "<table><thead><tr><th>" + std::string(c.t("姓名", "Name")) + "</th><th>" +
       std::string(c.t("手机号", "Mobile")) + "</th><th>" + std::string(c.t("所在村", "Village")) +
       "</th><th>" + std::string(c.t("家庭人口", "Household")) + "</th></tr></thead><tbody>";
  for (const auto& v : *all) {
    o += "<tr><td>" + esc(v.name) + "</td><td>" + esc(v.phone.empty() ? "" : mask_phone(v.phone)) +
         "</td><td>" + esc(village_label(villages, v.village_code)) + "</td><td class=\"n\">" +
         std::to_string(v.household_size) + "</td></tr>";
  }
  o += "</tbody></table>";
  if (all->size() >= k_page_rows)
    o += "<p class=\"muted\">" +
         std::string(c.t("只显示前 200 位，全部见 `station villager list`。",
                         "Showing the first 200; see all with `station villager list`.")) +
         "</p>";
  return html_response(status, layout(c, c.t("村民登记", "Villagers"), "/villagers", o));
}

net::http_response render_services(ctx& c, int status, const form_state& f) {
  service_filter sf;
  sf.limit = 100;
  auto recent = c.db.services().list(sf);
  if (!recent) return error_page(c, 500, recent.err(), "/");
  const auto people = villager_choices(c);
  std::string o = "<h1>" + std::string(c.t("为村民服务", "Services to villagers")) + "</h1>" + flash(c) +
                  damaged_notice(c);
  o += "<p class=\"muted\">" +
       std::string(c.t(
           "代买订单、为村民代卖的产品和代收代发的快递会自动记为服务，不必重复登记。",
           "代买 orders, listings sold for a villager and parcels for a villager are recorded as services "
           "by themselves; do not add them again.")) +
       "</p>";
  o += "<h2>" + std::string(c.t("登记服务", "Record a service")) +
       "</h2><form class=\"box\" method=\"post\" action=\"/services\">" + csrf_input(c);
  form_errors(o, c, f);
  select_field(o, c, f, {"villager_id", "村民", "Villager", "", "", true}, people);
  select_field(o, c, f, {"kind", "服务类型", "Kind", "", "", true}, service_kind_choices(c));
  input_field(o, c, f, {"served_on", "服务日期", "Date", "date"});
  input_field(o, c, f,
              {"note", "备注（只保存在本机）", "Note (stays on this PC)", "textarea", "maxlength=\"500\""});
  o += "<div class=\"actions\"><button type=\"submit\">" + std::string(c.t("保存", "Save")) +
       "</button></div></form>";
  o += "<h2>" + std::string(c.t("最近的服务", "Recent services")) + "</h2><table><thead><tr><th>" +
       std::string(c.t("日期", "Date")) + "</th><th>" + std::string(c.t("服务类型", "Kind")) + "</th><th>" +
       std::string(c.t("村民", "Villager")) + "</th></tr></thead><tbody>";
  for (const auto& s : *recent) {
    o += "<tr><td>" + format_date(*s.served_on) + "</td><td>" +
         std::string(c.zh() ? label_zh(s.kind) : to_string(s.kind)) + "</td><td>" +
         esc(village_label(people, s.villager_id)) + "</td></tr>";
  }
  o += "</tbody></table>";
  return html_response(status, layout(c, c.t("为村民服务", "Services"), "/services", o));
}

}  // namespace

net::http_response villagers_page(ctx& c) {
  form start;
  start.set("village_code", c.app.station.village_code);
  start.set("household_size", "1");
  return render_villagers(c, 200, form_state(std::move(start), k_villager_fields));
}

net::http_response villager_add(ctx& c) {
  form_state f(c.body, k_villager_fields);
  villager start;
  start.village_code = c.app.station.village_code;  // when the form leaves it blank, as the CLI
  if (add_record(c, f, villager_columns(), k_villager_fields, std::move(start),
                 [&](villager v) { return c.db.villagers().add(std::move(v)); }))
    return redirect("/villagers?ok=added");
  return render_villagers(c, 422, f);
}

net::http_response services_page(ctx& c) {
  form start;
  start.set("served_on", format_date(c.db.clock().today()));
  return render_services(c, 200, form_state(std::move(start), k_service_fields));
}

net::http_response service_add(ctx& c) {
  form_state f(c.body, k_service_fields);
  villager_service s;
  auto errs = read_service(c.db, form_source(c, {{"villager", "villager_id"}}), s);
  if (save_record(c, f, std::move(s), std::move(errs),
                  [&](villager_service v) { return c.db.services().add(std::move(v)); }))
    return redirect("/services?ok=added");
  return render_services(c, 422, f);
}

}  // namespace cunzhan::station_client::web
