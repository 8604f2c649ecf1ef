// HTML for the web app: escaping, the page layout (one stylesheet and one small script,
// both served from the binary), and form fields that show their error next to them and
// keep what the officer typed when a form is refused.
#pragma once
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "cunzhan/shared/html.hpp"
#include "cunzhan/shared/result.hpp"
#include "http.hpp"

namespace cunzhan::station_client::web {

struct ctx;

// Escapes & < > " ' for text and attribute values.
inline std::string esc(std::string_view s) { return html_escape(s); }  // shared/html.hpp

// The whole document: header with station name, navigation (`nav` is the active
// entry's path), language switch, then body.
std::string layout(const ctx& c, std::string_view title, std::string_view nav, std::string_view body);

// The form field a store/validator field is shown at ("price_fen" → "price_yuan").
std::string_view form_field_of(std::string_view store_field);
// "is required" for a field left blank that an action needs.
field_error required_field(std::string field);
// A page in the layout saying why an action was refused, with a link back.
net::http_response error_page(const ctx& c, int status, const error& e, std::string_view back);

// A form being shown again: what was typed, and the problems per field.
class form_state {
 public:
  // on_form: the field names this form renders; errors on other fields go to the top.
  form_state(form values, std::vector<std::string_view> on_form);
  const form& values() const { return values_; }
  const std::string& value(std::string_view name) const { return values_.get(name); }
  // Adds an error from the store or a parser: validation fields go next to their
  // field, anything else to the list at the top of the form.
  void add(const ctx& c, const error& e);
  void add(const ctx& c, const field_error& f);
  bool failed() const { return !errors_.empty() || !general_.empty(); }
  const std::vector<std::string>* errors_of(std::string_view name) const;
  const std::vector<std::string>& general() const { return general_; }

 private:
  form values_;
  std::vector<std::string_view> on_form_;
  std::map<std::string, std::vector<std::string>, std::less<>> errors_;
  std::vector<std::string> general_;
};

struct choice {
  std::string value;
  std::string label;
};

struct field_spec {
  std::string_view name;           // form field name = CSV column name
  std::string_view zh, en;         // label
  std::string_view type = "text";  // text, date, datetime-local, number, tel, textarea
  std::string_view hint = {};      // extra attributes (placeholder, inputmode, maxlength)
  bool required = false;           // shows a mark; the server checks
};

// <div class="f" id="f-NAME"> label, input, error </div>
void input_field(std::string& o, const ctx& c, const form_state& f, const field_spec& s);
void select_field(std::string& o, const ctx& c, const form_state& f, const field_spec& s,
                  const std::vector<choice>& choices);
// Checkboxes sharing one name (brands, served villages); `filter` adds a search box.
void checkbox_field(std::string& o, const ctx& c, const form_state& f, const field_spec& s,
                    const std::vector<choice>& choices, bool filter);
// The list of problems at the top of a refused form.
void form_errors(std::string& o, const ctx& c, const form_state& f);
// <input type=hidden name=_csrf>
std::string csrf_input(const ctx& c);
// A one-button form posting hidden fields to action (collect, cancel, withdraw...);
// with `confirm`, the browser asks first (for what cannot be undone).
std::string button_form(const ctx& c, std::string_view action,
                        const std::vector<std::pair<std::string, std::string>>& hidden,
                        std::string_view label, std::string_view css_class = "",
                        std::string_view confirm = "");
// "Saved" banner after post/redirect/get (?ok=...).
std::string flash(const ctx& c);
// After a list: a warning naming each record the store could not decode (id and what is
// wrong), so one damaged record is shown instead of hiding the page. "" when none.
std::string damaged_notice(const ctx& c);

// Labels in the page language.
std::string category_label(const ctx& c, std::string_view code);
std::string brand_label(const ctx& c, std::string_view code);
std::vector<choice> category_choices(const ctx& c);
std::vector<choice> unit_choices(const ctx& c);
std::vector<choice> brand_choices(const ctx& c);
// The county's villages from the last pull, "name (township)"; the station's own
// village when nothing was pulled yet.
std::vector<choice> village_choices(const ctx& c);
// The label of one village code (the code itself when unknown).
std::string village_label(const std::vector<choice>& villages, std::string_view code);

}  // namespace cunzhan::station_client::web
