// Binding between forms and records through the CSV column tables: a form field is
// named like its CSV column and read by the same parser, so the web form, the CSV
// import and the CLI accept exactly the same values (and the store validates them all).
// When some fields cannot be read, all_problems (input/problems.hpp) adds the validator's verdict on
// the rest, as for the CLI, so the officer sees every problem of a form in one go.
#pragma once
#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "../input/csv_columns.hpp"
#include "../input/problems.hpp"
#include "cunzhan/shared/text.hpp"
#include "cunzhan/shared/time.hpp"
#include "html.hpp"
#include "http.hpp"
#include "pages.hpp"

namespace cunzhan::station_client::web {

using field_names = std::vector<std::string_view>;

// Reads the named fields (blank ones are left alone) into rec. Repeated fields
// (checkbox lists) are joined with ";" as in a CSV cell.
template <class T>
std::vector<field_error> read_fields(T& rec, const std::vector<csv_column<T>>& cols, const form& f,
                                     const field_names& names) {
  std::vector<field_error> errs;
  for (const auto& col : cols) {
    if (std::find(names.begin(), names.end(), col.en) == names.end()) continue;
    const std::string v = join(f.all(col.en), ";");
    const std::string_view t = trim(v);
    if (t.empty()) continue;
    if (auto e = col.set(rec, t)) errs.push_back(std::move(*e));
  }
  return errs;
}

// An edit: the record is rebuilt from the stored one's columns the form does not show
// (or did not submit), then the submitted fields, so a field cleared on the form is
// cleared in the record. Checkbox groups submit an empty hidden field for "none ticked".
template <class T>
std::vector<field_error> apply_edit(T& rec, const std::vector<csv_column<T>>& cols, const form& f,
                                    const field_names& names) {
  T fresh{};
  for (const auto& col : cols) {
    if (f.has(col.en) && std::find(names.begin(), names.end(), col.en) != names.end()) continue;
    // Printed by the same table, so reading it back cannot fail.
    if (const std::string v = col.get(rec); !v.empty()) (void)col.set(fresh, v);
  }
  auto errs = read_fields(fresh, cols, f, names);
  rec = std::move(fresh);
  return errs;
}

// The add flow of every form: read the fields into rec (which holds the defaults),
// let the store validate and write it with `add`, and on failure put every problem at
// its field in f. True when saved.
// The same once the fields are read (errs: those that could not be).
template <class T, class Add>
bool save_record(ctx& c, form_state& f, T rec, std::vector<field_error> errs, Add add) {
  if (!errs.empty()) {
    f.add(c, all_problems(c.db, rec, std::move(errs)).err());
    return false;
  }
  auto r = add(std::move(rec));
  if (!r) f.add(c, r.err());
  return r.ok();
}
template <class T, class Add>
bool add_record(ctx& c, form_state& f, const std::vector<csv_column<T>>& cols, const field_names& names,
                T rec, Add add) {
  auto errs = read_fields(rec, cols, c.body, names);
  return save_record(c, f, std::move(rec), std::move(errs), add);
}

// The record as form values (an edit form starts from these).
template <class T>
form to_form(const T& rec, const std::vector<csv_column<T>>& cols) {
  form f;
  for (const auto& col : cols) f.fields.emplace_back(std::string(col.en), col.get(rec));
  return f;
}

// "2026-11-21 17:00" (Beijing time): what the time fields show and accept.
inline std::string short_time(sys_seconds t) {
  const std::string s = format_instant(t);
  return s.substr(0, 10) + " " + s.substr(11, 5);
}
inline std::string short_time(const std::optional<sys_seconds>& t) {
  return t ? short_time(*t) : std::string();
}

}  // namespace cunzhan::station_client::web
