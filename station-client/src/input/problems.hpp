// Every problem of one entered record at once, for the CLI, the CSV import and the web
// forms alike: the fields that did not parse, plus what validation finds in the rest.
#pragma once
#include <algorithm>
#include <utility>
#include <vector>

#include "cunzhan/shared/result.hpp"
#include "cunzhan/shared/validate.hpp"
#include "cunzhan/station/store.hpp"

namespace cunzhan::station_client {

// Options or cells that did not parse (errs), plus what validation finds in the rest, so
// the officer sees every problem of a command or form at once. A field already reported
// (by name or as the prefix of the stored name, e.g. price → price_fen) and the id the
// store assigns are skipped.
template <class Entity>
status all_problems(store& s, const Entity& e, std::vector<field_error> errs) {
  if (errs.empty()) return ok_status();
  if (auto ctx = s.meta().validation()) {
    for (auto& f : validate(e, *ctx)) {
      const bool seen = f.field == "id" || std::any_of(errs.begin(), errs.end(), [&](const field_error& x) {
                          return f.field.rfind(x.field, 0) == 0;
                        });
      if (!seen) errs.push_back(std::move(f));
    }
  }
  return to_status(std::move(errs));
}

}  // namespace cunzhan::station_client
