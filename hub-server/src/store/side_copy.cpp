// copy_side_tables (store/side_copy.hpp).
#include "store/side_copy.hpp"

#include <array>
#include <cstdio>
#include <cstring>

#include "cunzhan/shared/uuid.hpp"

namespace cunzhan::hub {
namespace {

std::string select_sql(const side_table& t) {
  std::string cols;
  for (const auto& c : t.columns) cols += (cols.empty() ? "" : ", ") + c.name;
  return "SELECT " + cols + " FROM " + t.name;
}

std::string insert_sql(const side_table& t) {
  std::string cols, marks;
  for (const auto& c : t.columns) {
    cols += (cols.empty() ? "" : ", ") + c.name;
    marks += marks.empty() ? "?" : ", ?";
  }
  return "INSERT INTO " + t.name + " (" + cols + ") VALUES (" + marks + ")";
}

// One row's values as the columns' kinds say.
side_values values_of(const side_table& t, const side_cells& q) {
  side_values v;
  for (std::size_t i = 0; i < t.columns.size(); ++i) {
    const int at = static_cast<int>(i);
    if (q.null(at)) {
      v.emplace_back(std::nullopt);
      continue;
    }
    switch (t.columns[i].kind) {
      case side_value::kind::integer: v.emplace_back(q.num(at)); break;
      case side_value::kind::bytes: v.push_back(side_value::bytes(q.bytes(at))); break;
      default: v.emplace_back(q.text(at)); break;
    }
  }
  return v;
}

// Counts and digests a table: per row, SHA-256 of (kind, length, bytes) per value, summed
// lane by lane.
status digest(side_db& db, const side_table& t, std::int64_t& rows, std::string& hex) {
  std::array<std::uint64_t, 4> lanes{};
  rows = 0;
  auto s = db.query(select_sql(t).c_str(), {}, [&](const side_cells& q) {
    std::string enc;
    for (const auto& v : values_of(t, q)) {
      const std::string body = v.k == side_value::kind::integer ? std::to_string(v.i) : v.s;
      enc += std::to_string(static_cast<int>(v.k)) + ":" + std::to_string(body.size()) + ":" + body;
    }
    const std::string h = sha256(enc);
    for (std::size_t i = 0; i < lanes.size(); ++i) {
      std::uint64_t x = 0;
      std::memcpy(&x, h.data() + i * 8, 8);
      lanes[i] += x;
    }
    ++rows;
  });
  if (!s) return s;
  hex.clear();
  for (auto x : lanes) {
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(x));
    hex += buf;
  }
  return ok_status();
}

}  // namespace

result<std::vector<side_table_check>> copy_side_tables(side_db& from, side_db& to,
                                                       const std::vector<side_table>& tables) {
  auto s = to.in_transaction([&]() -> status {
    for (auto t = tables.rbegin(); t != tables.rend(); ++t) {
      if (auto r = to.exec(("DELETE FROM " + t->name).c_str()); !r) return std::move(r).err();
    }
    for (const auto& t : tables) {
      // Streamed: each row goes in as it is read (the source is another connection).
      const std::string ins = insert_sql(t);
      status failed = ok_status();
      auto q = from.query((select_sql(t) + " ORDER BY rowid").c_str(), {}, [&](const side_cells& c) {
        if (!failed) return;
        if (auto r = to.exec(ins.c_str(), values_of(t, c)); !r) failed = std::move(r).err();
      });
      if (!q) return q;
      if (!failed) return failed;
    }
    return ok_status();
  });
  if (!s) return std::move(s).err();
  std::vector<side_table_check> out;
  for (const auto& t : tables) {
    side_table_check c;
    c.name = t.name;
    if (auto d = digest(from, t, c.source_rows, c.source_digest); !d) return std::move(d).err();
    if (auto d = digest(to, t, c.target_rows, c.target_digest); !d) return std::move(d).err();
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace cunzhan::hub
