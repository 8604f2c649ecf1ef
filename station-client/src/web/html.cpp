// Page layout, escaping and form fields (see html.hpp).
#include "html.hpp"

#include <algorithm>

#include "../input/fields.hpp"
#include "cunzhan/shared/brands.hpp"
#include "cunzhan/shared/model.hpp"
#include "cunzhan/shared/text.hpp"
#include "pages.hpp"

namespace cunzhan::station_client::web {
namespace {

struct nav_entry {
  std::string_view path, zh, en;
};
constexpr nav_entry k_nav[] = {{"/", "首页", "Home"},
                               {"/listings", "农产品", "Listings"},
                               {"/pickups", "揽收", "Pickups"},
                               {"/points", "快递服务点", "Courier points"},
                               {"/villagers", "村民", "Villagers"},
                               {"/orders", "代买", "Orders"},
                               {"/services", "服务", "Services"},
                               {"/import", "导入导出", "Import / export"},
                               {"/sync", "同步", "Sync"}};

std::string field_message(const ctx& c, const field_error& f) {
  const std::string& m = c.zh() ? (f.message_zh.empty() ? f.message_en : f.message_zh)
                                : (f.message_en.empty() ? f.message_zh : f.message_en);
  return m.empty() ? std::string(message(f.code, c.language)) : m;
}

void open_field(std::string& o, const form_state& f, const field_spec& s, const ctx& c,
                bool as_label = true) {
  o += "<div class=\"f";
  if (f.errors_of(s.name)) o += " bad";
  o += "\" id=\"f-" + std::string(s.name) + "\">";
  o += as_label ? "<label for=\"i-" + std::string(s.name) + "\">" : std::string("<span class=\"lbl\">");
  o += esc(c.t(s.zh, s.en));
  if (s.required) o += "<b class=\"req\">*</b>";
  o += as_label ? "</label>" : "</span>";
}

void close_field(std::string& o, const form_state& f, std::string_view name) {
  if (const auto* errs = f.errors_of(name)) {
    for (const auto& e : *errs) o += "<span class=\"err\">" + esc(e) + "</span>";
  }
  o += "</div>";
}

}  // namespace

std::string layout(const ctx& c, std::string_view title, std::string_view nav, std::string_view body) {
  std::string o;
  o.reserve(body.size() + 1500);
  o += "<!DOCTYPE html>\n<html lang=\"";
  o += c.t("zh-CN", "en");
  o += "\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\"><title>";
  o += esc(title) + " · " + std::string(c.t("村站", "Cunzhan"));
  o += "</title><link rel=\"stylesheet\" href=\"/static/app.css\"></head><body><div class=\"top\"><b>";
  o += std::string(c.t("村站", "Cunzhan")) + "</b> <span class=\"st\">" + esc(c.app.station.station_name) +
       "</span>";
  const std::string path = c.req.path;
  o += "<a class=\"lang\" href=\"" + esc(path) + (c.zh() ? "?lang=en\">English" : "?lang=zh\">中文") +
       "</a></div><nav>";
  for (const auto& n : k_nav) {
    if (!c.app.enrolled) break;  // before enrolment there is only the enrolment page
    o += "<a href=\"" + std::string(n.path) + "\"" + (n.path == nav ? " class=\"on\"" : "") + ">" +
         std::string(c.t(n.zh, n.en)) + "</a>";
  }
  o += "</nav><main>";
  o += body;
  o += "</main><script src=\"/static/app.js\"></script></body></html>\n";
  return o;
}

// Field names the store's validator uses that the forms show under another name.
std::string_view form_field_of(std::string_view field) {
  if (field == "price_fen") return "price_yuan";
  if (field == "sold_amount_fen") return "sold_amount_yuan";
  if (field == "farmer_phone_masked") return "farmer_phone";
  if (field == "amount_fen") return "amount_yuan";
  return field;
}

field_error required_field(std::string field) {
  return {std::move(field), errc::invalid_field, "is required", "必须填写"};
}

net::http_response error_page(const ctx& c, int status, const error& given, std::string_view back) {
  // As the CLI: a damaged-file verdict only when a fresh open finds the damage too.
  const error e = given.code == errc::db_corrupt ? confirm_damage(c.app.data_dir, given) : given;
  const std::string body = "<h1>" + std::string(c.t("操作未完成", "Not done")) + "</h1><div class=\"errs\">" +
                           esc(c.describe(e)) + "</div><p><a class=\"btn sec\" href=\"" + esc(back) + "\">" +
                           std::string(c.t("返回", "Back")) + "</a></p>";
  return html_response(status, layout(c, c.t("操作未完成", "Not done"), "", body));
}

form_state::form_state(form values, std::vector<std::string_view> on_form)
    : values_(std::move(values)), on_form_(std::move(on_form)) {}

void form_state::add(const ctx& c, const field_error& f) {
  const std::string_view name = form_field_of(f.field);
  const std::string msg = field_message(c, f);
  if (std::find(on_form_.begin(), on_form_.end(), name) != on_form_.end()) {
    errors_[std::string(name)].push_back(msg);
  } else {
    general_.push_back(f.field + ": " + msg);
  }
}

void form_state::add(const ctx& c, const error& e) {
  if (!e.fields.empty()) {
    for (const auto& f : e.fields) add(c, f);
  } else {
    general_.push_back(c.describe(e));
  }
}

const std::vector<std::string>* form_state::errors_of(std::string_view name) const {
  auto it = errors_.find(name);
  return it == errors_.end() ? nullptr : &it->second;
}

void input_field(std::string& o, const ctx& c, const form_state& f, const field_spec& s) {
  open_field(o, f, s, c);
  const std::string id = "i-" + std::string(s.name);
  if (s.type == "textarea") {
    o += "<textarea id=\"" + id + "\" name=\"" + std::string(s.name) + "\" rows=\"2\" " +
         std::string(s.hint) + ">" + esc(f.value(s.name)) + "</textarea>";
  } else {
    o += "<input id=\"" + id + "\" name=\"" + std::string(s.name) + "\" type=\"" + std::string(s.type) +
         "\" value=\"" + esc(f.value(s.name)) + "\" " + std::string(s.hint) + ">";
  }
  close_field(o, f, s.name);
}

void select_field(std::string& o, const ctx& c, const form_state& f, const field_spec& s,
                  const std::vector<choice>& choices) {
  open_field(o, f, s, c);
  const std::string& current = f.value(s.name);
  o += "<select id=\"i-" + std::string(s.name) + "\" name=\"" + std::string(s.name) + "\">";
  bool found = current.empty();
  if (!s.required) o += "<option value=\"\">—</option>";
  for (const auto& ch : choices) {
    const bool sel = ch.value == current;
    found = found || sel;
    o += "<option value=\"" + esc(ch.value) + "\"" + (sel ? " selected" : "") + ">" + esc(ch.label) +
         "</option>";
  }
  // A value typed elsewhere (CSV, CLI) that is not in the list stays selectable, so
  // saving the form never silently changes it.
  if (!found) o += "<option value=\"" + esc(current) + "\" selected>" + esc(current) + "</option>";
  o += "</select>";
  close_field(o, f, s.name);
}

void checkbox_field(std::string& o, const ctx& c, const form_state& f, const field_spec& s,
                    const std::vector<choice>& choices, bool filter) {
  open_field(o, f, s, c, /*as_label=*/false);
  std::vector<std::string> checked;
  for (const auto& v : f.values().all(s.name)) {
    for (const auto& part : split(v, ';')) checked.emplace_back(trim(part));
  }
  const std::string box = "cb-" + std::string(s.name);
  if (filter) {
    o += "<input class=\"filter\" data-for=\"" + box + "\" type=\"search\" placeholder=\"" +
         std::string(c.t("输入名称筛选", "type to filter")) + "\">";
  }
  // Unticking every box sends nothing at all; this empty value says "none" to an edit.
  o += "<input type=\"hidden\" name=\"" + std::string(s.name) + "\" value=\"\"><div class=\"cbs\" id=\"" +
       box + "\">";
  for (const auto& ch : choices) {
    const bool on = std::find(checked.begin(), checked.end(), ch.value) != checked.end();
    o += "<label><input type=\"checkbox\" name=\"" + std::string(s.name) + "\" value=\"" + esc(ch.value) +
         "\"" + (on ? " checked" : "") + "> " + esc(ch.label) + "</label>";
    std::erase(checked, ch.value);
  }
  // Codes not in the list (typed elsewhere, or from before the last pull) are kept.
  for (const auto& v : checked) {
    if (v.empty()) continue;
    o += "<label><input type=\"checkbox\" name=\"" + std::string(s.name) + "\" value=\"" + esc(v) +
         "\" checked> " + esc(v) + "</label>";
  }
  o += "</div>";
  close_field(o, f, s.name);
}

void form_errors(std::string& o, const ctx& c, const form_state& f) {
  if (!f.failed()) return;
  o += "<div class=\"errs\" role=\"alert\"><b>" +
       std::string(
           c.t("未保存：请修改标红的内容后再提交。", "Not saved: please correct the fields marked in red.")) +
       "</b>";
  if (!f.general().empty()) {
    o += "<ul>";
    for (const auto& g : f.general()) o += "<li>" + esc(g) + "</li>";
    o += "</ul>";
  }
  o += "</div>";
}

std::string csrf_input(const ctx& c) {
  return "<input type=\"hidden\" name=\"_csrf\" value=\"" + esc(c.csrf) + "\">";
}

std::string button_form(const ctx& c, std::string_view action,
                        const std::vector<std::pair<std::string, std::string>>& hidden,
                        std::string_view label, std::string_view css_class, std::string_view confirm) {
  std::string o = "<form class=\"inline\" method=\"post\" action=\"" + std::string(action) + "\"";
  if (!confirm.empty()) o += " data-confirm=\"" + esc(confirm) + "\"";
  o += ">" + csrf_input(c);
  for (const auto& [k, v] : hidden)
    o += "<input type=\"hidden\" name=\"" + esc(k) + "\" value=\"" + esc(v) + "\">";
  o += "<button type=\"submit\"";
  if (!css_class.empty()) o += " class=\"" + std::string(css_class) + "\"";
  o += ">" + esc(label) + "</button></form>";
  return o;
}

std::string flash(const ctx& c) {
  const std::string& ok = c.query("ok");
  if (ok.empty()) return "";
  static const std::pair<std::string_view, std::pair<std::string_view, std::string_view>> k_msgs[] = {
      {"added", {"已保存。", "Saved."}},
      {"updated", {"已修改。", "Updated."}},
      {"sold", {"已标记为售出。", "Marked sold."}},
      {"withdrawn", {"已下架。", "Withdrawn."}},
      {"collected", {"已标记为已揽收。", "Marked collected."}},
      {"cancelled", {"已取消。", "Cancelled."}},
      {"failed", {"已标记为揽收失败。", "Marked failed."}},
      {"closed", {"已停止服务。", "Closed."}},
      {"imported", {"已导入。", "Imported."}},
      {"arrived", {"已标记为到站。", "Marked arrived."}},
      {"handed_over", {"已交付给村民。", "Handed over."}},
      {"returned", {"已标记为退货。", "Marked returned."}},
      {"enrolled", {"注册成功。请删除注册文件。", "Enrolled. Now delete the enrolment file."}},
      {"import_cancelled", {"已取消导入，未写入任何数据。", "Import cancelled; nothing was written."}}};
  for (const auto& [code, text] : k_msgs) {
    if (ok == code)
      return "<p class=\"ok\" role=\"status\">" + std::string(c.t(text.first, text.second)) + "</p>";
  }
  return "";
}

std::string damaged_notice(const ctx& c) {
  const auto& damaged = c.db.damaged();
  if (damaged.empty()) return "";
  std::string o =
      "<div class=\"errors\" role=\"alert\" id=\"damaged\"><p>" +
      std::string(c.t("以下记录已损坏，无法显示（其余记录照常列出）。请联系区县中心工作人员：",
                      "These records are damaged and cannot be shown (the others are listed). Ask the "
                      "county hub's staff for help:")) +
      "</p><ul>";
  for (const auto& d : damaged)
    o += "<li><code>" + esc(d.id) + "</code>: " + esc(c.describe(d.what)) + "</li>";
  return o + "</ul></div>";
}

std::string category_label(const ctx& c, std::string_view code) {
  for (const auto& n : listing_categories()) {
    if (n.code == code) return std::string(c.t(n.zh, n.en));
  }
  return std::string(code);
}

namespace {

// The store's brands (built-in plus the county's from the last pull), as the CLI uses.
const brand_registry& brands(const ctx& c) { return brands_of(c.db.meta().validation()); }

}  // namespace

std::string brand_label(const ctx& c, std::string_view code) {
  const courier_brand* b = brands(c).find(code);
  return b ? (c.zh() ? b->name_zh : b->name_en) : std::string(code);
}

std::vector<choice> category_choices(const ctx& c) {
  std::vector<choice> out;
  for (const auto& n : listing_categories())
    out.push_back({std::string(n.code), std::string(c.t(n.zh, n.en))});
  return out;
}

std::vector<choice> unit_choices(const ctx& c) {
  std::vector<choice> out;
  for (const auto& n : listing_units()) {
    out.push_back({std::string(n.code),
                   c.zh() ? std::string(n.zh) : std::string(n.code) + " (" + std::string(n.en) + ")"});
  }
  return out;
}

std::vector<choice> brand_choices(const ctx& c) {
  std::vector<choice> out;
  for (const auto& b : brands(c).all())
    out.push_back({b.code, (c.zh() ? b.name_zh : b.name_en) + " " + b.code});
  return out;
}

std::vector<choice> village_choices(const ctx& c) {
  std::vector<choice> out;
  if (auto refs = c.db.meta().reference_villages(); refs) {
    for (const auto& v : *refs) {
      // "白观村村民委员会" reads as "白观村" to everyone in the county.
      std::string label = v.name;
      if (label.ends_with("村村民委员会")) label.resize(label.size() - std::string_view("村民委员会").size());
      if (!v.township_name.empty()) label += "（" + v.township_name + "）";
      out.push_back({v.code, std::move(label)});
    }
  }
  if (out.empty()) {
    out.push_back(
        {c.app.station.village_code,
         c.app.station.village_code + std::string(c.t("（本站所在村）", " (this station's village)"))});
  }
  return out;
}

std::string village_label(const std::vector<choice>& villages, std::string_view code) {
  for (const auto& v : villages) {
    if (v.value == code) return v.label;
  }
  return std::string(code);
}

}  // namespace cunzhan::station_client::web
