// The SQLite backend's query loop: a cached statement bound once, a callback per row,
// the statement reset on every path (a pooled connection is never handed back mid-read).
#pragma once
#include "cunzhan/shared/result.hpp"
#include "cunzhan/shared/sqlite.hpp"

namespace cunzhan::hub {

// Runs a cached statement: bind(q) once, then row(q) per result row.
template <class Bind, class Row>
status each_row(sql::database& db, const char* sql, Bind&& bind, Row&& row) {
  auto st = db.prepare_cached(sql);
  if (!st) return std::move(st).err();
  auto& q = **st;
  bind(q);
  for (;;) {
    auto r = q.step();
    if (!r) {
      q.reset();
      return std::move(r).err();
    }
    if (!*r) break;
    row(q);
  }
  q.reset();
  return ok_status();
}

}  // namespace cunzhan::hub
